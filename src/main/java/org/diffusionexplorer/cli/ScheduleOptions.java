package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.json.ScheduleFiles;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that choose a noise schedule, shared by every command that needs one. */
final class ScheduleOptions {
    @Option(names = "--preset", paramLabel = "NAME", description = "linear, scaled-linear, cosine or sigmoid (default: linear)")
    String preset;

    @Option(names = "--in", paramLabel = "FILE.json", description = "read the schedule from a JSON file (as written by --out FILE.json)")
    Path in;

    @Option(names = "--beta-start", paramLabel = "B", description = "first β (linear, scaled-linear, sigmoid)")
    Double betaStart;

    @Option(names = "--beta-end", paramLabel = "B", description = "last β (linear, scaled-linear, sigmoid)")
    Double betaEnd;

    @Option(names = "--cosine-s", paramLabel = "S", description = "offset s of the cosine schedule (default 0.008)")
    Double cosineS;

    @Option(names = "--max-beta", paramLabel = "B", description = "upper clip of β for the cosine schedule (default 0.999)")
    Double maxBeta;

    @Option(names = "--sigmoid-range", paramLabel = "R", description = "the sigmoid schedule spans sigmoid(−R..R) (default 6)")
    Double sigmoidRange;

    @Option(names = "--zero-terminal-snr", description = "rescale to zero terminal SNR (Lin et al. 2023)")
    boolean zeroTerminalSnr;

    /** @param steps T from the command's own option (--steps or --diffusion-steps), or null for the default */
    ScheduleSpec toSpec(Integer steps) throws InputException {
        ScheduleSpec spec;
        if (in != null) {
            if (preset != null) throw new IllegalArgumentException("give either --preset or --in, not both");
            spec = ScheduleFiles.readJson(in);
            if (steps != null) spec = spec.withSteps(steps);
        } else {
            spec = ScheduleSpec.preset(preset == null ? "linear" : preset, steps, betaStart, betaEnd, cosineS, maxBeta, sigmoidRange, false);
        }
        return zeroTerminalSnr ? spec.withZeroTerminalSnr(true) : spec;
    }
}

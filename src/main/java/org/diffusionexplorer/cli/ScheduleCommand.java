package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.json.ScheduleFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Computes a noise schedule and writes its tables (CSV) or its spec (JSON).",
                "CSV columns: t,beta,alpha,alpha_bar,sqrt_alpha_bar,sqrt_one_minus_alpha_bar,log_snr"})
final class ScheduleCommand implements Callable<Integer> {
    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Option(names = "--steps", paramLabel = "T", description = "number of diffusion steps T, 2..100000 (default 1000)")
    Integer diffusionSteps;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.csv (tables) or FILE.json (spec)")
    Path out;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        if (!json && !name.endsWith(".csv")) throw new IllegalArgumentException("--out must end in .csv or .json (got " + out + ")");
        ScheduleSpec spec = schedule.toSpec(diffusionSteps);
        NoiseSchedule s = NoiseSchedule.of(spec);
        if (json) ScheduleFiles.writeJson(out, spec); else ScheduleFiles.writeCsv(out, s);
        return 0;
    }
}

package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;

import java.util.Locale;

/** The {@code sample} command line that reproduces a run of the Generate view (its defaults left out). */
final class CliCommand {
    static final String PREFIX = "java -jar diffusion-explorer.jar sample";

    private CliCommand() {
    }

    /**
     * @param cliModel the --model argument, or null when the source has no CLI form (then null is returned)
     * @param exact    an exact denoiser: add --size and the schedule
     */
    static String of(String cliModel, boolean exact, boolean images, int resolution, ScheduleSpec schedule, RunConfig rc, String out) {
        if (cliModel == null) return null;
        StringBuilder b = new StringBuilder(PREFIX);
        b.append(" --model ").append(quote(cliModel));
        if (exact) {
            b.append(" --size ").append(resolution);
            b.append(scheduleOptions(schedule));
        }
        SamplerConfig c = rc.config();
        b.append(" --sampler ").append(rc.kind().cliName).append(" --steps ").append(c.steps());
        if (c.karras()) {
            b.append(" --karras");
            if (c.rho() != 7) b.append(" --rho ").append(num(c.rho()));
            if (!Double.isNaN(c.sigmaMin())) b.append(" --sigma-min ").append(num(c.sigmaMin()));
            if (!Double.isNaN(c.sigmaMax())) b.append(" --sigma-max ").append(num(c.sigmaMax()));
        } else if (c.spacing() != TimestepSpacing.TRAILING) {
            b.append(" --spacing ").append(c.spacing().cliName());
        }
        if (c.eta() != 0) b.append(" --eta ").append(num(c.eta()));
        if (rc.kind() == SamplerKind.DDPM && c.fixedLarge()) b.append(" --variance fixed-large");
        if (images && !c.clipX0()) b.append(" --no-clip");
        b.append(" --count ").append(rc.count()).append(" --seed ").append(rc.seed());
        b.append(" --trajectory");
        if (images) b.append(" --npy");
        b.append(" --out ").append(out);
        return b.toString();
    }

    /** Preset options when the spec is a preset at T = 1000; otherwise --in with a file saved from the Schedule editor. */
    static String scheduleOptions(ScheduleSpec s) {
        String z = s.zeroTerminalSnr() ? " --zero-terminal-snr" : "";
        if (s.steps() != 1000) return " --in SCHEDULE.json" + z;
        return s.presetOptions(CliCommand::num).orElse(" --in SCHEDULE.json") + z;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%s", Double.toString(v)).replace("E", "e");
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}

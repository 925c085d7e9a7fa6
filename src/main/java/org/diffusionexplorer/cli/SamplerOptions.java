package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** The sampler and its options, shared by sample and export (one place for their names, checks and completion). */
final class SamplerOptions {
    @Option(names = "--sampler", defaultValue = "ddim", completionCandidates = Samplers.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; export: a comma list compares them side by side)")
    String sampler;

    @Option(names = "--steps", defaultValue = "50", description = "sampler steps N, 1..T (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM η (default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--spacing", defaultValue = "trailing", completionCandidates = Spacings.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    String spacing;

    @Option(names = "--karras", description = "use the Karras σ grid")
    boolean karras;

    @Option(names = "--rho", defaultValue = "7", description = "Karras ρ (default ${DEFAULT-VALUE})")
    double rho;

    @Option(names = "--sigma-min", description = "Karras σ_min (default: the schedule's)")
    Double sigmaMin;

    @Option(names = "--sigma-max", description = "Karras σ_max (default: the schedule's)")
    Double sigmaMax;

    @Option(names = "--variance", defaultValue = "fixed-small", completionCandidates = Variances.class,
            description = "DDPM variance: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    String variance;

    @Option(names = "--no-clip", description = "do not clip x̂_0 to [−1, 1] (images are clipped by default)")
    boolean noClip;

    /** The samplers named (a comma list for export). */
    List<SamplerKind> kinds() {
        return Arrays.stream(sampler.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(SamplerKind::parse).toList();
    }

    SamplerKind kind() {
        List<SamplerKind> k = kinds();
        if (k.size() != 1) throw new IllegalArgumentException("--sampler takes one sampler here (got '" + sampler + "')");
        return k.get(0);
    }

    /** Checks the values that need no model (NaN never quietly means "the default"). */
    void validate() {
        kinds();
        TimestepSpacing.parse(spacing);
        if (sigmaMin != null && !(sigmaMin > 0 && sigmaMin < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("--sigma-min must be a positive number (got " + sigmaMin + ")");
        if (sigmaMax != null && !(sigmaMax > 0 && sigmaMax < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("--sigma-max must be a positive number (got " + sigmaMax + ")");
        if (!(rho > 0 && rho < Double.POSITIVE_INFINITY)) throw new IllegalArgumentException("--rho must be a positive number (got " + rho + ")");
        if (!(eta >= 0 && eta <= 1)) throw new IllegalArgumentException("--eta must be between 0 and 1 (got " + eta + ")");
        if (!variance.equals("fixed-small") && !variance.equals("fixed-large")) throw new IllegalArgumentException("--variance must be fixed-small or fixed-large (got '" + variance + "')");
        if (steps < 1) throw new IllegalArgumentException("--steps must be at least 1 (got " + steps + ")");
    }

    /** Checks everything and builds the config for a schedule of T steps. */
    SamplerConfig config(int scheduleSteps, boolean images) {
        validate();
        TimestepSpacing sp = TimestepSpacing.parse(spacing);
        if (steps < 1 || steps > scheduleSteps) throw new IllegalArgumentException("--steps must be between 1 and T = " + scheduleSteps + " (got " + steps + ")");
        return new SamplerConfig(steps, sp, sp == TimestepSpacing.LEADING ? 1 : 0, eta, karras, rho,
                sigmaMin == null ? Double.NaN : sigmaMin, sigmaMax == null ? Double.NaN : sigmaMax, images && !noClip, variance.equals("fixed-large"));
    }

    static final class Samplers implements Iterable<String> {
        @Override public Iterator<String> iterator() { return Arrays.stream(SamplerKind.values()).map(k -> k.cliName).iterator(); }
    }

    static final class Spacings implements Iterable<String> {
        @Override public Iterator<String> iterator() { return Arrays.stream(TimestepSpacing.values()).map(TimestepSpacing::cliName).iterator(); }
    }

    static final class Variances implements Iterable<String> {
        @Override public Iterator<String> iterator() { return List.of("fixed-small", "fixed-large").iterator(); }
    }
}

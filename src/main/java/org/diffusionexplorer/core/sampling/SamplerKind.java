package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The samplers, by their CLI names. */
public enum SamplerKind {
    DDPM("ddpm", "DDPM ancestral (Ho et al. 2020)", true),
    DDIM("ddim", "DDIM (Song et al. 2021), η = 0 deterministic", false),
    EULER("euler", "Euler (Karras et al. 2022)", false),
    EULER_ANCESTRAL("euler-a", "Euler ancestral", true),
    HEUN("heun", "Heun, 2nd order, 2 model calls per step", false),
    DPMPP_2M("dpmpp-2m", "DPM-Solver++(2M) (Lu et al. 2022)", false);

    public final String cliName, description;
    /** Whether it draws fresh noise at each step (DDIM is stochastic only with η > 0). */
    public final boolean stochastic;

    SamplerKind(String cliName, String description, boolean stochastic) {
        this.cliName = cliName;
        this.description = description;
        this.stochastic = stochastic;
    }

    public static SamplerKind parse(String s) {
        String k = s.toLowerCase(Locale.ROOT).replace('_', '-');
        for (SamplerKind v : values()) if (v.cliName.equals(k)) return v;
        if (k.equals("euler-ancestral")) return EULER_ANCESTRAL;
        if (k.equals("dpm++2m") || k.equals("dpmpp2m") || k.equals("dpm-solver++")) return DPMPP_2M;
        throw new IllegalArgumentException("sampler must be one of " + names() + " (got '" + s + "')");
    }

    public static String names() {
        return Arrays.stream(values()).map(v -> v.cliName).collect(Collectors.joining(", "));
    }

    public Sampler create(NoiseSchedule schedule, SamplerConfig config) {
        return switch (this) {
            case DDPM -> new DdpmSampler(schedule, config);
            case DDIM -> new DdimSampler(schedule, config);
            case EULER -> new EulerSampler(schedule, config, false);
            case EULER_ANCESTRAL -> new EulerSampler(schedule, config, true);
            case HEUN -> new HeunSampler(schedule, config);
            case DPMPP_2M -> new DpmSolverPlusPlus2MSampler(schedule, config);
        };
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.KarrasSigmas;
import org.diffusionexplorer.core.schedule.TimestepSpacing;

/**
 * Options of a sampling run.
 *
 * @param steps        N, the number of sampler steps (1..T)
 * @param spacing      which timesteps are visited (ignored with a Karras grid)
 * @param stepsOffset  added to "leading" timesteps (diffusers' steps_offset)
 * @param eta          DDIM's η (0 deterministic, 1 DDPM-like)
 * @param karras       use the Karras σ grid instead of the spacing
 * @param rho          Karras ρ
 * @param sigmaMin     Karras σ_min (NaN: the schedule's)
 * @param sigmaMax     Karras σ_max (NaN: the schedule's)
 * @param clipX0       clip x̂_0 to [−1, 1] (images)
 * @param fixedLarge   DDPM variance β'_t ("fixed large") instead of β̃ ("fixed small")
 */
public record SamplerConfig(int steps, TimestepSpacing spacing, int stepsOffset, double eta, boolean karras, double rho,
                            double sigmaMin, double sigmaMax, boolean clipX0, boolean fixedLarge) {
    public SamplerConfig {
        if (steps < 1) throw new IllegalArgumentException("steps must be at least 1 (got " + steps + ")");
        if (!(eta >= 0 && eta <= 10)) throw new IllegalArgumentException("eta must be between 0 and 10 (got " + eta + ")");
        if (spacing == null) throw new IllegalArgumentException("spacing is missing");
    }

    public static SamplerConfig of(int steps) {
        return new SamplerConfig(steps, TimestepSpacing.TRAILING, 0, 0.0, false, KarrasSigmas.DEFAULT_RHO,
                Double.NaN, Double.NaN, false, false);
    }

    public SamplerConfig withSpacing(TimestepSpacing s) {
        return new SamplerConfig(steps, s, stepsOffset, eta, karras, rho, sigmaMin, sigmaMax, clipX0, fixedLarge);
    }

    public SamplerConfig withEta(double e) {
        return new SamplerConfig(steps, spacing, stepsOffset, e, karras, rho, sigmaMin, sigmaMax, clipX0, fixedLarge);
    }

    public SamplerConfig withKarras(boolean k) {
        return new SamplerConfig(steps, spacing, stepsOffset, eta, k, rho, sigmaMin, sigmaMax, clipX0, fixedLarge);
    }

    public SamplerConfig withClip(boolean c) {
        return new SamplerConfig(steps, spacing, stepsOffset, eta, karras, rho, sigmaMin, sigmaMax, c, fixedLarge);
    }

    public SamplerConfig withFixedLarge(boolean f) {
        return new SamplerConfig(steps, spacing, stepsOffset, eta, karras, rho, sigmaMin, sigmaMax, clipX0, f);
    }

    public SamplerConfig withSteps(int n) {
        return new SamplerConfig(n, spacing, stepsOffset, eta, karras, rho, sigmaMin, sigmaMax, clipX0, fixedLarge);
    }
}

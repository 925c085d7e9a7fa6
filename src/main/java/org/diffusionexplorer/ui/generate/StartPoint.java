package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;

import java.util.Arrays;

/**
 * Starting a sampler part-way down (a branch from step k, SDEdit from a noised image): the sampler's grid must begin
 * at the noise level of the given x. With a timestep spacing, the schedule is cut after timestep t (its first t+1
 * β's, so ᾱ is unchanged there) and "trailing" spacing starts exactly at t; with a Karras grid, σ_max is set to σ(t).
 */
public record StartPoint(NoiseSchedule schedule, SamplerConfig config) {
    /**
     * @param full  the full schedule
     * @param tTop  the timestep x is at (rounded for a spacing grid)
     * @param sigma σ at x, used for a Karras grid
     */
    public static StartPoint at(NoiseSchedule full, double tTop, double sigma, SamplerConfig c) {
        if (c.karras()) {
            return new StartPoint(full, new SamplerConfig(c.steps(), c.spacing(), 0, c.eta(), true, c.rho(), c.sigmaMin(), sigma, c.clipX0(), c.fixedLarge()));
        }
        int t = (int) Math.max(1, Math.min(full.steps() - 1, Math.round(tTop)));
        SamplerConfig trailing = new SamplerConfig(c.steps(), TimestepSpacing.TRAILING, 0, c.eta(), false, c.rho(), c.sigmaMin(), c.sigmaMax(), c.clipX0(), c.fixedLarge());
        if (t == full.steps() - 1) return new StartPoint(full, trailing);
        if (c.steps() > t + 1) throw new IllegalArgumentException("from t = " + t + " at most " + (t + 1) + " steps are possible (got " + c.steps() + ")");
        return new StartPoint(truncate(full, t), trailing);
    }

    /** The schedule's timesteps 0..t (the same ᾱ there). */
    static NoiseSchedule truncate(NoiseSchedule full, int t) {
        return NoiseSchedule.of(new ScheduleSpec.Explicit(Arrays.copyOf(full.betas(), t + 1), false));
    }
}

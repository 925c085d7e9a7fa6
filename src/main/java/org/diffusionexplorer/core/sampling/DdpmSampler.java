package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * DDPM ancestral sampling (Ho et al. 2020, eq. 7), generalised to strided grids with β'_t = 1 − ᾱ/ᾱ':
 * <pre>
 * 1. μ = √ᾱ'·β'/(1−ᾱ)·x̂_0 + √(1−β')·(1−ᾱ')/(1−ᾱ)·x_t              posterior mean q(x_{t'} | x_t, x̂_0)
 * 2. var = β̃ = (1−ᾱ')/(1−ᾱ)·β' (fixed small, ≥ 1e-20) or β' (fixed large)
 * 3. x_{t'} = μ + √var·z    (no noise on the last step)
 * </pre>
 */
final class DdpmSampler extends Sampler {
    DdpmSampler(NoiseSchedule schedule, SamplerConfig config) {
        super(schedule, config);
    }

    @Override
    protected Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise) {
        double betaP = 1 - ab / abNext;
        double cX0 = Math.sqrt(abNext) * betaP / (1 - ab);
        double cXt = Math.sqrt(1 - betaP) * (1 - abNext) / (1 - ab);
        double var = config.fixedLarge() ? betaP : Math.max(1e-20, (1 - abNext) / (1 - ab) * betaP);
        Tensor next = combine(cX0, e.x0(), cXt, x, Math.sqrt(var), noise.z(i));
        return next;
    }
}

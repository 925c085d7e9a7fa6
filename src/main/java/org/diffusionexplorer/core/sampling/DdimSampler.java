package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * DDIM (Song et al. 2021, eq. 12):
 * <pre>
 * 1. σ = η·√((1−ᾱ')/(1−ᾱ))·√(1−ᾱ/ᾱ')
 * 2. x_{t'} = √ᾱ'·x̂_0 + √(1−ᾱ'−σ²)·ε̂ + σ·z      (η = 0: deterministic, no z drawn)
 * </pre>
 */
final class DdimSampler extends Sampler {
    DdimSampler(NoiseSchedule schedule, SamplerConfig config) {
        super(schedule, config);
    }

    @Override
    protected Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise) {
        double sigma = config.eta() * Math.sqrt((1 - abNext) / (1 - ab)) * Math.sqrt(1 - ab / abNext);
        double dir = Math.sqrt(Math.max(0, 1 - abNext - sigma * sigma));
        Tensor next = sigma > 0
                ? combine(Math.sqrt(abNext), e.x0(), dir, e.eps(), sigma, noise.z(i))
                : combine(Math.sqrt(abNext), e.x0(), dir, e.eps(), 0, null);
        return next;
    }
}

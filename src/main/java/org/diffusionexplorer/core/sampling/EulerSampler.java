package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * Euler in σ-space (Karras et al. 2022, Algorithm 2 without churn), and Euler ancestral (k-diffusion):
 * <pre>
 * 1. x̃ = x/√ᾱ, σ = √((1−ᾱ)/ᾱ)                      VP → σ-space; the model sees x = x̃/√(σ²+1)
 * 2. d = (x̃ − x̂_0)/σ                                the ODE's derivative dx̃/dσ
 * 3. Euler:     x̃' = x̃ + d·(σ' − σ)
 *    ancestral: σ_up = √(σ'²(σ²−σ'²)/σ²), σ_down = √(σ'² − σ_up²); x̃' = x̃ + d·(σ_down − σ) + σ_up·z
 * 4. x' = x̃'·√ᾱ'                                    back to VP space
 * </pre>
 * Without churn Euler equals DDIM(η = 0).
 */
final class EulerSampler extends Sampler {
    private final boolean ancestral;

    EulerSampler(NoiseSchedule schedule, SamplerConfig config, boolean ancestral) {
        super(schedule, config);
        this.ancestral = ancestral;
        if (grid.alphaBar()[0] <= 0) {
            throw new IllegalArgumentException("Euler-type samplers need a finite σ_max; with zero terminal SNR use "
                    + "ddpm or ddim, or a Karras grid");
        }
    }

    @Override
    protected Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise) {
        double s = grid.sigma(i), sN = grid.sigma(i + 1), a = Math.sqrt(ab), aN = Math.sqrt(abNext);
        // x̃' = x̃ + (x̃ − x̂_0)/σ·(σ_to − σ) = (σ_to/σ)·x̃ + (1 − σ_to/σ)·x̂_0, with x̃ = x/a
        Tensor next;
        if (!ancestral) {
            double r = sN / s;
            next = combine(aN * r / a, x, aN * (1 - r), e.x0(), 0, null);
        } else {
            double up = Math.sqrt(Math.max(0, sN * sN * (s * s - sN * sN) / (s * s)));
            double down = Math.sqrt(Math.max(0, sN * sN - up * up));
            double r = down / s;
            next = combine(aN * r / a, x, aN * (1 - r), e.x0(), aN * up, noise.z(i));
        }
        return next;
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * DPM-Solver++(2M), multistep data-prediction solver (Lu et al. 2022, Algorithm 2), with α_t = √ᾱ, σ_t = √(1−ᾱ),
 * λ = ln α_t − ln σ_t, h = λ' − λ:
 * <pre>
 * 1. first step (and the last when N &lt; 15): D = x̂_0                                   (equals DDIM η = 0)
 *    otherwise r = h_prev/h, D = (1 + 1/(2r))·x̂_0 − (1/(2r))·x̂_0,prev
 * 2. x' = (σ'_t/σ_t)·x − α'_t·(e^{−h} − 1)·D
 * </pre>
 * Keeps x̂_0 and h of the previous step, so one instance serves one run.
 */
final class DpmSolverPlusPlus2MSampler extends Sampler {
    private Tensor prevX0;
    private double prevH = Double.NaN;

    DpmSolverPlusPlus2MSampler(NoiseSchedule schedule, SamplerConfig config) {
        super(schedule, config);
    }

    @Override
    protected Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise) {
        double at = Math.sqrt(ab), st = Math.sqrt(1 - ab), aN = Math.sqrt(abNext), sN = Math.sqrt(1 - abNext);
        double lambda = Math.log(at) - Math.log(st), lambdaN = Math.log(aN) - Math.log(sN);
        double h = lambdaN - lambda;
        boolean lowerOrderFinal = i == grid.steps() - 2 && grid.steps() < 15;
        Tensor d = e.x0();
        if (prevX0 != null && !lowerOrderFinal && Double.isFinite(prevH) && Double.isFinite(lambda)) {
            double r = prevH / h;
            d = combine(1 + 1 / (2 * r), e.x0(), -1 / (2 * r), prevX0, 0, null);
        }
        double cx = st > 0 ? sN / st : 0, cd = -aN * Math.expm1(-h);
        Tensor next = combine(cx, x, cd, d, 0, null);
        prevX0 = e.x0();
        prevH = h;
        return next;
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * Heun's method in σ-space (Karras et al. 2022, Algorithm 1 without churn), two model calls per step:
 * <pre>
 * 1. d1 = (x̃ − x̂_0(x̃, σ))/σ
 * 2. x̃e = x̃ + d1·(σ' − σ)                     Euler predictor
 * 3. d2 = (x̃e − x̂_0(x̃e, σ'))/σ'               derivative at the predicted point
 * 4. x̃' = x̃ + ½(d1 + d2)·(σ' − σ)             trapezoidal corrector; the last step (σ' = 0) is plain Euler
 * </pre>
 */
final class HeunSampler extends Sampler {
    HeunSampler(NoiseSchedule schedule, SamplerConfig config) {
        super(schedule, config);
        if (grid.alphaBar()[0] <= 0) throw new IllegalArgumentException("Heun needs a finite σ_max; with zero terminal SNR use ddpm or ddim");
    }

    @Override
    protected int modelCallsPerStep() {
        return 2;
    }

    @Override
    protected Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise) {
        double s = grid.sigma(i), sN = grid.sigma(i + 1), a = Math.sqrt(ab), aN = Math.sqrt(abNext);
        float[] xv = x.data(), x0 = e.x0().data();
        int n = xv.length;
        double[] xs = new double[n], d1 = new double[n];
        float[] pred = new float[n];
        for (int k = 0; k < n; k++) {
            xs[k] = xv[k] / a;
            d1[k] = (xs[k] - x0[k]) / s;
            pred[k] = (float) ((xs[k] + d1[k] * (sN - s)) * aN); // VP space for the model
        }
        Estimate e2 = model.at(new Tensor(pred, x.shape()), grid.t()[i + 1], abNext);
        float[] x02 = e2.x0().data(), out = new float[n];
        for (int k = 0; k < n; k++) {
            double xe = pred[k] / aN, d2 = (xe - x02[k]) / sN;
            out[k] = (float) ((xs[k] + 0.5 * (d1[k] + d2) * (sN - s)) * aN);
        }
        return new Tensor(out, x.shape());
    }
}

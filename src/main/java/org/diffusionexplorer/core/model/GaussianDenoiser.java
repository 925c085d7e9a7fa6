package org.diffusionexplorer.core.model;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * The optimal denoiser for Gaussian data N(μ, s²·I): E[x_0 | x_t] = μ + √ᾱ·s²/(ᾱ·s² + 1 − ᾱ)·(x_t − √ᾱ·μ).
 */
public final class GaussianDenoiser implements Denoiser {
    private final NoiseSchedule schedule;
    private final float[] mean;
    private final double variance;
    private final int[] itemShape;

    public GaussianDenoiser(NoiseSchedule schedule, float[] mean, double variance, int... itemShape) {
        if (!(variance > 0)) throw new IllegalArgumentException("variance must be positive");
        this.schedule = schedule;
        this.mean = mean.clone();
        this.variance = variance;
        this.itemShape = itemShape.length == 0 ? new int[]{mean.length} : itemShape.clone();
    }

    @Override public Prediction prediction() { return Prediction.SAMPLE; }
    @Override public int[] itemShape() { return itemShape.clone(); }

    @Override
    public Tensor predict(Tensor xt, double[] t) {
        int batch = xt.dim(0), d = mean.length;
        float[] out = new float[xt.size()], x = xt.data();
        for (int b = 0; b < batch; b++) {
            double ab = schedule.alphaBarAt(t[b]), a = Math.sqrt(ab);
            double gain = a * variance / (ab * variance + 1 - ab);
            for (int k = 0; k < d; k++) out[b * d + k] = (float) (mean[k] + gain * (x[b * d + k] - a * mean[k]));
        }
        return new Tensor(out, xt.shape());
    }
}

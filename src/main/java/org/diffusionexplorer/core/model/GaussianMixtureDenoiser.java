package org.diffusionexplorer.core.model;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * The optimal denoiser for a mixture Σ_k π_k·N(μ_k, s_k²·I): the posterior over components,
 * p(k | x_t) ∝ π_k·N(x_t; √ᾱ·μ_k, (ᾱ·s_k² + 1 − ᾱ)·I) (log-sum-exp), times each component's Gaussian posterior mean.
 * With classes (each component belongs to one), it is also the exact class-conditional denoiser E[x_0 | x_t, c]:
 * the same sum over the components of class c only (weights renormalised); "no class" (−1) is the whole mixture.
 * So classifier-free guidance of this denoiser is known in closed form at every step.
 */
public final class GaussianMixtureDenoiser implements Denoiser {
    private final NoiseSchedule schedule;
    private final double[] logWeights, variances;
    private final float[][] means;
    private final int dim;
    private final int[] classOf;
    private final int classes;

    public GaussianMixtureDenoiser(NoiseSchedule schedule, double[] weights, float[][] means, double[] variances) {
        this(schedule, weights, means, variances, null, 0);
    }

    /** @param classOf the class of each component (0..classes−1), or null for an unconditional mixture */
    public GaussianMixtureDenoiser(NoiseSchedule schedule, double[] weights, float[][] means, double[] variances, int[] classOf, int classes) {
        if (weights.length != means.length || weights.length != variances.length || weights.length == 0) {
            throw new IllegalArgumentException("weights, means and variances must have the same non-zero length");
        }
        this.schedule = schedule;
        this.dim = means[0].length;
        this.means = means.clone();
        this.variances = variances.clone();
        double total = 0;
        for (double w : weights) total += w;
        logWeights = new double[weights.length];
        for (int k = 0; k < weights.length; k++) logWeights[k] = Math.log(weights[k] / total);
        if (classOf != null) {
            if (classOf.length != weights.length) throw new IllegalArgumentException("one class per component");
            for (int c : classOf) if (c < 0 || c >= classes) throw new IllegalArgumentException("component class " + c + " outside 0.." + (classes - 1));
        }
        this.classOf = classOf == null ? null : classOf.clone();
        this.classes = classOf == null ? 0 : classes;
    }

    @Override public int classes() { return classes; }

    @Override
    public Tensor predict(Tensor xt, double[] t, int[] labels) {
        if (labels == null) return predict(xt, t);
        if (classOf == null) return Denoiser.super.predict(xt, t, labels);
        for (int l : labels) if (l < -1 || l >= classes) throw new IllegalArgumentException("class " + l + " outside 0.." + (classes - 1));
        return posteriorMean(xt, t, labels);
    }

    @Override public Prediction prediction() { return Prediction.SAMPLE; }
    @Override public int[] itemShape() { return new int[]{dim}; }

    @Override
    public Tensor predict(Tensor xt, double[] t) {
        return posteriorMean(xt, t, null);
    }

    /** E[x_0 | x_t] over the components of each item's class (all components for −1 or null labels). */
    private Tensor posteriorMean(Tensor xt, double[] t, int[] labels) {
        int batch = xt.dim(0), K = means.length;
        float[] x = xt.data(), out = new float[xt.size()];
        double[] logp = new double[K];
        for (int b = 0; b < batch; b++) {
            double ab = schedule.alphaBarAt(t[b]), a = Math.sqrt(ab);
            double max = Double.NEGATIVE_INFINITY;
            int cls = labels == null ? -1 : labels[b];
            for (int k = 0; k < K; k++) {
                if (cls >= 0 && classOf[k] != cls) {
                    logp[k] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double v = ab * variances[k] + 1 - ab, d2 = 0;
                for (int j = 0; j < dim; j++) {
                    double diff = x[b * dim + j] - a * means[k][j];
                    d2 += diff * diff;
                }
                logp[k] = logWeights[k] - 0.5 * dim * Math.log(v) - d2 / (2 * v);
                max = Math.max(max, logp[k]);
            }
            double sum = 0;
            for (int k = 0; k < K; k++) sum += logp[k] = Math.exp(logp[k] - max);
            for (int j = 0; j < dim; j++) {
                double acc = 0;
                for (int k = 0; k < K; k++) {
                    double v = ab * variances[k] + 1 - ab;
                    double gain = a * variances[k] / v;
                    acc += logp[k] / sum * (means[k][j] + gain * (x[b * dim + j] - a * means[k][j]));
                }
                out[b * dim + j] = (float) acc;
            }
        }
        return new Tensor(out, xt.shape());
    }
}

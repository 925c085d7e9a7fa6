package org.diffusionexplorer.core.model;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The optimal denoiser for an empirical data set p(x_0) = (1/n)·Σ_i δ(x_0 − y_i): E[x_0 | x_t] = Σ_i w_i·y_i with
 * w = softmax_i(−‖x_t − √ᾱ_t·y_i‖² / (2(1−ᾱ_t))), computed with log-sum-exp so it stays finite at every t.
 * A real reverse process with no training: a deterministic sampler run with one image ends on that image.
 */
public final class EmpiricalDenoiser implements Denoiser {
    private final NoiseSchedule schedule;
    private final float[][] data;
    private final double[] sqNorm;
    private final int[] itemShape;

    /** @param data n×(item shape) tensor of the data points, in model space */
    public EmpiricalDenoiser(NoiseSchedule schedule, Tensor data) {
        if (data.rank() < 2) throw new IllegalArgumentException("data must be n×item");
        this.schedule = schedule;
        int n = data.dim(0);
        this.itemShape = Arrays.copyOfRange(data.shape(), 1, data.rank());
        this.data = new float[n][];
        this.sqNorm = new double[n];
        for (int i = 0; i < n; i++) {
            this.data[i] = data.item(i).data();
            double s = 0;
            for (float v : this.data[i]) s += (double) v * v;
            sqNorm[i] = s;
        }
    }

    @Override public Prediction prediction() { return Prediction.SAMPLE; }
    @Override public int[] itemShape() { return itemShape.clone(); }
    public int size() { return data.length; }

    @Override
    public Tensor predict(Tensor xt, double[] t) {
        int batch = xt.dim(0), d = xt.size() / batch;
        float[] out = new float[xt.size()];
        IntStream range = IntStream.range(0, batch);
        (batch > 1 ? range.parallel() : range).forEach(b -> denoiseOne(xt.data(), b * d, d, schedule.alphaBarAt(t[b]), out));
        return new Tensor(out, xt.shape());
    }

    /** The posterior weights w_i for one item (exposed for tests and the UI's "which image is it becoming"). */
    public double[] weights(float[] x, int off, int d, double alphaBar) {
        int n = data.length;
        double a = Math.sqrt(alphaBar), var = 1 - alphaBar;
        double xx = 0;
        for (int k = 0; k < d; k++) xx += (double) x[off + k] * x[off + k];
        double[] logits = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float[] y = data[i];
            double dot = 0;
            for (int k = 0; k < d; k++) dot += (double) x[off + k] * y[k];
            double dist = Math.max(0, xx - 2 * a * dot + alphaBar * sqNorm[i]);
            logits[i] = var > 0 ? -dist / (2 * var) : (dist == 0 ? 0 : Double.NEGATIVE_INFINITY);
            max = Math.max(max, logits[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) { // ᾱ = 1 and x matches no point exactly: nearest point
            for (int i = 0; i < n; i++) logits[i] = -distance(x, off, d, data[i]);
            max = Double.NEGATIVE_INFINITY;
            for (double l : logits) max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) sum += logits[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < n; i++) logits[i] /= sum;
        return logits;
    }

    private static double distance(float[] x, int off, int d, float[] y) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double diff = x[off + k] - y[k];
            s += diff * diff;
        }
        return s;
    }

    private void denoiseOne(float[] x, int off, int d, double alphaBar, float[] out) {
        double[] w = weights(x, off, d, alphaBar);
        double[] acc = new double[d];
        for (int i = 0; i < w.length; i++) {
            if (w[i] < 1e-300) continue;
            float[] y = data[i];
            if (w[i] == 1.0) { // exactly one point: copy it bit for bit
                for (int k = 0; k < d; k++) out[off + k] = y[k];
                return;
            }
            for (int k = 0; k < d; k++) acc[k] += w[i] * y[k];
        }
        for (int k = 0; k < d; k++) out[off + k] = (float) acc[k];
    }
}

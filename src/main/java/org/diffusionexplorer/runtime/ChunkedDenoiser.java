package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Arrays;

/** A network as a {@link Denoiser}: batches go through {@link #forward} in chunks of {@link #CHUNK}; calls are serialised. */
abstract class ChunkedDenoiser implements Denoiser {
    static final int CHUNK = 64;

    /** One chunk: m items of x (row-major), their timesteps and labels (null: no class). */
    protected abstract float[] forward(float[] x, int m, double[] t, int[] labels);

    @Override
    public Tensor predict(Tensor xt, double[] t) {
        return predict(xt, t, null);
    }

    @Override
    public synchronized Tensor predict(Tensor xt, double[] t, int[] labels) {
        int n = xt.dim(0), per = xt.size() / n;
        float[] out = new float[xt.size()];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            float[] x = Arrays.copyOfRange(xt.data(), from * per, (from + m) * per);
            float[] y = forward(x, m, Arrays.copyOfRange(t, from, from + m), labels == null ? null : Arrays.copyOfRange(labels, from, from + m));
            System.arraycopy(y, 0, out, from * per, m * per);
        }
        return new Tensor(out, xt.shape());
    }
}

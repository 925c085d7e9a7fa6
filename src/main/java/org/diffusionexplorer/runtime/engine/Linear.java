package org.diffusionexplorer.runtime.engine;

import java.util.List;
import java.util.SplittableRandom;

/** y = x·Wᵀ + b on row-major [batch][features] arrays (the time MLP and the per-block time projections). */
final class Linear {
    final Param weight, bias;
    final int in, out;
    private float[] input;
    private int batch;

    Linear(String name, int in, int out, boolean zeroInit, SplittableRandom rng, List<Param> registry) {
        this.in = in;
        this.out = out;
        weight = new Param(name + ".weight", new long[]{out, in}, false);
        bias = new Param(name + ".bias", new long[]{out}, false);
        double bound = zeroInit ? 0 : 1 / Math.sqrt(in);
        Init.uniform(weight.value, bound, rng);
        Init.uniform(bias.value, bound, rng);
        registry.add(weight);
        registry.add(bias);
    }

    float[] forward(float[] x, int batch, boolean keep) {
        float[] y = new float[batch * out];
        for (int b = 0; b < batch; b++) System.arraycopy(bias.value, 0, y, b * out, out);
        Blas.gemm(false, true, batch, out, in, x, in, weight.value, in, true, y, out);
        if (keep) {
            input = x;
            this.batch = batch;
        }
        return y;
    }

    float[] backward(float[] dy) {
        for (int b = 0; b < batch; b++) for (int o = 0; o < out; o++) bias.grad[o] += dy[b * out + o];
        Blas.gemm(true, false, out, in, batch, dy, out, input, in, true, weight.grad, in);
        float[] dx = new float[batch * in];
        Blas.gemm(false, false, batch, in, out, dy, out, weight.value, in, false, dx, in);
        input = null;
        return dx;
    }

    static float[] silu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * FastMath.sigmoid(x[i]);
        return y;
    }

    /** dL/dx of SiLU at x. */
    static float[] siluBackward(float[] x, float[] dy) {
        float[] dx = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float s = FastMath.sigmoid(x[i]);
            dx[i] = dy[i] * s * (1f + x[i] * (1f - s));
        }
        return dx;
    }
}

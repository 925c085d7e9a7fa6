package org.diffusionexplorer.runtime.engine;

import java.util.Arrays;

/**
 * A trainable tensor: values, gradient, and its name and shape in the file (PyTorch) layout. Conv weights are kept
 * as [k][out][in] (k = ky·3 + kx, one GEMM per kernel tap); {@link #toFileLayout} / {@link #fromFileLayout} convert to
 * and from [out][in][ky][kx].
 */
public final class Param {
    public final String name;
    public final long[] fileShape;
    public final float[] value, grad;
    final boolean conv;

    Param(String name, long[] fileShape, boolean conv) {
        this.name = name;
        this.fileShape = fileShape.clone();
        long n = 1;
        for (long d : fileShape) n *= d;
        this.value = new float[(int) n];
        this.grad = new float[(int) n];
        this.conv = conv;
    }

    public int size() { return value.length; }

    public float[] toFileLayout() {
        if (!conv || fileShape[2] == 1) return value.clone();
        int out = (int) fileShape[0], in = (int) fileShape[1], kk = (int) (fileShape[2] * fileShape[3]);
        float[] f = new float[value.length];
        for (int k = 0; k < kk; k++)
            for (int o = 0; o < out; o++)
                for (int i = 0; i < in; i++) f[(o * in + i) * kk + k] = value[(k * out + o) * in + i];
        return f;
    }

    public void fromFileLayout(float[] f) {
        if (f.length != value.length) throw new IllegalArgumentException(name + ": expected " + value.length + " values, got " + f.length);
        if (!conv || fileShape[2] == 1) {
            System.arraycopy(f, 0, value, 0, f.length);
            return;
        }
        int out = (int) fileShape[0], in = (int) fileShape[1], kk = (int) (fileShape[2] * fileShape[3]);
        for (int k = 0; k < kk; k++)
            for (int o = 0; o < out; o++)
                for (int i = 0; i < in; i++) value[(k * out + o) * in + i] = f[(o * in + i) * kk + k];
    }

    void zeroGrad() {
        Arrays.fill(grad, 0f);
    }
}

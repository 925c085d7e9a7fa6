package org.diffusionexplorer.runtime.engine;

/**
 * An activation in channel-major layout [c][n][h][w]: each channel is one contiguous plane of n·h·w values, so a
 * 1×1 convolution is a single GEMM over [c, n·h·w] and concatenation along channels is array concatenation.
 */
final class Act {
    final int c, n, h, w;
    final float[] data;

    Act(int c, int n, int h, int w) {
        this(c, n, h, w, Arena.zeroed(c * n * h * w));
    }

    Act(int c, int n, int h, int w, float[] data) {
        if (data.length != c * n * h * w) throw new IllegalArgumentException("size mismatch");
        this.c = c;
        this.n = n;
        this.h = h;
        this.w = w;
        this.data = data;
    }

    int plane() { return n * h * w; }

    Act like() { return new Act(c, n, h, w); }

    /** An activation whose values the caller will all overwrite (no zeroing). */
    static Act uninit(int c, int n, int h, int w) {
        return new Act(c, n, h, w, Arena.uninit(c * n * h * w));
    }

    Act likeUninit() { return uninit(c, n, h, w); }

    /** a's channels, then b's (one copy job per channel plane, so both cores copy). */
    static Act concat(Act a, Act b) {
        float[] d = Arena.uninit(a.data.length + b.data.length);
        int p = a.plane();
        Par.each(a.c + b.c, p, ch -> {
            if (ch < a.c) System.arraycopy(a.data, ch * p, d, ch * p, p);
            else System.arraycopy(b.data, (ch - a.c) * p, d, ch * p, p);
        });
        return new Act(a.c + b.c, a.n, a.h, a.w, d);
    }

    /** Splits a gradient of a concatenation back into its parts' channel counts. */
    Act[] split(int c1) {
        int p = plane();
        float[] d1 = Arena.uninit(c1 * p), d2 = Arena.uninit(data.length - c1 * p);
        Par.each(c, p, ch -> {
            if (ch < c1) System.arraycopy(data, ch * p, d1, ch * p, p);
            else System.arraycopy(data, ch * p, d2, (ch - c1) * p, p);
        });
        return new Act[]{new Act(c1, n, h, w, d1), new Act(c - c1, n, h, w, d2)};
    }

    /** From the batch layout [n][c][h][w] (the app's tensors). */
    static Act fromNchw(float[] x, int n, int c, int h, int w) {
        Act a = uninit(c, n, h, w);
        int hw = h * w;
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++) System.arraycopy(x, (i * c + ch) * hw, a.data, (ch * n + i) * hw, hw);
        return a;
    }

    float[] toNchw() {
        float[] out = new float[data.length];
        int hw = h * w;
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++) System.arraycopy(data, (ch * n + i) * hw, out, (i * c + ch) * hw, hw);
        return out;
    }

    void addInPlace(Act o) {
        float[] a = data, b = o.data;
        Par.each(c, plane(), ch -> {
            int p = plane(), off = ch * p;
            for (int i = off; i < off + p; i++) a[i] += b[i];
        });
    }
}

package org.diffusionexplorer.runtime.engine;

import java.util.Arrays;
import java.util.List;

/**
 * GroupNorm (Wu and He 2018, ε = 1e-5 as PyTorch) followed by SiLU (optional):
 * x̂ = (x − μ_{n,g})/√(σ²_{n,g} + ε), z = γ_c·x̂ + β_c, y = z·sigmoid(z).
 * Backward per group with M values: dx = rstd/M·(M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), dx̂ = dz·γ.
 */
final class GroupNormSilu {
    static final float EPS = 1e-5f;
    final Param gamma, beta;
    final int channels, groups;
    final boolean silu;
    private float[] xhat, rstd;
    private Act shape;

    GroupNormSilu(String name, int channels, int groups, boolean silu, List<Param> registry) {
        int g = Math.min(groups, channels);
        while (channels % g != 0) g--;
        this.channels = channels;
        this.groups = g;
        this.silu = silu;
        gamma = new Param(name + ".weight", new long[]{channels}, false);
        beta = new Param(name + ".bias", new long[]{channels}, false);
        Arrays.fill(gamma.value, 1f);
        registry.add(gamma);
        registry.add(beta);
    }

    Act forward(Act x, boolean keep) {
        long t0 = Profile.start();
        int cg = channels / groups, p = x.plane(), hw = x.h * x.w, n = x.n;
        float[] xh = keep ? Arena.uninit(x.data.length) : null, rs = new float[n * groups]; // x̂ only for backward
        Act y = x.likeUninit();
        float[] d = x.data, out = y.data, gm = gamma.value, bt = beta.value;
        Par.each(n * groups, (long) cg * hw, job -> {
            int i = job / groups, g = job % groups;
            boolean vec = VecSupport.enabled();
            double sum = 0;
            for (int c = g * cg; c < (g + 1) * cg; c++) sum += sum(d, c * p + i * hw, hw);
            float m = (float) (sum / (cg * hw));
            double sq = 0;
            for (int c = g * cg; c < (g + 1) * cg; c++) sq += centredSquares(d, c * p + i * hw, hw, m);
            float r = (float) (1 / Math.sqrt(sq / (cg * hw) + EPS));
            rs[job] = r;
            if (vec) {
                for (int c = g * cg; c < (g + 1) * cg; c++) VecNorm.normalise(d, xh, out, c * p + i * hw, hw, m, r, gm[c], bt[c], silu);
                return;
            }
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gc = gm[c], bc = bt[c];
                for (int k = off; k < off + hw; k++) {
                    float xv = (d[k] - m) * r;
                    if (xh != null) xh[k] = xv;
                    float z = gc * xv + bc;
                    out[k] = silu ? z * FastMath.sigmoid(z) : z;
                }
            }
        });
        if (keep) {
            xhat = xh;
            rstd = rs;
            shape = x;
        }
        Profile.lap("groupnorm.fwd", t0);
        return y;
    }

    /** Σ d[off..off+len): vectorised, or with four independent accumulators (breaks the add latency chain). */
    static double sum(float[] d, int off, int len) {
        if (VecSupport.enabled()) return VecNorm.sum(d, off, len);
        float a = 0, b = 0, c = 0, e = 0;
        int k = off, end = off + len;
        for (; k + 3 < end; k += 4) {
            a += d[k];
            b += d[k + 1];
            c += d[k + 2];
            e += d[k + 3];
        }
        for (; k < end; k++) a += d[k];
        return (double) a + b + c + e;
    }

    static double dot(float[] x, float[] y, int off, int len) {
        float a = 0, b = 0, c = 0, e = 0;
        int k = off, end = off + len;
        for (; k + 3 < end; k += 4) {
            a += x[k] * y[k];
            b += x[k + 1] * y[k + 1];
            c += x[k + 2] * y[k + 2];
            e += x[k + 3] * y[k + 3];
        }
        for (; k < end; k++) a += x[k] * y[k];
        return (double) a + b + c + e;
    }

    static double centredSquares(float[] d, int off, int len, float m) {
        if (VecSupport.enabled()) return VecNorm.centredSquares(d, off, len, m);
        float a = 0, b = 0, c = 0, e = 0;
        int k = off, end = off + len;
        for (; k + 3 < end; k += 4) {
            float v0 = d[k] - m, v1 = d[k + 1] - m, v2 = d[k + 2] - m, v3 = d[k + 3] - m;
            a += v0 * v0;
            b += v1 * v1;
            c += v2 * v2;
            e += v3 * v3;
        }
        for (; k < end; k++) a += (d[k] - m) * (d[k] - m);
        return (double) a + b + c + e;
    }

    /**
     * dz = dy·silu'(z) with z = γ·x̂ + β (or dz = dy without SiLU) into out over [off, off+len); sums = {Σ dz, Σ dz·x̂}.
     * The element loop has no reduction, so the JIT vectorises it; the sums follow with independent accumulators.
     */
    static void siluBackward(float[] dy, float[] xh, float[] out, int off, int len, float gc, float bc, boolean silu, double[] sums) {
        if (silu) {
            for (int k = off; k < off + len; k++) {
                float z = gc * xh[k] + bc, sg = FastMath.sigmoid(z);
                out[k] = dy[k] * sg * (1f + z * (1f - sg));
            }
        } else {
            System.arraycopy(dy, off, out, off, len);
        }
        sums[0] = sum(out, off, len);
        sums[1] = dot(out, xh, off, len);
    }

    Act backward(Act dy) {
        long t0 = Profile.start();
        int cg = channels / groups, p = dy.plane(), hw = dy.h * dy.w, n = dy.n;
        float[] xh = xhat, rs = rstd, gm = gamma.value, bt = beta.value, g0 = dy.data;
        if (xh == null) throw new IllegalStateException(gamma.name + ": forward was not kept");
        Act dx = dy.likeUninit();
        float[] out = dx.data;
        float[] dGamma = new float[channels * n], dBeta = new float[channels * n];
        Par.each(n * groups, (long) cg * hw, job -> {
            int i = job / groups, g = job % groups;
            boolean vec = VecSupport.enabled();
            double sumD = 0, sumDX = 0;
            double[] sums = new double[2];
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gc = gm[c];
                if (vec) VecNorm.siluBackward(g0, xh, out, off, hw, gc, bt[c], silu, sums);
                else siluBackward(g0, xh, out, off, hw, gc, bt[c], silu, sums);
                dGamma[c * n + i] = (float) sums[1];
                dBeta[c * n + i] = (float) sums[0];
                sumD += gc * sums[0];  // Σ dx̂ with dx̂ = γ·dz
                sumDX += gc * sums[1]; // Σ dx̂·x̂
            }
            int m = cg * hw;
            float r = rs[job], a = (float) (sumD / m), b = (float) (sumDX / m);
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gr = gm[c] * r, ar = a * r, br = b * r;
                if (vec) VecNorm.finish(out, xh, off, hw, gr, ar, br);
                else for (int k = off; k < off + hw; k++) out[k] = gr * out[k] - ar - br * xh[k];
            }
        });
        for (int c = 0; c < channels; c++) {
            double sg = 0, sb = 0;
            for (int i = 0; i < n; i++) {
                sg += dGamma[c * n + i];
                sb += dBeta[c * n + i];
            }
            gamma.grad[c] += (float) sg;
            beta.grad[c] += (float) sb;
        }
        xhat = null;
        rstd = null;
        shape = null;
        Profile.lap("groupnorm.bwd", t0);
        return dx;
    }
}

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
    /** The forward's input and its statistics per (sample, group), kept for backward, which recomputes x̂ from them. */
    private Act input;
    private float[] mean, rstd;

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
        float[] ms = new float[n * groups], rs = new float[n * groups];
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
            ms[job] = m;
            rs[job] = r;
            if (vec) {
                for (int c = g * cg; c < (g + 1) * cg; c++) VecNorm.normalise(d, out, c * p + i * hw, hw, m, r, gm[c], bt[c], silu);
                return;
            }
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gc = gm[c], bc = bt[c];
                for (int k = off; k < off + hw; k++) {
                    float z = gc * ((d[k] - m) * r) + bc;
                    out[k] = silu ? z * FastMath.sigmoid(z) : z;
                }
            }
        });
        if (keep) { // x stays unchanged until backward: every activation of a step lives in the model's arena until the next
            input = x;
            mean = ms;
            rstd = rs;
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
     * dz = dy·silu'(z) with z = γ·x̂ + β, x̂ = (x − m)·r (or dz = dy without SiLU) into out over [off, off+len);
     * sums = {Σ dz, Σ dz·x̂}. The element loop has no reduction, so the JIT vectorises it; the sums follow with
     * independent accumulators.
     */
    static void siluBackward(float[] dy, float[] x, float m, float r, float[] out, int off, int len, float gc, float bc, boolean silu, double[] sums) {
        if (silu) {
            for (int k = off; k < off + len; k++) {
                float z = gc * ((x[k] - m) * r) + bc, sg = FastMath.sigmoid(z);
                out[k] = dy[k] * sg * (1f + z * (1f - sg));
            }
        } else {
            System.arraycopy(dy, off, out, off, len);
        }
        sums[0] = sum(out, off, len);
        float a = 0, b = 0, c = 0, e = 0;
        int k = off, end = off + len;
        for (; k + 3 < end; k += 4) {
            a += out[k] * ((x[k] - m) * r);
            b += out[k + 1] * ((x[k + 1] - m) * r);
            c += out[k + 2] * ((x[k + 2] - m) * r);
            e += out[k + 3] * ((x[k + 3] - m) * r);
        }
        for (; k < end; k++) a += out[k] * ((x[k] - m) * r);
        sums[1] = (double) a + b + c + e;
    }

    /** Whether {@link #backward} writes dL/dx over dL/dy (a knob for StepAb; on by default). */
    static boolean inPlace = true;

    /**
     * dL/dx from dL/dy, written over dy's values (every caller passes a fresh gradient, a convolution's input gradient
     * or the classifier's pooled one, and drops it): the backward pass takes no new buffer from the arena. (Wave 2
     * session 11: bench --profile measured no time saved, 24.9 against 24.7 ms a step; the alternating StepAb harness
     * had suggested 4–13 ms.)
     */
    Act backward(Act dy) {
        long t0 = Profile.start();
        int cg = channels / groups, p = dy.plane(), hw = dy.h * dy.w, n = dy.n;
        if (input == null) throw new IllegalStateException(gamma.name + ": forward was not kept");
        float[] x = input.data, ms = mean, rs = rstd, gm = gamma.value, bt = beta.value, g0 = dy.data;
        Act dx = inPlace ? dy : dy.likeUninit();
        float[] out = dx.data;
        float[] dGamma = new float[channels * n], dBeta = new float[channels * n];
        Par.each(n * groups, (long) cg * hw, job -> {
            int i = job / groups, g = job % groups;
            boolean vec = VecSupport.enabled();
            double sumD = 0, sumDX = 0;
            double[] sums = new double[2];
            float mj = ms[job], r = rs[job];
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gc = gm[c];
                if (vec) VecNorm.siluBackward(g0, x, mj, r, out, off, hw, gc, bt[c], silu, sums);
                else siluBackward(g0, x, mj, r, out, off, hw, gc, bt[c], silu, sums);
                dGamma[c * n + i] = (float) sums[1];
                dBeta[c * n + i] = (float) sums[0];
                sumD += gc * sums[0];  // Σ dx̂ with dx̂ = γ·dz
                sumDX += gc * sums[1]; // Σ dx̂·x̂
            }
            int m = cg * hw;
            float a = (float) (sumD / m), b = (float) (sumDX / m);
            for (int c = g * cg; c < (g + 1) * cg; c++) {
                int off = c * p + i * hw;
                float gr = gm[c] * r, ar = a * r, br = b * r;
                if (vec) VecNorm.finish(out, x, mj, r, off, hw, gr, ar, br);
                else for (int k = off; k < off + hw; k++) out[k] = gr * out[k] - ar - br * ((x[k] - mj) * r);
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
        input = null;
        mean = null;
        rstd = null;
        Profile.lap("groupnorm.bwd", t0);
        return dx;
    }
}

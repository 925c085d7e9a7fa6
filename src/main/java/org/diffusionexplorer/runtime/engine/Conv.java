package org.diffusionexplorer.runtime.engine;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * 2-D convolution, 3×3 (padding 1) or 1×1, stride 1, as GEMMs on OpenBLAS without im2col: activations are copied
 * into a zero-padded channel-major buffer [c][n·(h+2)·(w+2)], where shifting by a kernel tap (ky, kx) is a constant
 * column offset (ky−1)·(w+2) + (kx−1); so out = Σ_k W_k·shift_k(in), nine GEMMs with K = c_in. Padding rows separate
 * the samples, so shifts never mix them.
 */
final class Conv {
    final Param weight, bias;
    final int cin, cout, k;
    private final Scratch s;
    private Act input;

    Conv(String name, int cin, int cout, int k, boolean zeroInit, SplittableRandom rng, Scratch s, List<Param> registry) {
        if (k != 1 && k != 3) throw new IllegalArgumentException("kernel must be 1 or 3");
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.s = s;
        weight = new Param(name + ".weight", new long[]{cout, cin, k, k}, true);
        bias = new Param(name + ".bias", new long[]{cout}, false);
        double bound = zeroInit ? 0 : 1 / Math.sqrt((double) cin * k * k);
        Init.uniformFileOrder(weight, bound, rng);
        Init.uniform(bias.value, bound, rng);
        registry.add(weight);
        registry.add(bias);
    }

    Act forward(Act x, boolean keep) {
        if (x.c != cin) throw new IllegalArgumentException(weight.name + ": expected " + cin + " channels, got " + x.c);
        input = keep ? x : null;
        return k == 1 ? forward1(x) : forward3(x);
    }

    private Act forward1(Act x) {
        int p = x.plane();
        long t0 = Profile.start();
        FloatPointer w = s.weights.put(weight.value, weight.size());
        FloatPointer in = s.in.put(x.data, x.data.length);
        FloatPointer out = s.out.ensure((long) cout * p);
        Blas.gemm(false, false, cout, p, cin, 1f, w, cin, in, p, 0f, out, p);
        Act y = new Act(cout, x.n, x.h, x.w);
        s.out.get(y.data, y.data.length);
        t0 = Profile.lap("conv1.fwd", t0);
        addBias(y);
        Profile.lap("conv.bias", t0);
        return y;
    }

    private Act forward3(Act x) {
        int wp = x.w + 2, P = x.n * (x.h + 2) * wp, lo = wp + 1, len = P - 2 * lo;
        long t0 = Profile.start();
        padInto(x, s);
        s.weights.put(weight.value, weight.size());
        s.out.ensure((long) cout * P);
        t0 = Profile.lap("conv3.fwd.pad", t0);
        for (int t = 0; t < 9; t++) {
            int off = (t / 3 - 1) * wp + (t % 3 - 1);
            Blas.gemm(false, false, cout, len, cin, 1f, s.weights.at((long) t * cout * cin), cin, s.in.at(lo + off), P,
                    t == 0 ? 0f : 1f, s.out.at(lo), P);
        }
        t0 = Profile.lap("conv3.fwd.gemm", t0);
        float[] po = s.out((int) ((long) cout * P));
        s.out.get(po, cout * P);
        Act y = new Act(cout, x.n, x.h, x.w);
        unpad(po, y);
        t0 = Profile.lap("conv3.fwd.unpad", t0);
        addBias(y);
        Profile.lap("conv.bias", t0);
        return y;
    }

    /** Backward: accumulates weight and bias gradients, returns dL/dx. */
    Act backward(Act dy) {
        Act x = input;
        if (x == null) throw new IllegalStateException(weight.name + ": forward was not kept for backward");
        input = null;
        int p = dy.plane();
        float[] bg = bias.grad, d = dy.data;
        long t0 = Profile.start();
        Par.each(cout, p, c -> bg[c] += (float) GroupNormSilu.sum(d, c * p, p));
        Profile.lap("conv.bias.bwd", t0);
        return k == 1 ? backward1(x, dy) : backward3(x, dy);
    }

    private Act backward1(Act x, Act dy) {
        int p = x.plane();
        long t0 = Profile.start();
        FloatPointer in = s.in.put(x.data, x.data.length);
        FloatPointer gout = s.out.put(dy.data, dy.data.length);
        FloatPointer gw = s.grad.ensure((long) cout * cin);
        Blas.gemm(false, true, cout, cin, p, 1f, gout, p, in, p, 0f, gw, cin);
        addGrad(cout * cin);
        FloatPointer w = s.weights.put(weight.value, weight.size());
        FloatPointer gin = s.in.ensure((long) cin * p);
        Blas.gemm(true, false, cin, p, cout, 1f, w, cin, s.out.at(0), p, 0f, gin, p);
        Act dx = new Act(cin, x.n, x.h, x.w);
        s.in.get(dx.data, dx.data.length);
        Profile.lap("conv1.bwd", t0);
        return dx;
    }

    private Act backward3(Act x, Act dy) {
        int wp = x.w + 2, P = x.n * (x.h + 2) * wp, lo = wp + 1, len = P - 2 * lo;
        long t0 = Profile.start();
        padInto(x, s);                       // s.in = padded x
        float[] pdy = padded(dy, s);          // padded dy with zero borders
        s.out.put(pdy, cout * P);
        s.grad.ensure(9L * cout * cin);
        t0 = Profile.lap("conv3.bwd.pad", t0);
        for (int t = 0; t < 9; t++) {         // dW_t = dY · shift_t(x)ᵀ
            int off = (t / 3 - 1) * wp + (t % 3 - 1);
            Blas.gemm(false, true, cout, cin, len, 1f, s.out.at(lo), P, s.in.at(lo + off), P, 0f,
                    s.grad.at((long) t * cout * cin), cin);
        }
        t0 = Profile.lap("conv3.bwd.gemm.dW", t0);
        addGrad(9 * cout * cin);
        s.weights.put(weight.value, weight.size());
        FloatPointer gin = s.in.ensure((long) cin * P);
        Pointer.memset(gin, 0, (long) cin * P * 4);
        t0 = Profile.lap("conv3.bwd.misc", t0);
        for (int t = 0; t < 9; t++) {         // shift_t(dX) += W_tᵀ · dY
            int off = (t / 3 - 1) * wp + (t % 3 - 1);
            Blas.gemm(true, false, cin, len, cout, 1f, s.weights.at((long) t * cout * cin), cin, s.out.at(lo), P, 1f,
                    s.in.at(lo + off), P);
        }
        t0 = Profile.lap("conv3.bwd.gemm.dX", t0);
        float[] pdx = s.out((int) ((long) cin * P));
        s.in.get(pdx, cin * P);
        Act dx = new Act(cin, x.n, x.h, x.w);
        unpad(pdx, dx);
        Profile.lap("conv3.bwd.unpad", t0);
        return dx;
    }

    private void addGrad(int n) {
        float[] tmp = s.out(n);
        s.grad.get(tmp, n);
        float[] g = weight.grad;
        for (int i = 0; i < n; i++) g[i] += tmp[i];
    }

    private void addBias(Act y) {
        int p = y.plane();
        float[] d = y.data, b = bias.value;
        Par.each(cout, p, c -> {
            float bc = b[c];
            for (int i = c * p; i < (c + 1) * p; i++) d[i] += bc;
        });
    }

    /** Writes x zero-padded into s.in (native). */
    private static void padInto(Act x, Scratch s) {
        float[] p = padded(x, s);
        s.in.put(p, x.c * x.n * (x.h + 2) * (x.w + 2));
    }

    private static float[] padded(Act x, Scratch s) {
        int wp = x.w + 2, hp = x.h + 2, per = x.n * hp * wp;
        float[] p = s.pad(x.c * per);
        float[] d = x.data;
        Par.each(x.c, per, c -> {
            int base = c * per;
            java.util.Arrays.fill(p, base, base + per, 0f);
            for (int i = 0; i < x.n; i++)
                for (int y = 0; y < x.h; y++)
                    System.arraycopy(d, ((c * x.n + i) * x.h + y) * x.w, p, base + (i * hp + y + 1) * wp + 1, x.w);
        });
        return p;
    }

    private static void unpad(float[] p, Act y) {
        int wp = y.w + 2, hp = y.h + 2, per = y.n * hp * wp;
        float[] d = y.data;
        Par.each(y.c, per, c -> {
            for (int i = 0; i < y.n; i++)
                for (int r = 0; r < y.h; r++)
                    System.arraycopy(p, c * per + (i * hp + r + 1) * wp + 1, d, ((c * y.n + i) * y.h + r) * y.w, y.w);
        });
    }
}

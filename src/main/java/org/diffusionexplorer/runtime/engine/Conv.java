package org.diffusionexplorer.runtime.engine;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 2-D convolution, 3×3 (padding 1) or 1×1, stride 1, as GEMMs (Vector API kernels or OpenBLAS): activations are copied into a
 * zero-padded channel-major buffer [c][n·(h+2)·(w+2)], where shifting by a kernel tap (ky, kx) is a constant column
 * offset (ky−1)·(w+2) + (kx−1), and padding rows separate the samples, so shifts never mix them. The GEMMs are
 * run on the engine's threads ({@link VecConv}, or {@link ConvGemm} on OpenBLAS): forward out = W·[shift_t(x)]_t, input gradient
 * dx = Wᵀ·[shift_−t(dy)]_t (a gather, so chunks of dx never overlap), weight gradient dW = dy·[shift_t(x)]_tᵀ.
 */
final class Conv {
    final Param weight, bias;
    final int cin, cout, k;
    private final Scratch s;
    private Act input;
    private float[] inputPadded;
    /** The forward's transformed input, kept for {@link RowWinogradWeightGradient#weightGradient} (or null). */
    private float[] inputTransformed;
    /** Whether the forward pass chose {@link RowWinogradWeightGradient#weightGradientChunked} for the backward pass (keeping only x). */
    private boolean gradientInChunks;
    /** {@link #cached}: the weights the packed copies were made from, the copies, and which are current. */
    private float[] packedFor;
    private final float[][] packed = new float[6][];
    private final boolean[] packedValid = new boolean[6];
    /** The input of {@link #forwardUpsampled} when it ran as {@link SubPixelConv} (else null), and its kept transformed rows. */
    private Act lowInput;
    private float[] lowTransformed;

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

    private int taps() {
        return k * k;
    }

    /** Column offset of each tap in the padded layout (sign −1: the gather of the input gradient). */
    private int[] offsets(int wp, int sign) {
        if (k == 1) return new int[]{0};
        int[] o = new int[9];
        for (int t = 0; t < 9; t++) o[t] = sign * ((t / 3 - 1) * wp + (t % 3 - 1));
        return o;
    }

    /**
     * The weights [tap][out][in] straight into the Vector API kernels' packed layout, in one pass (batch 1 spends
     * about a tenth of its time re-laying weights out): blocks of 8 GEMM rows, [block][tap·inner][8]. The rows are
     * the outputs (forward) or the inputs (input gradient); their count must be a multiple of 8.
     */
    private float[] packedWeights(boolean transposed) {
        return cached(transposed ? 1 : 0, taps() * cout * cin, ap -> pack(transposed, ap));
    }

    private void pack(boolean transposed, float[] ap) {
        int taps = taps(), mr = VecConv.MR;
        float[] w = weight.value;
        if (!transposed) {
            int k = taps * cin;
            for (int t = 0; t < taps; t++)
                for (int o = 0; o < cout; o++) {
                    int wBase = (t * cout + o) * cin, aBase = ((o / mr) * k + t * cin) * mr + o % mr;
                    for (int i = 0; i < cin; i++) ap[aBase + i * mr] = w[wBase + i];
                }
        } else {
            int k = taps * cout;
            for (int t = 0; t < taps; t++)
                for (int o = 0; o < cout; o++) {
                    int wBase = (t * cout + o) * cin, kk = t * cout + o;
                    for (int i = 0; i < cin; i++) ap[((i / mr) * k + kk) * mr + i % mr] = w[wBase + i];
                }
        }
    }

    /** {@link RowWinograd}'s transformed weights for the forward pass or the input gradient. */
    private float[] winogradWeights(boolean transposed) {
        return cached(transposed ? 3 : 2, RowWinograd.XI * 3 * cout * cin,
                ap -> RowWinograd.packWeights(weight.value, cout, cin, transposed, ap));
    }

    /**
     * Packed weights of kind 0-5 (direct forward, direct input gradient, Winograd forward, Winograd input gradient,
     * sub-pixel forward and input gradient),
     * repacked only when the weights have changed since (compared with a copy, at memory speed): sampling runs the
     * same weights hundreds of times, and at batch 1 repacking took longer than some of the convolutions themselves.
     */
    private float[] cached(int kind, int size, java.util.function.Consumer<float[]> fill) {
        float[] w = weight.value;
        if (!Arrays.equals(w, packedFor)) {
            if (packedFor == null) packedFor = new float[w.length];
            System.arraycopy(w, 0, packedFor, 0, w.length);
            Arrays.fill(packedValid, false);
        }
        if (packed[kind] == null || packed[kind].length != size) packed[kind] = new float[size];
        if (!packedValid[kind]) {
            fill.accept(packed[kind]);
            packedValid[kind] = true;
        }
        return packed[kind];
    }

    /** The weights [tap][out][in] as [out][tap·in] (forward) or [in][tap·out] (input gradient), in scratch. */
    private float[] weightsFor(boolean transposed) {
        int taps = taps(), n = taps * cout * cin;
        float[] w = weight.value, a = s.out2(n);
        for (int t = 0; t < taps; t++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < cin; i++) {
                    float v = w[(t * cout + o) * cin + i];
                    if (transposed) a[i * taps * cout + t * cout + o] = v;
                    else a[o * taps * cin + t * cin + i] = v;
                }
        return a;
    }

    /** dst = A·shift(src) on the Vector API kernels or OpenBLAS ({@link VecSupport}). */
    private void apply(float[] src, int rows, int P, int lo, int len, int[] offs, boolean transposed, int m, float[] dst) {
        if (VecSupport.enabled() && m % VecConv.MR == 0) {
            VecConv.applyPacked(src, rows, P, lo, len, offs, packedWeights(transposed), null, m, dst);
            return;
        }
        float[] a = weightsFor(transposed);
        if (VecSupport.enabled()) VecConv.apply(src, rows, P, lo, len, offs, a, m, dst, s);
        else ConvGemm.apply(src, rows, P, lo, len, offs, s.weights.put(a, taps() * cout * cin), m, dst, s);
    }

    private void weightGradient(float[] src, int rows, int P, int lo, int len, int[] offs, float[] dy, int m, float[] acc) {
        if (VecSupport.enabled()) VecConvGrad.weightGradientDot(src, 0, rows, P, lo, len, offs, dy, 0, m, acc, 0, s);
        else ConvGemm.weightGradient(src, rows, P, lo, len, offs, dy, m, acc, s);
    }

    /**
     * conv(x) + bias. With keep, for {@link #backward}: x must stay unchanged until then (the weight gradient in
     * chunks reads it again; every activation of a step lives in the model's arena until the next).
     */
    Act forward(Act x, boolean keep) {
        return forward(x, keep, null, null);
    }

    /**
     * y = ((conv(x) + bias) + sampleBias[sample][out]) + residual, either addition skipped when null: a residual
     * block's time projection and skip connection, added in the Winograd path's output transform (one pass less
     * over y each), or after the product on the other paths.
     */
    Act forward(Act x, boolean keep, float[] sampleBias, Act residual) {
        Act y = product(x, keep, sampleBias, residual);
        // the Winograd path has added them in its output transform
        if ((sampleBias != null || residual != null) && !winogradPath(x.w)) {
            long t0 = Profile.start();
            if (sampleBias != null) {
                int p = y.plane(), hw = y.h * y.w, n = y.n;
                float[] d = y.data;
                Par.each(cout, p, c -> {
                    for (int i = 0; i < n; i++) {
                        float v = sampleBias[i * cout + c];
                        for (int k = c * p + i * hw; k < c * p + (i + 1) * hw; k++) d[k] += v;
                    }
                });
            }
            if (residual != null) y.addInPlace(residual);
            Profile.lap("conv.epilogue", t0);
        }
        return y;
    }

    private Act product(Act x, boolean keep, float[] sampleBias, Act residual) {
        if (x.c != cin) throw new IllegalArgumentException(weight.name + ": expected " + cin + " channels, got " + x.c);
        long t0 = Profile.start();
        Act y = Act.uninit(cout, x.n, x.h, x.w);
        if (k == 1) {
            int p = x.plane();
            apply(x.data, cin, p, 0, p, offsets(0, 1), false, cout, y.data);
            t0 = Profile.lap("conv1.fwd", t0, 2L * cout * cin * p);
            inputPadded = null;
            addBias(y);
            Profile.lap("conv.bias", t0);
        } else {
            int wp = x.w + 2, P = x.n * (x.h + 2) * wp, lo = wp + 1, len = P - 2 * lo;
            if (winogradPath(x.w)) {
                // for the backward pass: nothing but x when the weight gradient runs in chunks; else the transformed
                // input (the weight gradient; then the input gradient too runs as Winograd, which needs whole blocks
                // of input channels) or else the padded input
                boolean chunkedGradient = chunkedWeightGradient(x);
                gradientInChunks = keep && chunkedGradient;
                inputTransformed = keep && winograd(cin, x.w) && !chunkedGradient
                        ? Arena.uninit(RowWinograd.XI * cin * RowWinograd.transformedColumns(x)) : null;
                inputPadded = keep && inputTransformed == null && !chunkedGradient ? padded(x, Arena.uninit(x.c * P)) : null;
                t0 = Profile.lap("conv3.fwd.pad", t0);
                // with no transformed input to keep, RowWinograd uses buffers of its own
                RowWinograd.conv(x, winogradWeights(false), cout, cin, bias.value, sampleBias, residual == null ? null : residual.data, y, s,
                        RowWinograd.FORWARD, inputTransformed);
                input = keep ? x : null;
                return y;
            }
            inputTransformed = null;
            gradientInChunks = false;
            float[] xp = padded(x, keep ? Arena.uninit(x.c * P) : s.pad(x.c * P));
            t0 = Profile.lap("conv3.fwd.pad", t0);
            float[] po = s.out(cout * P);
            apply(xp, cin, P, lo, len, offsets(wp, 1), false, cout, po);
            t0 = Profile.lap("conv3.fwd.gemm", t0, 2L * cout * 9 * cin * x.plane());
            unpadBias(po, y, bias.value);
            Profile.lap("conv3.fwd.unpad+bias", t0);
            inputPadded = keep ? xp : null;
        }
        input = keep ? x : null;
        return y;
    }

    /**
     * conv(upsample×2(low)) (nearest): as {@link SubPixelConv} when it handles the shapes, without the upsampled
     * image; else the upsampling and {@link #forward}. {@link #backwardUpsampled} returns the gradient of low.
     */
    Act forwardUpsampled(Act low, boolean keep) {
        lowInput = null;
        lowTransformed = null;
        // VecSupport first: SubPixelConv's class needs the incubator module, which `--engine blas` runs without
        if (k == 3 && WINOGRAD && subPixel && VecSupport.enabled() && low.c == cin && SubPixelConv.handles(low, cout)) {
            float[] ap = cached(4, RowWinograd.XI * 2 * 2 * cin * cout, a -> SubPixelConv.packForward(weight.value, cout, cin, a));
            float[] v = keep ? Arena.uninit(RowWinograd.XI * cin * SubPixelConv.transformedColumns(low)) : null;
            Act y = SubPixelConv.forward(low, ap, cout, bias.value, s, v);
            input = null; // nothing of an earlier forward pass may serve the next backward pass
            inputTransformed = null;
            inputPadded = null;
            gradientInChunks = false;
            if (keep) {
                lowInput = low;
                lowTransformed = v;
            }
            return y;
        }
        long p0 = Profile.start();
        Act up = Resize.upsample(low);
        Profile.lap("resize", p0);
        return forward(up, keep);
    }

    /** Backward of {@link #forwardUpsampled}: accumulates weight and bias gradients, returns dL/d(low). */
    Act backwardUpsampled(Act dy) {
        if (lowInput == null) {
            Act dUp = backward(dy);
            long p0 = Profile.start();
            Act g = Resize.upsampleBackward(dUp);
            Profile.lap("resize", p0);
            return g;
        }
        float[] v = lowTransformed;
        lowInput = null;
        lowTransformed = null;
        float[] apX = cached(5, RowWinograd.XI * 4 * cout * cin, a -> SubPixelConv.packInputGradient(weight.value, cout, cin, a));
        return SubPixelConv.backward(dy, v, apX, cin, weight.grad, bias.grad, s);
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
        t0 = Profile.lap("conv.bias.bwd", t0);
        int taps = taps();
        Act dx = Act.uninit(cin, x.n, x.h, x.w);
        if (k == 1) {
            float[] acc = new float[cout * cin];
            int[] offs = offsets(0, 1);
            weightGradient(x.data, cin, p, 0, p, offs, d, cout, acc);
            apply(d, cout, p, 0, p, offs, true, cin, dx.data);
            addWeightGrad(acc);
            Profile.lap("conv1.bwd", t0, 4L * cout * cin * p);
            return dx;
        }
        int wp = x.w + 2, P = x.n * (x.h + 2) * wp, lo = wp + 1, len = P - 2 * lo;
        float[] xp = inputPadded, xt = inputTransformed;
        boolean inChunks = gradientInChunks;
        inputPadded = null;
        inputTransformed = null;
        gradientInChunks = false;
        float[] dyp = null;
        if (xt != null) { // kept only when the input gradient runs as Winograd too
            RowWinogradWeightGradient.weightGradient(xt, dy, cin, weight.grad, s);
        } else if (inChunks) { // decided by the forward pass, which then kept nothing but x
            RowWinogradWeightGradient.weightGradientChunked(x, dy, weight.grad, s);
        } else {
            if (xp == null) throw new IllegalStateException(weight.name + ": the forward pass kept no input for the weight gradient");
            dyp = padded(dy, s.pad(cout * P));
            t0 = Profile.lap("conv3.bwd.pad", t0);
            float[] acc = new float[cout * taps * cin];
            weightGradient(xp, cin, P, lo, len, offsets(wp, 1), dyp, cout, acc);
            addWeightGrad(acc);
            t0 = Profile.lap("conv3.bwd.gemm.dW", t0, 2L * cout * 9 * cin * p);
        }
        if (winograd(cin, x.w)) {
            RowWinograd.conv(dy, winogradWeights(true), cin, cout, null, dx, s, RowWinograd.INPUT_GRADIENT);
            return dx;
        }
        float[] pdx = s.out(cin * P);
        apply(dyp, cout, P, lo, len, offsets(wp, -1), true, cin, pdx);
        t0 = Profile.lap("conv3.bwd.gemm.dX", t0, 2L * cout * 9 * cin * p);
        unpad(pdx, dx);
        Profile.lap("conv3.bwd.unpad", t0);
        return dx;
    }

    /**
     * Whether the weight gradient of this convolution on x runs as {@link RowWinogradWeightGradient#weightGradientChunked}, which
     * needs nothing kept but x.
     */
    private boolean chunkedWeightGradient(Act x) {
        return chunkedGradients && winograd(cin, x.w) && RowWinogradWeightGradient.weightGradientInChunks(x, cout);
    }

    /** Whether {@link #chunkedWeightGradient} may be chosen (not final: {@code StepAb} compares the two paths). */
    static boolean chunkedGradients = true;

    /** Whether {@link #product} runs this convolution on images w wide as Winograd (which fuses the epilogue). */
    private boolean winogradPath(int w) {
        return k != 1 && winograd(cout, w);
    }

    /**
     * Whether a 3×3 convolution with m output rows on images w wide runs as {@link RowWinograd} (half the
     * multiply-adds); {@code -Ddiffusionexplorer.winograd=false} keeps the direct GEMM (for comparison).
     */
    private static boolean winograd(int m, int w) {
        // VecSupport first: RowWinograd's class needs the incubator module, which `--engine blas` runs without
        return WINOGRAD && VecSupport.enabled() && RowWinograd.handles(m, w);
    }

    private static final boolean WINOGRAD = !"false".equals(System.getProperty("diffusionexplorer.winograd"));

    /** Whether {@link #forwardUpsampled} may run as {@link SubPixelConv} (not final: {@code StepAb} compares the two paths). */
    static boolean subPixel = true;

    /** grad[tap][out][in] += acc[out][tap·in]. */
    private void addWeightGrad(float[] acc) {
        int taps = taps();
        float[] g = weight.grad;
        for (int t = 0; t < taps; t++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < cin; i++) g[(t * cout + o) * cin + i] += acc[o * taps * cin + t * cin + i];
    }

    private void addBias(Act y) {
        int p = y.plane();
        float[] d = y.data, b = bias.value;
        Par.each(cout, p, c -> {
            float bc = b[c];
            for (int i = c * p; i < (c + 1) * p; i++) d[i] += bc;
        });
    }

    /** x zero-padded into p (which must hold c·n·(h+2)·(w+2) values). */
    private static float[] padded(Act x, float[] p) {
        int wp = x.w + 2, hp = x.h + 2, per = x.n * hp * wp;
        float[] d = x.data;
        Par.each(x.c, per, c -> {
            int base = c * per;
            for (int i = 0; i < x.n; i++) {
                int top = base + i * hp * wp;
                Arrays.fill(p, top, top + wp, 0f);                           // the row above the sample
                Arrays.fill(p, top + (hp - 1) * wp, top + hp * wp, 0f);      // and the one below
                for (int y = 0; y < x.h; y++) {
                    int row = top + (y + 1) * wp;
                    p[row] = 0f;                                             // only the border is zeroed:
                    System.arraycopy(d, ((c * x.n + i) * x.h + y) * x.w, p, row + 1, x.w);
                    p[row + wp - 1] = 0f;                                    // the inside is overwritten
                }
            }
        });
        return p;
    }

    /** unpad with the bias added in the same pass (the forward's epilogue). */
    private static void unpadBias(float[] p, Act y, float[] bias) {
        int wp = y.w + 2, hp = y.h + 2, per = y.n * hp * wp, w = y.w;
        float[] d = y.data;
        Par.each(y.c, per, c -> {
            float bc = bias[c];
            for (int i = 0; i < y.n; i++)
                for (int r = 0; r < y.h; r++) {
                    int src = c * per + (i * hp + r + 1) * wp + 1, dst = ((c * y.n + i) * y.h + r) * w;
                    for (int j = 0; j < w; j++) d[dst + j] = p[src + j] + bc;
                }
        });
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

    /**
     * The 3×3 convolution GEMM alone on an in-cache problem (64 → 64 channels, 4 × 16² positions), on the engine's
     * threads: the kernel's achievable GFLOPS here (useful multiply-adds only), the peak that {@code bench --profile}
     * compares each operation with. Takes about a second.
     */
    static double kernelPeakGflops() {
        Scratch sc = new Scratch();
        Conv c = new Conv("peak", 64, 64, 3, false, new SplittableRandom(1), sc, new java.util.ArrayList<>());
        int n = 4, h = 16, wp = h + 2, P = n * (h + 2) * wp, lo = wp + 1, len = P - 2 * lo;
        float[] xp = new float[64 * P], dst = new float[64 * P];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < xp.length; i++) xp[i] = (float) r.nextDouble(-1, 1);
        int[] offs = c.offsets(wp, 1);
        long flops = 2L * 64 * 9 * 64 * n * h * h;
        for (int i = 0; i < 300; i++) c.apply(xp, 64, P, lo, len, offs, false, 64, dst); // C2 warm-up
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) c.apply(xp, 64, P, lo, len, offs, false, 64, dst);
            best = Math.max(best, 100.0 * flops / (System.nanoTime() - t0));
        }
        return best;
    }
}

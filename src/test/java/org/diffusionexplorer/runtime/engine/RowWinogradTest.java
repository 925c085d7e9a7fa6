package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The row-wise Winograd convolution against a plain double-precision 3×3 convolution (zero padding 1), forward with
 * bias and as the input gradient, on image sizes that exercise every path: heights that are and are not a multiple
 * of the tile's four rows, rows narrower than a vector (scalar transforms) and wider (vector transforms with the
 * overlapping last vector), one and several samples. Its rounding error is compared with the direct GEMM's.
 */
class RowWinogradTest {
    private boolean vectorWas;

    @org.junit.jupiter.api.BeforeEach
    void vectorEngine() {
        assumeTrue(VecSupport.moduleLoaded());
        vectorWas = VecSupport.enabled();
        VecSupport.use(true);
    }

    @org.junit.jupiter.api.AfterEach
    void restoreEngine() {
        if (VecSupport.moduleLoaded()) VecSupport.use(vectorWas);
    }

    private static float[] random(int n, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    /** out = conv(x) in double; transposed: the input gradient (taps mirrored, weights' out and in swapped). */
    private static double[] reference(Act x, float[] w, int wOut, int wIn, boolean transposed, float[] bias) {
        int mOut = transposed ? wIn : wOut, n = x.n, h = x.h, wd = x.w;
        double[] y = new double[mOut * n * h * wd];
        for (int o = 0; o < mOut; o++)
            for (int i = 0; i < n; i++)
                for (int yy = 0; yy < h; yy++)
                    for (int xx = 0; xx < wd; xx++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int c = 0; c < x.c; c++)
                            for (int ky = 0; ky < 3; ky++)
                                for (int kx = 0; kx < 3; kx++) {
                                    int sy = transposed ? yy - ky + 1 : yy + ky - 1, sx = transposed ? xx - kx + 1 : xx + kx - 1;
                                    if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
                                    double g = transposed ? w[((ky * 3 + kx) * wOut + c) * wIn + o] : w[((ky * 3 + kx) * wOut + o) * wIn + c];
                                    acc += g * x.data[((c * n + i) * h + sy) * wd + sx];
                                }
                        y[((o * n + i) * h + yy) * wd + xx] = acc;
                    }
        return y;
    }

    private static double maxError(float[] got, double[] want) {
        double e = 0;
        for (int i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i] - want[i]));
        return e;
    }

    @Test
    void matchesTheDirectConvolution() {
        SplittableRandom rng = new SplittableRandom(7);
        int[][] shapes = {{2, 28, 28}, {3, 14, 14}, {1, 7, 7}, {2, 5, 9}, {1, 3, 3}, {2, 9, 1}, {1, 1, 17}, {5, 7, 7}, {3, 14, 14}};
        int defaultChunk = RowWinograd.chunkColumns;
        for (int[] sh : shapes)
            for (boolean transposed : new boolean[]{false, true})
            for (int chunk : new int[]{defaultChunk, 1}) { // also in chunks of one tile row (the pipelined path)
                RowWinograd.chunkColumns = chunk;
                int wOut = 16, wIn = 24, mOut = transposed ? wIn : wOut, mIn = transposed ? wOut : wIn;
                Act x = new Act(mIn, sh[0], sh[1], sh[2], random(mIn * sh[0] * sh[1] * sh[2], rng));
                float[] w = random(9 * wOut * wIn, rng), bias = transposed ? null : random(mOut, rng);
                double[] want = reference(x, w, wOut, wIn, transposed, bias);
                Act got = new Act(mOut, x.n, x.h, x.w);
                java.util.Arrays.fill(got.data, Float.NaN);
                RowWinograd.conv(x, RowWinograd.packWeights(w, wOut, wIn, transposed, new float[RowWinograd.XI * 3 * wOut * wIn]), mOut, mIn, bias, got, new Scratch(), RowWinograd.FORWARD);
                double err = maxError(got.data, want), scale = 0;
                for (double v : want) scale = Math.max(scale, Math.abs(v));
                // the direct GEMM in float on the same problem, for the size of an acceptable rounding error
                Act direct = directGemm(x, w, wOut, wIn, transposed, bias);
                double directErr = maxError(direct.data, want);
                RowWinograd.chunkColumns = defaultChunk;
                String what = java.util.Arrays.toString(sh) + (transposed ? " input gradient" : " forward") + ", chunk " + chunk;
                assertTrue(err <= 2e-6 * scale * Math.sqrt(9.0 * mIn) + 4 * directErr,
                        what + ": error " + err + " (direct GEMM " + directErr + ", scale " + scale + ")");
                System.out.printf("%s: max error %.2e, direct GEMM %.2e, scale %.1f%n", what, err, directErr, scale);
            }
    }

    /**
     * The residual block's additions in the output transform (a bias per sample and channel, a residual) give the
     * bits of the convolution followed by separate passes that add them in the same order, on every path of the
     * output transform (wide rows, rows narrower than a vector, the buffered last tile of a range, the scalar edge),
     * chunked and not.
     */
    @Test
    void fusedEpilogueEqualsSeparatePasses() {
        SplittableRandom rng = new SplittableRandom(13);
        int[][] shapes = {{2, 28, 28}, {3, 14, 14}, {1, 7, 7}, {2, 5, 9}, {1, 3, 3}, {2, 9, 1}, {5, 7, 7}};
        int defaultChunk = RowWinograd.chunkColumns;
        try {
            for (int[] sh : shapes)
                for (int chunk : new int[]{defaultChunk, 1})
                    for (int variant = 0; variant < 3; variant++) { // sample bias, residual, both
                        RowWinograd.chunkColumns = chunk;
                        int mOut = 16, mIn = 24, n = sh[0], hw = sh[1] * sh[2];
                        Act x = new Act(mIn, n, sh[1], sh[2], random(mIn * n * hw, rng));
                        float[] w = random(9 * mOut * mIn, rng), bias = random(mOut, rng);
                        float[] ap = RowWinograd.packWeights(w, mOut, mIn, false, new float[RowWinograd.XI * 3 * mOut * mIn]);
                        float[] sb = variant != 1 ? random(n * mOut, rng) : null, res = variant != 0 ? random(mOut * n * hw, rng) : null;
                        Act want = new Act(mOut, n, sh[1], sh[2]), got = new Act(mOut, n, sh[1], sh[2]);
                        java.util.Arrays.fill(got.data, Float.NaN);
                        RowWinograd.conv(x, ap, mOut, mIn, bias, want, new Scratch(), RowWinograd.FORWARD);
                        for (int o = 0; o < mOut; o++)
                            for (int i = 0; i < n; i++)
                                for (int k = (o * n + i) * hw; k < (o * n + i + 1) * hw; k++) {
                                    if (sb != null) want.data[k] += sb[i * mOut + o];
                                    if (res != null) want.data[k] += res[k];
                                }
                        Scratch s = new Scratch();
                        RowWinograd.conv(x, ap, mOut, mIn, bias, sb, res, got, s, RowWinograd.FORWARD,
                                s.winoInput(RowWinograd.XI * mIn * RowWinograd.transformedColumns(x)));
                        assertTrue(java.util.Arrays.equals(want.data, got.data),
                                java.util.Arrays.toString(sh) + ", chunk " + chunk + ", variant " + variant);
                    }
        } finally {
            RowWinograd.chunkColumns = defaultChunk;
        }
    }

    @Test
    void weightGradientMatchesTheDirectSum() {
        SplittableRandom rng = new SplittableRandom(11);
        int[][] shapes = {{2, 28, 28}, {3, 14, 14}, {2, 7, 7}, {1, 5, 9}, {2, 9, 1}};
        for (int[] sh : shapes) {
            int cin = 16, cout = 24, n = sh[0], h = sh[1], wd = sh[2];
            Act x = new Act(cin, n, h, wd, random(cin * n * h * wd, rng));
            Act dy = new Act(cout, n, h, wd, random(cout * n * h * wd, rng));
            float[] w = random(9 * cout * cin, rng);
            float[] v = new float[RowWinograd.XI * cin * RowWinograd.transformedColumns(x)];
            Scratch s = new Scratch();
            RowWinograd.conv(x, RowWinograd.packWeights(w, cout, cin, false, new float[RowWinograd.XI * 3 * cout * cin]),
                    cout, cin, null, new Act(cout, n, h, wd), s, RowWinograd.FORWARD, v);
            float[] grad = new float[9 * cout * cin];
            java.util.Arrays.fill(grad, 1f); // accumulates
            RowWinogradWeightGradient.weightGradient(v, dy, cin, grad, s);
            double err = 0, scale = 0;
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                    for (int o = 0; o < cout; o++)
                        for (int c = 0; c < cin; c++) {
                            double want = 1;
                            for (int i = 0; i < n; i++)
                                for (int yy = 0; yy < h; yy++)
                                    for (int xx = 0; xx < wd; xx++) {
                                        int sy = yy + ky - 1, sx = xx + kx - 1;
                                        if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
                                        want += (double) dy.data[((o * n + i) * h + yy) * wd + xx] * x.data[((c * n + i) * h + sy) * wd + sx];
                                    }
                            err = Math.max(err, Math.abs(grad[((ky * 3 + kx) * cout + o) * cin + c] - want));
                            scale = Math.max(scale, Math.abs(want));
                        }
            String what = java.util.Arrays.toString(sh) + " weight gradient";
            System.out.printf("%s: max error %.2e, scale %.1f%n", what, err, scale);
            assertTrue(err <= 4e-6 * scale * Math.sqrt((double) n * h * wd), what + ": error " + err + ", scale " + scale);
        }
    }

    /**
     * The weight gradient in chunks (nothing kept but x; V and Ŷ per chunk, Ŷ with the output channels contiguous)
     * against the direct sum in double; the same bits on one thread and on all of them, for chunks of one tile row,
     * of two and of the default size, on rows narrower and wider than a vector and heights not a multiple of 4.
     */
    @Test
    void weightGradientInChunksMatchesTheDirectSumWhateverTheThreadCount() {
        int chunkWas = RowWinograd.chunkColumns, threadsWas = Par.threads();
        try {
            SplittableRandom rng = new SplittableRandom(17);
            int[][] shapes = {{2, 28, 28}, {3, 14, 14}, {4, 7, 7}, {3, 10, 9}, {5, 6, 21}};
            int[][] channels = {{16, 32}, {12, 64}, {32, 32}};
            for (int[] sh : shapes)
                for (int[] cc : channels) {
                    int cin = cc[0], cout = cc[1], n = sh[0], h = sh[1], wd = sh[2], wp = wd + 1;
                    Act x = new Act(cin, n, h, wd, random(cin * n * h * wd, rng));
                    Act dy = new Act(cout, n, h, wd, random(cout * n * h * wd, rng));
                    double[] want = new double[9 * cout * cin];
                    double scale = 0;
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                            for (int o = 0; o < cout; o++)
                                for (int c = 0; c < cin; c++) {
                                    double sum = 1;
                                    for (int i = 0; i < n; i++)
                                        for (int yy = 0; yy < h; yy++)
                                            for (int xx = 0; xx < wd; xx++) {
                                                int sy = yy + ky - 1, sx = xx + kx - 1;
                                                if (sy < 0 || sy >= h || sx < 0 || sx >= wd) continue;
                                                sum += (double) dy.data[((o * n + i) * h + yy) * wd + xx] * x.data[((c * n + i) * h + sy) * wd + sx];
                                            }
                                    want[((ky * 3 + kx) * cout + o) * cin + c] = sum;
                                    scale = Math.max(scale, Math.abs(sum));
                                }
                    int ran = 0;
                    for (int chunk : new int[]{wp, 2 * wp, chunkWas}) {
                        float[] one = null;
                        for (int threads : new int[]{1, threadsWas}) {
                            RowWinograd.chunkColumns = chunk;
                            Par.limit(threads);
                            String what = java.util.Arrays.toString(sh) + " " + cin + "->" + cout + ", chunk " + chunk + ", threads " + threads;
                            if (!RowWinogradWeightGradient.weightGradientInChunks(x, cout)) continue; // fewer chunks than groups
                            float[] grad = new float[9 * cout * cin];
                            java.util.Arrays.fill(grad, 1f); // accumulates
                            RowWinogradWeightGradient.weightGradientChunked(x, dy, grad, new Scratch());
                            double err = 0;
                            for (int e = 0; e < grad.length; e++) err = Math.max(err, Math.abs(grad[e] - want[e]));
                            if (ran++ == 0) System.out.printf("%s: max error %.2e, scale %.1f%n", what, err, scale);
                            assertTrue(err <= 4e-6 * scale * Math.sqrt((double) n * h * wd), what + ": error " + err + ", scale " + scale);
                            if (one == null) one = grad;
                            else org.junit.jupiter.api.Assertions.assertArrayEquals(one, grad, what + ": the same bits as on one thread");
                        }
                    }
                    assertTrue(ran > 0, java.util.Arrays.toString(sh) + ": ran in chunks");
                }
        } finally {
            RowWinograd.chunkColumns = chunkWas;
            Par.limit(threadsWas);
        }
    }

    /**
     * The chunked pipeline (chunks of several tile rows, narrow rows whose vectors run past a row's end next to a
     * chunk's boundary) gives the same bits as the unchunked passes, on one thread and on all of them, forward and as
     * the input gradient; and the weight gradient from a chunked forward's transformed input equals the unchunked one.
     */
    @Test
    void chunkedAndUnchunkedGiveTheSameBits() {
        int chunkWas = RowWinograd.chunkColumns, threadsWas = Par.threads();
        try {
            SplittableRandom rng = new SplittableRandom(13);
            int[][] shapes = {{16, 14, 14}, {16, 28, 28}, {16, 7, 7}, {9, 9, 11}};
            for (int[] sh : shapes)
                for (boolean transposed : new boolean[]{false, true}) {
                    int wOut = 16, wIn = 24, mOut = transposed ? wIn : wOut, mIn = transposed ? wOut : wIn, wp = sh[2] + 2;
                    Act x = new Act(mIn, sh[0], sh[1], sh[2], random(mIn * sh[0] * sh[1] * sh[2], rng));
                    Act dy = new Act(mOut, sh[0], sh[1], sh[2], random(mOut * sh[0] * sh[1] * sh[2], rng));
                    float[] w = random(9 * wOut * wIn, rng), bias = random(mOut, rng);
                    float[] ap = RowWinograd.packWeights(w, wOut, wIn, transposed, new float[RowWinograd.XI * 3 * wOut * wIn]);
                    float[] want = null, wantGrad = null;
                    for (int chunk : new int[]{1 << 20, 2 * wp, 3 * wp, 512})
                        for (int threads : new int[]{1, threadsWas}) {
                            RowWinograd.chunkColumns = chunk;
                            Par.limit(threads);
                            Act got = new Act(mOut, x.n, x.h, x.w);
                            float[] v = new float[RowWinograd.XI * mIn * RowWinograd.transformedColumns(x)];
                            Scratch s = new Scratch();
                            RowWinograd.conv(x, ap, mOut, mIn, bias, got, s, RowWinograd.FORWARD, v);
                            float[] grad = new float[9 * mOut * mIn];
                            RowWinogradWeightGradient.weightGradient(v, dy, mIn, grad, s);
                            String what = java.util.Arrays.toString(sh) + (transposed ? " input gradient" : " forward")
                                    + ", chunk " + chunk + ", threads " + threads;
                            if (want == null) {
                                want = got.data;
                                wantGrad = grad;
                            } else {
                                org.junit.jupiter.api.Assertions.assertArrayEquals(want, got.data, what);
                                org.junit.jupiter.api.Assertions.assertArrayEquals(wantGrad, grad, what + ", weight gradient");
                            }
                        }
                }
        } finally {
            RowWinograd.chunkColumns = chunkWas;
            Par.limit(threadsWas);
        }
    }

    /** The engine's direct path: padded layout, nine taps as column offsets (VecConv.apply). */
    private static Act directGemm(Act x, float[] w, int wOut, int wIn, boolean transposed, float[] bias) {
        int mOut = transposed ? wIn : wOut, mIn = x.c, wp = x.w + 2, hp = x.h + 2, P = x.n * hp * wp, lo = wp + 1;
        float[] xp = new float[mIn * P];
        for (int c = 0; c < mIn; c++)
            for (int i = 0; i < x.n; i++)
                for (int y = 0; y < x.h; y++)
                    System.arraycopy(x.data, ((c * x.n + i) * x.h + y) * x.w, xp, c * P + (i * hp + y + 1) * wp + 1, x.w);
        int[] offs = new int[9];
        float[] a = new float[mOut * 9 * mIn];
        for (int t = 0; t < 9; t++) {
            int dy = t / 3 - 1, dx = t % 3 - 1;
            offs[t] = transposed ? -(dy * wp + dx) : dy * wp + dx;
            for (int o = 0; o < mOut; o++)
                for (int c = 0; c < mIn; c++)
                    a[o * 9 * mIn + t * mIn + c] = transposed ? w[(t * wOut + c) * wIn + o] : w[(t * wOut + o) * wIn + c];
        }
        float[] out = new float[mOut * P];
        VecConv.apply(xp, mIn, P, lo, P - 2 * lo, offs, a, mOut, out, new Scratch());
        Act y = new Act(mOut, x.n, x.h, x.w);
        for (int o = 0; o < mOut; o++)
            for (int i = 0; i < x.n; i++)
                for (int yy = 0; yy < x.h; yy++)
                    for (int xx = 0; xx < x.w; xx++)
                        y.data[((o * x.n + i) * x.h + yy) * x.w + xx] = out[o * P + (i * hp + yy + 1) * wp + 1 + xx] + (bias == null ? 0 : bias[o]);
        return y;
    }
}

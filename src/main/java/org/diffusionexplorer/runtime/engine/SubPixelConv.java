package org.diffusionexplorer.runtime.engine;

import java.util.Arrays;

import static org.diffusionexplorer.runtime.engine.RowWinograd.G;
import static org.diffusionexplorer.runtime.engine.RowWinograd.TILE;
import static org.diffusionexplorer.runtime.engine.RowWinograd.XI;

/**
 * The UNet's nearest ×2 upsampling followed by a 3×3 convolution, without the upsampled image: along y the
 * upsampling is read in place by {@link RowWinograd}'s row transform (each source row twice), and along x the two
 * output columns 2X and 2X + 1 of each source column X are two 2-tap filters of the source row ("sub-pixel"):
 * column 2X + 0 is g₀·x[X − 1] + (g₁ + g₂)·x[X], column 2X + 1 is (g₀ + g₁)·x[X] + g₂·x[X + 1], for every row of
 * taps g. The products then take 2 × 2 taps per pair of output columns instead of 2 × 3, a third fewer
 * multiply-adds than the Winograd convolution of the upsampled image (the upsampling convolutions are about a fifth
 * of the UNet's arithmetic), on half as many columns. The same holds for both backward products.
 *
 * Results equal the upsampling and the convolution to rounding (SubPixelConvTest); like the convolution, they are
 * the same on every run and for every thread count.
 */
final class SubPixelConv {
    private static final int L = VecConv.L;
    /** The source column offsets of the two column phases (forward), and their mirror images (input gradient). */
    private static final int[][] PHASE_TAPS = {{-1, 0}, {0, 1}};

    private SubPixelConv() {
    }

    /**
     * Whether this path runs the upsampling convolution of low (cin channels) into cout channels: whole blocks of 8
     * rows for both products, and at least four chunks of tile rows (a count that does not depend on the threads,
     * so neither does the choice of path).
     */
    static boolean handles(Act low, int cout) {
        return VecSupport.enabled() && cout % VecConv.MR == 0 && low.c % VecConv.MR == 0 && RowWinograd.handles(cout, low.w)
                && chunks(low) >= 4;
    }

    private static int tileRows(Act low) {
        return low.n * ((2 * low.h + TILE - 1) / TILE);
    }

    private static int perChunk(Act low) {
        return Math.max(1, RowWinograd.chunkColumns / (low.w + 1));
    }

    private static int chunks(Act low) {
        return (tileRows(low) + perChunk(low) - 1) / perChunk(low);
    }

    /** Columns of the transformed rows (per channel and ξ) of the upsampled-along-y image of low, as {@link RowWinograd#transformedColumns}. */
    static int transformedColumns(Act low) {
        return tileRows(low) * (low.w + 1) + 1;
    }

    /** w[ky][kx] combined into phase p's two taps t: g₀ | g₁ + g₂ (phase 0), g₀ + g₁ | g₂ (phase 1). */
    private static double phaseTap(float[] w, int ky, int p, int t, int cout, int cin, int o, int c) {
        double g0 = w[((ky * 3) * cout + o) * cin + c], g1 = w[((ky * 3 + 1) * cout + o) * cin + c], g2 = w[((ky * 3 + 2) * cout + o) * cin + c];
        return p == 0 ? (t == 0 ? g0 : g1 + g2) : (t == 0 ? g0 + g1 : g2);
    }

    /**
     * The forward product's weights: per ξ and phase p, U[o][t·cin + c] = Σ_ky G[ξ][ky]·K_p[ky][t][o][c], packed in
     * blocks of 8 output rows as {@link VecConv}'s kernels read them, from ((ξ·2 + p)·cout)·2cin.
     */
    static float[] packForward(float[] w, int cout, int cin, float[] ap) {
        int k = 2 * cin, mr = VecConv.MR;
        for (int p = 0; p < 2; p++)
            for (int o = 0; o < cout; o++)
                for (int t = 0; t < 2; t++)
                    for (int c = 0; c < cin; c++) {
                        double k0 = phaseTap(w, 0, p, t, cout, cin, o, c), k1 = phaseTap(w, 1, p, t, cout, cin, o, c),
                                k2 = phaseTap(w, 2, p, t, cout, cin, o, c);
                        int at = ((o / mr) * k + t * cin + c) * mr + o % mr;
                        for (int xi = 0; xi < XI; xi++)
                            ap[(xi * 2 + p) * cout * k + at] = (float) (G[xi][0] * k0 + G[xi][1] * k1 + G[xi][2] * k2);
                    }
        return ap;
    }

    /**
     * The input gradient's weights: rows are the cin inputs, columns kk the (source offset, phase, output) triples
     * of {@link #inputGradientOffsets}'s order; the taps mirrored along y (ky' = 2 − ky) and x (offset −t).
     */
    static float[] packInputGradient(float[] w, int cout, int cin, float[] ap) {
        int k = 4 * cout, mr = VecConv.MR;
        for (int c = 0; c < cin; c++) {
            int kk = 0;
            for (int off = -1; off <= 1; off++)
                for (int p = 0; p < 2; p++) {
                    int t = Arrays.binarySearch(PHASE_TAPS[p], -off);
                    if (t < 0) continue;
                    for (int o = 0; o < cout; o++, kk++) {
                        double k0 = phaseTap(w, 2, p, t, cout, cin, o, c), k1 = phaseTap(w, 1, p, t, cout, cin, o, c),
                                k2 = phaseTap(w, 0, p, t, cout, cin, o, c);
                        int at = ((c / mr) * k + kk) * mr + c % mr;
                        for (int xi = 0; xi < XI; xi++)
                            ap[xi * cin * k + at] = (float) (G[xi][0] * k0 + G[xi][1] * k1 + G[xi][2] * k2);
                    }
                }
        }
        return ap;
    }

    /**
     * Offsets in the transformed rows (rows vq apart, ξ·2cout rows from the start for V_ξ, plus the column offset) of
     * the input gradient's B rows, in packing order.
     */
    private static int[] inputGradientOffsets(int cout, int vq, int xi) {
        int[] b = new int[4 * cout];
        int kk = 0;
        for (int off = -1; off <= 1; off++)
            for (int p = 0; p < 2; p++) {
                if (Arrays.binarySearch(PHASE_TAPS[p], -off) < 0) continue;
                for (int o = 0; o < cout; o++) b[kk++] = (xi * 2 * cout + p * cout + o) * vq + off;
            }
        return b;
    }

    /**
     * y = conv3×3(upsample(low)) + bias, cout channels of 2h × 2w. With v not null (XI·cin·{@link #transformedColumns}
     * floats) the transformed input is kept there for {@link #backward}.
     */
    static Act forward(Act low, float[] ap, int cout, float[] bias, Scratch s, float[] v) {
        int cin = low.c, n = low.n, w = low.w, h2 = 2 * low.h, w2 = 2 * w, th = (h2 + TILE - 1) / TILE, wp = w + 1, k = 2 * cin;
        int tileRows = tileRows(low), perChunk = perChunk(low), chunks = chunks(low), cq = perChunk * wp + 1, q = transformedColumns(low);
        boolean keepV = v != null;
        int vq = keepV ? q : cq;
        int[][][] bOffs = new int[XI][2][];
        for (int xi = 0; xi < XI; xi++)
            for (int p = 0; p < 2; p++) bOffs[xi][p] = VecConv.rowOffsets(cin, vq, PHASE_TAPS[p], xi * cin * vq);
        Act y = Act.uninit(cout, n, h2, w2);
        float[] out = y.data;
        long t0 = Profile.start();
        Par.chunks(chunks, (wk, ch) -> {
            int g0 = ch * perChunk, g1 = Math.min(tileRows, g0 + perChunk), gv = keepV ? 0 : g0;
            ConvGemm.Worker buffers = s.worker(wk);
            float[] vc = keepV ? v : buffers.winoV(XI * cin * cq + L), mc = buffers.winoM(XI * 2 * cout * cq + L);
            RowWinograd.Rows st = new RowWinograd.Rows(w);
            for (int c = 0; c < cin; c++) RowWinograd.transformRows(low, 1, th, wp, vq, gv, vc, false, c, g0, g1, st);
            int lo = (g0 - gv) * wp + 1, len = (g1 - g0) * wp - 1;
            for (int xi = 0; xi < XI; xi++)
                for (int p = 0; p < 2; p++) // M_ξ,p[o][column − (g0 − gv)·wp]
                    VecConv.panels(vc, bOffs[xi][p], vq, lo, len, ap, (xi * 2 + p) * cout * k, cout, mc, cq, (xi * 2 + p) * cout * cq - (g0 - gv) * wp);
            float[] tmp = new float[8 * L];
            for (int o = 0; o < cout; o++) {
                float b = bias == null ? 0f : bias[o];
                for (int g = g0; g < g1; g++) {
                    int i = g / th, ty = g % th, rows = Math.min(TILE, h2 - TILE * ty), dst = (o * n + i) * h2 * w2 + TILE * ty * w2;
                    for (int x0 = 0; x0 < w; x0 += L) {
                        int xs = w >= L ? Math.min(x0, w - L) : 0, count = Math.min(L, w);
                        for (int p = 0; p < 2; p++) // rows a of phase p at tmp[(p·4 + a)·L ...]
                            RowWinograd.outputRowVector(mc, (p * cout + o) * cq + (g - g0) * wp + 1, 2 * cout * cq, xs, L, b, 0f, null, tmp,
                                    p * 4 * L - xs, 4);
                        for (int a = 0; a < rows; a++) {
                            int d = dst + a * w2 + 2 * xs, t = a * L;
                            for (int l = 0; l < count; l++) {
                                out[d + 2 * l] = tmp[t + l];
                                out[d + 2 * l + 1] = tmp[4 * L + t + l];
                            }
                        }
                    }
                }
            }
        });
        Profile.lap("conv3.fwd.subpixel", t0, 2L * cout * 9 * cin * y.plane());
        return y;
    }

    /**
     * Backward from dL/dy (cout channels of 2h × 2w): accumulates grad[tap][out][in] from the forward's kept
     * transformed input v, adds the bias gradient to biasGrad, and returns dL/d(low) (cin channels of h × w).
     */
    static Act backward(Act dy, float[] v, float[] apX, int cin, float[] grad, float[] biasGrad, Scratch s) {
        int cout = dy.c, n = dy.n, h2 = dy.h, w2 = dy.w, w = w2 / 2, h = h2 / 2, th = (h2 + TILE - 1) / TILE, wp = w + 1;
        long t0 = Profile.start();
        // the two column phases of dL/dy as 2·cout channels of 2h × w: [p·cout + o][row][X] = dy[o][row][2X + p]
        Act du = Act.uninit(2 * cout, n, h2, w);
        float[] g = dy.data, d = du.data;
        int plane = n * h2 * w2, planeU = n * h2 * w;
        Par.each(cout, plane, o -> {
            double sum = 0;
            for (int r = 0; r < n * h2; r++) {
                int a = o * plane + r * w2, b0 = o * planeU + r * w, b1 = (cout + o) * planeU + r * w;
                for (int x = 0; x < w; x++) {
                    d[b0 + x] = g[a + 2 * x];
                    d[b1 + x] = g[a + 2 * x + 1];
                }
            }
            biasGrad[o] += (float) GroupNormSilu.sum(g, o * plane, plane);
        });
        t0 = Profile.lap("conv3.bwd.subpixel.split", t0);
        // the weight gradient: per phase, the direct weight gradient's product with its two taps on the transformed rows
        int q = n * th * wp + 1, k = 2 * cin;
        float[] yhat = s.pad(XI * 2 * cout * q);
        RowWinograd.transform(du, th, wp, q, yhat, true);
        float[][] acc = new float[2][XI * cout * k];
        for (int xi = 0; xi < XI; xi++)
            for (int p = 0; p < 2; p++)
                VecConvGrad.weightGradientDot(v, xi * cin * q, cin, q, 1, q - 2, PHASE_TAPS[p], yhat, (xi * 2 + p) * cout * q, cout, acc[p], xi * cout * k, s);
        t0 = Profile.lap("conv3.bwd.subpixel.dW", t0, 2L * cout * 9 * cin * dy.plane());
        // dL/dK_p[ky] = Σ_ξ G[ξ][ky]·dL/dU_ξ,p, then into the 3×3 taps: g₀ ← K₀[−1], K₁[0]; g₁ ← K₀[0], K₁[0]; g₂ ← K₀[0], K₁[+1]
        Par.each(cout, 9L * cin * XI * 4, o -> {
            for (int ky = 0; ky < 3; ky++)
                for (int c = 0; c < cin; c++) {
                    double k0m = 0, k00 = 0, k10 = 0, k1p = 0; // K₀[−1], K₀[0], K₁[0], K₁[+1]
                    for (int xi = 0; xi < XI; xi++) {
                        int a = (xi * cout + o) * k + c;
                        double gx = G[xi][ky];
                        k0m += gx * acc[0][a];
                        k00 += gx * acc[0][a + cin];
                        k10 += gx * acc[1][a];
                        k1p += gx * acc[1][a + cin];
                    }
                    int gi = (ky * 3 * cout + o) * cin + c, tap = cout * cin;
                    grad[gi] += (float) (k0m + k10);
                    grad[gi + tap] += (float) (k00 + k10);
                    grad[gi + 2 * tap] += (float) (k00 + k1p);
                }
        });
        Profile.lap("conv3.bwd.subpixel.dW.out", t0);
        // the input gradient of the upsampled-along-y image (cin channels of 2h × w), then each pair of rows summed
        Act dUp = inputGradient(du, apX, cin, s);
        t0 = Profile.start();
        Act dLow = Act.uninit(cin, n, h, w);
        float[] up = dUp.data, lowD = dLow.data;
        Par.each(cin, (long) n * h2 * w, c -> {
            for (int r = 0; r < n * h; r++) {
                int a = (c * n * h + r) * w, b = (c * n * h2 + 2 * r) * w;
                for (int x = 0; x < w; x++) lowD[a + x] = up[b + x] + up[b + w + x];
            }
        });
        Profile.lap("conv3.bwd.subpixel.sum", t0);
        return dLow;
    }

    /** dL/d(the upsampled-along-y image) from the phase-split dL/dy du (2·cout channels of 2h × w). */
    private static Act inputGradient(Act du, float[] apX, int cin, Scratch s) {
        int cout = du.c / 2, n = du.n, h2 = du.h, w = du.w, th = (h2 + TILE - 1) / TILE, wp = w + 1, k = 4 * cout;
        int tileRows = n * th, perChunk = Math.max(1, RowWinograd.chunkColumns / wp), chunks = (tileRows + perChunk - 1) / perChunk;
        int cq = perChunk * wp + 1;
        int[][] bOffs = new int[XI][];
        for (int xi = 0; xi < XI; xi++) bOffs[xi] = inputGradientOffsets(cout, cq, xi);
        Act dx = Act.uninit(cin, n, h2, w);
        long t0 = Profile.start();
        Par.chunks(chunks, (wk, ch) -> {
            int g0 = ch * perChunk, g1 = Math.min(tileRows, g0 + perChunk);
            ConvGemm.Worker buffers = s.worker(wk);
            float[] vc = buffers.winoV(XI * 2 * cout * cq + L), mc = buffers.winoM(XI * cin * cq + L);
            RowWinograd.Rows st = new RowWinograd.Rows(w);
            for (int c = 0; c < 2 * cout; c++) RowWinograd.transformRows(du, 0, th, wp, cq, g0, vc, false, c, g0, g1, st);
            for (int xi = 0; xi < XI; xi++)
                VecConv.panels(vc, bOffs[xi], cq, 1, (g1 - g0) * wp - 1, apX, xi * cin * k, cin, mc, cq, xi * cin * cq);
            for (int c = 0; c < cin; c++) RowWinograd.outputRows(mc, cq, g0, th, wp, null, null, null, dx, c, g0, g1, st);
        });
        Profile.lap("conv3.bwd.subpixel.dX", t0, 2L * cout * 9 * cin * 2 * dx.plane());
        return dx;
    }
}

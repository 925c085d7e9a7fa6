package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 3×3 convolution (stride 1, zero padding 1) with Winograd's minimal filtering F(4, 3) along the image's rows:
 * four output rows come from six input rows with 6 × 3 multiplies per column and channel pair instead of 4 × 9,
 * half the multiply-adds of the direct convolution. Along x the three taps stay a direct sum of shifted columns, so
 * the six products are the direct convolution's GEMM with three taps ({@link VecConv#applyPacked}).
 *
 * For one tile row of six input rows d_0..d_5 (rows 4·ty − 1 … 4·ty + 4, zero outside the image):
 * V_ξ = Σ_r Bᵀ[ξ][r]·d_r (whole rows, zero-padded by one column on each side); U_ξ,kx = Σ_ky G[ξ][ky]·g[ky][kx];
 * M_ξ = Σ_kx U_ξ,kx · shift_kx(V_ξ); output row a = Σ_ξ Aᵀ[a][ξ]·M_ξ (+ bias). The matrices are Lavin and Gray's
 * (2015), with interpolation points 0, ±1, ±2 and ∞. Only one dimension is transformed, so the transforms are
 * whole-row vector operations (no strided access) and the rounding error stays close to the direct sum's
 * (RowWinogradTest measures it).
 *
 * The transforms read the unpadded activation and write the unpadded output, so this path also needs no padding
 * copy and no unpadding copy. Layouts: V is [ξ][c][n·th·wp + 1] and M is [ξ][o][n·th·wp + 1], with th = ⌈h/4⌉ tile
 * rows per sample and wp = w + 1: each tile row is a zero column and its w columns, so one zero column separates
 * two tile rows (the left padding of one is the right padding of the one before), and a last zero column ends the
 * layout. Until wave 2, session 6 each tile row had a zero on both sides (wp = w + 2, as {@link Conv}'s padded
 * layout), and the products computed both: 1/w more columns, 14% at 14 × 14 and 29% at 7 × 7 where w + 1 has 7%
 * and 14%.
 *
 * The weight gradient is {@link RowWinogradWeightGradient}'s: in chunks where the shapes allow, with nothing kept
 * from the forward pass but its input; else from the forward's kept transformed input.
 */
final class RowWinograd {
    /** The transforms' vectors: the same species as the kernels (mixing species in one JVM made C2 give up on other Vector API loops: GroupNorm ran 4× slower). */
    private static final VectorSpecies<Float> S = VecConv.S;
    private static final int L = S.length();
    /** Output rows per tile, transformed rows per tile. */
    static final int TILE = 4, XI = 6;
    static final double[][] G = {
            {1 / 4.0, 0, 0},
            {-1 / 6.0, -1 / 6.0, -1 / 6.0},
            {-1 / 6.0, 1 / 6.0, -1 / 6.0},
            {1 / 24.0, 1 / 12.0, 1 / 6.0},
            {1 / 24.0, -1 / 12.0, 1 / 6.0},
            {0, 0, 1}};
    static final float[] ZERO = new float[4096];
    /** The horizontal taps as column offsets in the transformed rows. */
    static final int[] TAPS = {-1, 0, 1};
    /** Columns of the transformed rows per chunk of {@link #conv}'s pipeline (whole tile rows): 6–7% faster than unchunked at batch 16 and 64 (interleaved A/B in one JVM), 128–1024 within noise of each other above 256. Wave 2 session 9 (interleaved A/B of whole training steps, {@code StepAb}): 256 makes the chunked products 22–25% slower, 1024 the same as 512, so smaller chunks do not make them less memory-sensitive. Not final: RowWinogradTest runs chunks of one tile row. */
    static int chunkColumns = 512;

    /** Profile rows: the three stages, and the three together when run in chunks. */
    static final String[] FORWARD = {"conv3.fwd.wino.in", "conv3.fwd.wino.gemm", "conv3.fwd.wino.out", "conv3.fwd.wino.chunked"},
            INPUT_GRADIENT = {"conv3.bwd.wino.dX.in", "conv3.bwd.wino.dX.gemm", "conv3.bwd.wino.dX.out", "conv3.bwd.wino.dX.chunked"};

    private RowWinograd() {
    }

    /** Whether this path can run a convolution with m output rows on images w wide. */
    static boolean handles(int m, int w) {
        return VecSupport.enabled() && m % VecConv.MR == 0 && w + 2 <= ZERO.length;
    }

    /**
     * dst = conv3×3(x) (+ bias when not null), with the weights transformed and packed by {@link #packWeights} for
     * mOut output and mIn input rows. The profile's rows for the three stages are named by laps.
     */
    static void conv(Act x, float[] ap, int mOut, int mIn, float[] bias, Act dst, Scratch s, String[] laps) {
        conv(x, ap, mOut, mIn, bias, dst, s, laps, null);
    }

    /** Columns of the transformed rows of an activation like x (per channel and ξ). */
    static int transformedColumns(Act x) {
        return x.n * ((x.h + TILE - 1) / TILE) * (x.w + 1) + 1;
    }

    /**
     * As above, with the transformed input written to v (XI·mIn·{@link #transformedColumns} floats), for
     * {@link RowWinogradWeightGradient#weightGradient}; or, with v null, kept nowhere (in chunks it then stays in a small buffer per worker).
     */
    static void conv(Act x, float[] ap, int mOut, int mIn, float[] bias, Act dst, Scratch s, String[] laps, float[] v) {
        conv(x, ap, mOut, mIn, bias, null, null, dst, s, laps, v);
    }

    /**
     * As above, with the residual block's additions in the output transform, in the order of separate passes: dst =
     * ((conv + bias) + sampleBias[sample][out]) + residual, either may be null (the time embedding's projection after
     * the first convolution of a block, the skip connection after the second). One read and one write of dst less
     * for each than a pass of its own.
     */
    static void conv(Act x, float[] ap, int mOut, int mIn, float[] bias, float[] sampleBias, float[] residual, Act dst, Scratch s,
                     String[] laps, float[] v) {
        if (residual != null && residual.length != dst.data.length) throw new IllegalArgumentException("residual");
        if (x.c != mIn || dst.c != mOut) throw new IllegalArgumentException("channels");
        int th = (x.h + TILE - 1) / TILE, wp = x.w + 1, q = x.n * th * wp + 1, k = 3 * mIn;
        long t0 = Profile.start();
        int tileRows = x.n * th, perChunk = Math.max(1, chunkColumns / wp), chunks = (tileRows + perChunk - 1) / perChunk;
        if (chunks >= 2 * Par.threads()) {
            // in chunks of tile rows, each transformed, multiplied and transformed back by one thread while its
            // rows are in cache (one pass over memory each was memory-bound: V and M are 1.5 times x and dst).
            // A chunk's products M, and V when it is not kept, go to the worker's own buffer with cq columns per
            // row, reused chunk after chunk: a chunk's columns of the whole-image buffers were first written to
            // memory and read back, for nothing (wave 2, session 10).
            int cq = perChunk * wp + 1;
            boolean keepV = v != null;
            int vq = keepV ? q : cq;
            int[][] bOffs = new int[XI][];
            for (int xi = 0; xi < XI; xi++) bOffs[xi] = VecConv.rowOffsets(mIn, vq, TAPS, xi * (mIn - mOut) * vq);
            Par.chunks(chunks, (wk, ch) -> {
                int g0 = ch * perChunk, g1 = Math.min(tileRows, g0 + perChunk), gv = keepV ? 0 : g0;
                ConvGemm.Worker buffers = s.worker(wk);
                float[] vc = keepV ? v : buffers.winoV(XI * mIn * cq + L), mc = buffers.winoM(XI * mOut * cq + L);
                Rows st = new Rows(x.w);
                for (int c = 0; c < mIn; c++) transformRows(x, th, wp, vq, gv, vc, false, c, g0, g1, st);
                for (int xi = 0; xi < XI; xi++) {
                    // column j of the chunk's V_ξ rows (from lo) lands at column j − (g0 − gv)·wp of M_ξ's
                    int lo = xi * mOut * vq + (g0 - gv) * wp + 1;
                    VecConv.panels(vc, bOffs[xi], vq, lo, (g1 - g0) * wp - 1, ap, xi * mOut * k, mOut, mc, cq,
                            xi * mOut * cq - xi * mOut * vq - (g0 - gv) * wp);
                }
                for (int o = 0; o < mOut; o++) outputRows(mc, cq, g0, th, wp, bias, sampleBias, residual, dst, o, g0, g1, st);
            });
            Profile.lap(laps[3], t0, 2L * mOut * 9 * mIn * x.plane());
            return;
        }
        float[] vAll = v != null ? v : s.winoInput(XI * mIn * q), m = s.out(XI * mOut * q);
        inputTransform(x, th, wp, q, vAll);
        t0 = Profile.lap(laps[0], t0);
        // product ξ: rows of V_ξ from ξ·mIn·q, of M_ξ from ξ·mOut·q (lo shifts both; the offsets correct src's)
        int shift = (mIn - mOut) * q;
        VecConv.applyPacked(vAll, mIn, q, 1, q - 2, TAPS, ap, 0, null, mOut, m, XI, mOut * q, shift, mOut * k);
        t0 = Profile.lap(laps[1], t0, 2L * mOut * 9 * mIn * x.plane());
        outputTransform(m, q, th, wp, bias, sampleBias, residual, dst);
        Profile.lap(laps[2], t0);
    }

    /**
     * U_ξ,kx = Σ_ky G[ξ][ky]·g[ky][kx] for every (out, in) pair, packed for {@link VecConv}'s kernels: per ξ, blocks
     * of 8 output rows [block][kx·mIn + in][8]. Weights w are [tap][out][in] with taps ky·3 + kx ({@link Conv}); with
     * {@code transposed}, the convolution packed is the input gradient's: out and in swap roles and the taps are
     * mirrored, so it maps dL/dy to dL/dx.
     */
    static float[] packWeights(float[] w, int wOut, int wIn, boolean transposed, float[] ap) {
        int mOut = transposed ? wIn : wOut, mIn = transposed ? wOut : wIn, k = 3 * mIn, mr = VecConv.MR;
        for (int o = 0; o < mOut; o++)
            for (int i = 0; i < mIn; i++)
                for (int kx = 0; kx < 3; kx++) {
                    double g0, g1, g2;
                    if (!transposed) {
                        g0 = w[(kx * wOut + o) * wIn + i];
                        g1 = w[((3 + kx) * wOut + o) * wIn + i];
                        g2 = w[((6 + kx) * wOut + o) * wIn + i];
                    } else { // mirrored taps: g'[ky][kx] = g[2 − ky][2 − kx], out and in swapped
                        g0 = w[((8 - kx) * wOut + i) * wIn + o];
                        g1 = w[((5 - kx) * wOut + i) * wIn + o];
                        g2 = w[((2 - kx) * wOut + i) * wIn + o];
                    }
                    int at = ((o / mr) * k + kx * mIn + i) * mr + o % mr;
                    for (int xi = 0; xi < XI; xi++)
                        ap[xi * mOut * k + at] = (float) (G[xi][0] * g0 + G[xi][1] * g1 + G[xi][2] * g2);
                }
        return ap;
    }

    /** V_ξ = Bᵀ·(six input rows) for every tile row, channel and sample. */
    static void inputTransform(Act x, int th, int wp, int q, float[] v) {
        transform(x, th, wp, q, v, false);
    }

    /**
     * The rows of x transformed for every tile row, channel and sample, each tile row after a zero column (the layout of {@link #conv}): the
     * input transform V_ξ = Bᵀ·(rows 4·ty − 1 … 4·ty + 4), or with {@code outputGradient} the weight gradient's
     * transform of dL/dy, Ŷ_ξ = A·(rows 4·ty … 4·ty + 3).
     */
    static void transform(Act x, int th, int wp, int q, float[] v, boolean outputGradient) {
        // one job per channel, its samples and tile rows in order (a vector past a row's end lands in the next one)
        Par.each(x.c, (long) x.n * th * XI * wp * 2, c -> transformRows(x, th, wp, q, 0, v, outputGradient, c, 0, x.n * th, new Rows(x.w)));
    }

    /** Per-thread state of the row transforms. */
    static final class Rows {
        final float[][] rows = new float[XI][];
        final int[] offs = new int[XI];
        final float[] tmp;

        Rows(int w) {
            tmp = w < L ? new float[XI * L] : null;
        }
    }

    /**
     * {@link #transform} of channel c's tile rows g0 ≤ g < g1 (g = sample·th + ty), in order, into v laid out with
     * q columns per row and tile row g at column (g − gBase)·wp (gBase 0 for the whole image, g0 for a chunk's buffer).
     */
    static void transformRows(Act x, int th, int wp, int q, int gBase, float[] v, boolean outputGradient, int c, int g0, int g1,
                                      Rows st) {
        transformRows(x, 0, th, wp, q, gBase, v, outputGradient, c, g0, g1, st);
    }

    /**
     * As above, of x with each row repeated 2^yShift times (yShift 1: the nearest ×2 upsampling along y, read in
     * place; th counts tile rows of the taller image).
     */
    static void transformRows(Act x, int yShift, int th, int wp, int q, int gBase, float[] v, boolean outputGradient, int c, int g0, int g1,
                              Rows st) {
        int first = outputGradient ? 0 : -1, used = outputGradient ? TILE : XI;
        int n = x.n, h = x.h << yShift, w = x.w, plane = x.h * w, stride = x.c * q, end = c * q + (g1 - gBase) * wp;
        float[] d = x.data, tmp = st.tmp;
        float[][] rows = st.rows;
        int[] offs = st.offs;
        for (int g = g0; g < g1; g++) {
            int i = g / th, ty = g % th, src = (c * n + i) * plane;
            boolean loadsFit = true;
            for (int r = 0; r < XI; r++) {
                int y = TILE * ty + first + r;
                boolean in = y >= 0 && y < h && r < used;
                rows[r] = in ? d : ZERO;
                offs[r] = in ? src + (y >> yShift) * w : 0;
                loadsFit &= offs[r] + L <= rows[r].length;
            }
            int base = c * q + (g - gBase) * wp;
            for (int xi = 0; xi < XI; xi++) v[base + xi * stride] = 0f;
            if (w >= L) {
                // the last vector overlaps the one before (the same values are written twice)
                for (int x0 = 0; x0 < w; x0 += L) {
                    if (outputGradient) gradientRowVector(rows, offs, Math.min(x0, w - L), v, base + 1, stride);
                    else inputRowVector(rows, offs, Math.min(x0, w - L), v, base + 1, stride);
                }
            } else if (loadsFit && base + 1 + L <= end) {
                // one vector past the row's end: the lanes after it land in the next tile rows of the range, each
                // written whole (its leading zero and its w columns) after this one
                if (outputGradient) gradientRowVector(rows, offs, 0, v, base + 1, stride);
                else inputRowVector(rows, offs, 0, v, base + 1, stride);
            } else if (loadsFit) {
                // the range's last tile row: through a small buffer, so nothing lands past it
                if (outputGradient) gradientRowVector(rows, offs, 0, tmp, 0, L);
                else inputRowVector(rows, offs, 0, tmp, 0, L);
                for (int xi = 0; xi < XI; xi++) System.arraycopy(tmp, xi * L, v, base + 1 + xi * stride, w);
            } else if (outputGradient) {
                gradientRowScalar(rows, offs, w, v, base + 1, stride);
            } else {
                inputRowScalar(rows, offs, w, v, base + 1, stride);
            }
        }
        // the zero after the range's last row: that row's right padding, and the next range's leading zero (both
        // write it, so a range never reads a column another thread has yet to write)
        for (int xi = 0; xi < XI; xi++) v[end + xi * stride] = 0f;
    }

    private static void inputRowVector(float[][] rows, int[] offs, int x, float[] v, int vb, int stride) {
        FloatVector d0 = FloatVector.fromArray(S, rows[0], offs[0] + x), d1 = FloatVector.fromArray(S, rows[1], offs[1] + x),
                d2 = FloatVector.fromArray(S, rows[2], offs[2] + x), d3 = FloatVector.fromArray(S, rows[3], offs[3] + x),
                d4 = FloatVector.fromArray(S, rows[4], offs[4] + x), d5 = FloatVector.fromArray(S, rows[5], offs[5] + x);
        FloatVector s12 = d1.add(d2), s34 = d3.add(d4), d13 = d1.sub(d3), d42 = d4.sub(d2);
        int at = vb + x;
        d0.mul(4f).add(d4).sub(d2.mul(5f)).intoArray(v, at);                          // 4d0 − 5d2 + d4
        s34.sub(s12.mul(4f)).intoArray(v, at + stride);                                // −4d1 − 4d2 + d3 + d4
        d1.sub(d2).mul(4f).add(d4.sub(d3)).intoArray(v, at + 2 * stride);              // 4d1 − 4d2 − d3 + d4
        d42.sub(d13.mul(2f)).intoArray(v, at + 3 * stride);                            // −2d1 − d2 + 2d3 + d4
        d42.add(d13.mul(2f)).intoArray(v, at + 4 * stride);                            // 2d1 − d2 − 2d3 + d4
        d1.mul(4f).add(d5).sub(d3.mul(5f)).intoArray(v, at + 5 * stride);              // 4d1 − 5d3 + d5
    }

    static void gradientRowVector(float[][] rows, int[] offs, int x, float[] v, int vb, int stride) {
        FloatVector d0 = FloatVector.fromArray(S, rows[0], offs[0] + x), d1 = FloatVector.fromArray(S, rows[1], offs[1] + x),
                d2 = FloatVector.fromArray(S, rows[2], offs[2] + x), d3 = FloatVector.fromArray(S, rows[3], offs[3] + x);
        FloatVector s02 = d0.add(d2), s13 = d1.add(d3), e = d0.add(d2.mul(4f)), f = d1.mul(2f).add(d3.mul(8f));
        int at = vb + x;
        d0.intoArray(v, at);
        s02.add(s13).intoArray(v, at + stride);                                        // d0 + d1 + d2 + d3
        s02.sub(s13).intoArray(v, at + 2 * stride);                                    // d0 − d1 + d2 − d3
        e.add(f).intoArray(v, at + 3 * stride);                                        // d0 + 2d1 + 4d2 + 8d3
        e.sub(f).intoArray(v, at + 4 * stride);                                        // d0 − 2d1 + 4d2 − 8d3
        d3.intoArray(v, at + 5 * stride);
    }

    private static void gradientRowScalar(float[][] rows, int[] offs, int w, float[] v, int vb, int stride) {
        for (int x = 0; x < w; x++) {
            float d0 = rows[0][offs[0] + x], d1 = rows[1][offs[1] + x], d2 = rows[2][offs[2] + x], d3 = rows[3][offs[3] + x];
            float s02 = d0 + d2, s13 = d1 + d3, e = d0 + d2 * 4f, f = d1 * 2f + d3 * 8f;
            int at = vb + x;
            v[at] = d0;
            v[at + stride] = s02 + s13;
            v[at + 2 * stride] = s02 - s13;
            v[at + 3 * stride] = e + f;
            v[at + 4 * stride] = e - f;
            v[at + 5 * stride] = d3;
        }
    }

    private static void inputRowScalar(float[][] rows, int[] offs, int w, float[] v, int vb, int stride) {
        for (int x = 0; x < w; x++) {
            float d0 = rows[0][offs[0] + x], d1 = rows[1][offs[1] + x], d2 = rows[2][offs[2] + x],
                    d3 = rows[3][offs[3] + x], d4 = rows[4][offs[4] + x], d5 = rows[5][offs[5] + x];
            float s12 = d1 + d2, s34 = d3 + d4, d13 = d1 - d3, d42 = d4 - d2;
            int at = vb + x;
            v[at] = d0 * 4f + d4 - d2 * 5f;
            v[at + stride] = s34 - s12 * 4f;
            v[at + 2 * stride] = (d1 - d2) * 4f + (d4 - d3);
            v[at + 3 * stride] = d42 - d13 * 2f;
            v[at + 4 * stride] = d42 + d13 * 2f;
            v[at + 5 * stride] = d1 * 4f + d5 - d3 * 5f;
        }
    }

    /** Output rows a = Aᵀ·(M_0..M_5) (+ bias), into the unpadded activation; rows past the image are dropped. */
    static void outputTransform(float[] m, int q, int th, int wp, float[] bias, float[] sampleBias, float[] residual, Act y) {
        // one job per channel, its samples and tiles in order (a vector past a row's end lands in the next one)
        Par.each(y.c, (long) y.n * th * XI * wp * 2, o -> outputRows(m, q, 0, th, wp, bias, sampleBias, residual, y, o, 0, y.n * th, new Rows(y.w)));
    }

    /**
     * {@link #outputTransform} of channel o's tile rows g0 ≤ g < g1, in order, from m laid out with q columns per
     * row and tile row g at column (g − gBase)·wp.
     */
    static void outputRows(float[] m, int q, int gBase, int th, int wp, float[] bias, float[] sampleBias, float[] res, Act y, int o,
                                   int g0, int g1, Rows st) {
        int n = y.n, h = y.h, w = y.w, plane = h * w, stride = y.c * q;
        int end = (o * n + g1 / th) * plane + TILE * (g1 % th) * w; // where tile row g1's output starts
        float[] d = y.data, tmp = st.tmp;
        float b = bias == null ? 0f : bias[o];
        for (int g = g0; g < g1; g++) {
            int i = g / th, ty = g % th, dst = (o * n + i) * plane;
            int base = o * q + (g - gBase) * wp + 1, rows = Math.min(TILE, h - TILE * ty), out = dst + TILE * ty * w;
            float t = sampleBias == null ? 0f : sampleBias[i * y.c + o];
            if (w >= L) {
                for (int x0 = 0; x0 < w; x0 += L) outputRowVector(m, base, stride, Math.min(x0, w - L), w, b, t, res, d, out, rows);
            } else if (base + 5 * stride + L <= m.length && out + (rows - 1) * w + L <= end) {
                // one vector per row, past its end: the extra lanes land in the rows after it, written later
                // (by a vector, or through the buffer below, which writes at least as far as this reaches)
                outputRowVector(m, base, stride, 0, w, b, t, res, d, out, rows);
            } else if (base + 5 * stride + L <= m.length) {
                // the range's last tile: through a small buffer, so nothing lands past the range
                outputRowVector(m, base, stride, 0, L, b, t, null, tmp, 0, rows);
                for (int a = 0; a < rows; a++) {
                    if (res == null) System.arraycopy(tmp, a * L, d, out + a * w, w);
                    else for (int x = 0; x < w; x++) d[out + a * w + x] = tmp[a * L + x] + res[out + a * w + x];
                }
            } else {
                outputRowScalar(m, base, stride, w, b, t, res, d, out, rows);
            }
        }
    }

    /** Output rows at column x: ((value + b) + t) (+ res at the same place of d, when res is not null). */
    static void outputRowVector(float[] m, int base, int stride, int x, int w, float b, float t, float[] res, float[] d, int out, int rows) {
        int at = base + x;
        FloatVector m0 = FloatVector.fromArray(S, m, at), m1 = FloatVector.fromArray(S, m, at + stride),
                m2 = FloatVector.fromArray(S, m, at + 2 * stride), m3 = FloatVector.fromArray(S, m, at + 3 * stride),
                m4 = FloatVector.fromArray(S, m, at + 4 * stride), m5 = FloatVector.fromArray(S, m, at + 5 * stride);
        FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
        int o = out + x;
        FloatVector r0 = m0.add(s12).add(s34).add(b).add(t), r1 = d12.add(d34.mul(2f)).add(b).add(t),
                r2 = s12.add(s34.mul(4f)).add(b).add(t), r3 = d12.add(d34.mul(8f)).add(m5).add(b).add(t);
        if (res != null) { // written out, not a helper taking the vectors (which may not be inlined, and then boxes them)
            r0 = r0.add(FloatVector.fromArray(S, res, o));
            if (rows > 1) r1 = r1.add(FloatVector.fromArray(S, res, o + w));
            if (rows > 2) r2 = r2.add(FloatVector.fromArray(S, res, o + 2 * w));
            if (rows > 3) r3 = r3.add(FloatVector.fromArray(S, res, o + 3 * w));
        }
        r0.intoArray(d, o);
        if (rows > 1) r1.intoArray(d, o + w);
        if (rows > 2) r2.intoArray(d, o + 2 * w);
        if (rows > 3) r3.intoArray(d, o + 3 * w);
    }

    static void outputRowScalar(float[] m, int base, int stride, int w, float b, float t, float[] res, float[] d, int out, int rows) {
        for (int x = 0; x < w; x++) {
            int at = base + x;
            float m0 = m[at], m1 = m[at + stride], m2 = m[at + 2 * stride], m3 = m[at + 3 * stride],
                    m4 = m[at + 4 * stride], m5 = m[at + 5 * stride];
            float s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4;
            int o = out + x;
            d[o] = m0 + s12 + s34 + b + t + (res == null ? 0f : res[o]);
            if (rows > 1) d[o + w] = d12 + d34 * 2f + b + t + (res == null ? 0f : res[o + w]);
            if (rows > 2) d[o + 2 * w] = s12 + s34 * 4f + b + t + (res == null ? 0f : res[o + 2 * w]);
            if (rows > 3) d[o + 3 * w] = d12 + d34 * 8f + m5 + b + t + (res == null ? 0f : res[o + 3 * w]);
        }
    }
}

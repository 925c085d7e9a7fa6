package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static org.diffusionexplorer.runtime.engine.RowWinograd.G;
import static org.diffusionexplorer.runtime.engine.RowWinograd.TAPS;
import static org.diffusionexplorer.runtime.engine.RowWinograd.TILE;
import static org.diffusionexplorer.runtime.engine.RowWinograd.XI;
import static org.diffusionexplorer.runtime.engine.RowWinograd.ZERO;

/**
 * The weight gradient of {@link RowWinograd}'s 3×3 convolution: dL/dU_ξ = Ŷ_ξ·shift(V_ξ)ᵀ with Ŷ_ξ = A·dL/dy, then
 * dL/dg = Gᵀ·dL/dU. Whole-image from the forward's kept transformed input ({@link #weightGradient}), or in chunks of
 * tile rows from the input itself ({@link #weightGradientChunked}).
 */
final class RowWinogradWeightGradient {
    private static final VectorSpecies<Float> S = VecConv.S;
    private static final int L = S.length();

    private RowWinogradWeightGradient() {
    }

    /**
     * grad[tap][out][in] += dL/dW, from the forward's transformed input v ({@link RowWinograd#conv}) and dL/dy: with
     * Ŷ_ξ = A·dy (the transpose of the output transform), dL/dU_ξ,kx = Ŷ_ξ·shift_kx(V_ξ)ᵀ, the direct weight
     * gradient's product with three taps, and dL/dg[ky] = Σ_ξ G[ξ][ky]·dL/dU_ξ (the transpose of the weight
     * transform). Half the multiply-adds of the direct weight gradient, and no padded copy of dL/dy.
     */
    static void weightGradient(float[] v, Act dy, int mIn, float[] grad, Scratch s) {
        int mOut = dy.c, th = (dy.h + TILE - 1) / TILE, wp = dy.w + 1, q = dy.n * th * wp + 1, k = 3 * mIn;
        long t0 = Profile.start();
        float[] yhat = s.pad(XI * mOut * q);
        RowWinograd.transform(dy, th, wp, q, yhat, true);
        t0 = Profile.lap("conv3.bwd.wino.dW.in", t0);
        float[] acc = new float[XI * mOut * k];
        for (int xi = 0; xi < XI; xi++)
            VecConvGrad.weightGradientDot(v, xi * mIn * q, mIn, q, 1, q - 2, TAPS, yhat, xi * mOut * q, mOut, acc, xi * mOut * k, s);
        t0 = Profile.lap("conv3.bwd.wino.dW.gemm", t0, 2L * mOut * 9 * mIn * dy.plane());
        // one job per output channel: each gradient element is written by one thread, in the same order
        Par.each(mOut, 9L * mIn * XI * 2, o -> {
            for (int ky = 0; ky < 3; ky++) {
                double g0 = G[0][ky], g1 = G[1][ky], g2 = G[2][ky], g3 = G[3][ky], g4 = G[4][ky], g5 = G[5][ky];
                for (int kx = 0; kx < 3; kx++) {
                    int gi = ((ky * 3 + kx) * mOut + o) * mIn, ai = o * k + kx * mIn, st = mOut * k;
                    for (int c = 0; c < mIn; c++) {
                        int a = ai + c;
                        grad[gi + c] += (float) (g0 * acc[a] + g1 * acc[a + st] + g2 * acc[a + 2 * st] + g3 * acc[a + 3 * st]
                                + g4 * acc[a + 4 * st] + g5 * acc[a + 5 * st]);
                    }
                }
            }
        });
        Profile.lap("conv3.bwd.wino.dW.out", t0);
    }

    /**
     * Groups of chunks of {@link #weightGradientChunked}: fixed, so its sums do not depend on the thread count. It
     * also bounds that stage's parallelism: beyond four threads (machines of five cores and more) the others wait.
     */
    private static final int DW_GROUPS = 4;
    /** Output channels and input rows per block of {@link #dwBlock}. */
    private static final int DW_OUT = 2 * L, DW_ROWS = 12;

    /**
     * Whether {@link #weightGradientChunked} runs the weight gradient of a convolution on x with mOut output
     * channels: then the forward need not keep its transformed input. Chunks as {@link RowWinograd#conv}'s pipeline, at least
     * one per group; whole blocks of {@link #DW_OUT} outputs and of {@link #DW_ROWS} input rows (3 taps × mIn).
     */
    static boolean weightGradientInChunks(Act x, int mOut) {
        int th = (x.h + TILE - 1) / TILE, wp = x.w + 1, perChunk = Math.max(1, RowWinograd.chunkColumns / wp);
        return RowWinograd.handles(mOut, x.w) && mOut % DW_OUT == 0 && 3 * x.c % DW_ROWS == 0
                && (x.n * th + perChunk - 1) / perChunk >= DW_GROUPS;
    }

    /**
     * grad[tap][out][in] += dL/dW as {@link #weightGradient}, without a kept transformed input: in chunks of tile
     * rows, each transforms its rows of x (V_ξ) and of dL/dy (Ŷ_ξ, stored transposed: [column][out]) into the
     * worker's buffers, where they stay in cache for the product dL/dU_ξ += Ŷ_ξ·shift(V_ξ)ᵀ. With the output
     * channels along the vectors, each vector lane sums one gradient element column by column, so no lanes are
     * added across at the end. The whole-image weight gradient needs V kept from the forward pass and Ŷ of the whole
     * image: both are written to memory and read back, which is what slows when another tenant of the machine loads
     * its memory. In one JVM, alternating step by step ({@code StepAb chunkedGradients 1 0}, wave 2 session 10): a
     * training step of 332.6 against 354.7 ms in a quiet period, 402.8 against 442.6 ms under such load. The chunks
     * form {@link #DW_GROUPS} fixed groups, each summed in chunk order into a partial sum of its own, and the groups
     * are added in order: the same bits on every run and for every thread count.
     */
    static void weightGradientChunked(Act x, Act dy, float[] grad, Scratch s) {
        int mIn = x.c, mOut = dy.c, th = (x.h + TILE - 1) / TILE, wp = x.w + 1, k = 3 * mIn;
        int tileRows = x.n * th, perChunk = Math.max(1, RowWinograd.chunkColumns / wp), chunks = (tileRows + perChunk - 1) / perChunk;
        int cq = perChunk * wp + 1, part = XI * k * mOut;
        long t0 = Profile.start();
        float[] partial = s.out2(DW_GROUPS * part);
        Par.chunks(DW_GROUPS, (wk, gr) -> {
            int c0 = (int) ((long) chunks * gr / DW_GROUPS), c1 = (int) ((long) chunks * (gr + 1) / DW_GROUPS), pBase = gr * part;
            java.util.Arrays.fill(partial, pBase, pBase + part, 0f);
            ConvGemm.Worker buffers = s.worker(wk);
            float[] v = buffers.winoV(XI * mIn * cq + L), yt = buffers.winoM(XI * cq * mOut + L), dt = new float[TILE * x.w * mOut];
            int[] vOff = new int[k];
            RowWinograd.Rows st = new RowWinograd.Rows(x.w);
            for (int ch = c0; ch < c1; ch++) {
                int g0 = ch * perChunk, g1 = Math.min(tileRows, g0 + perChunk), cols = (g1 - g0) * wp;
                for (int c = 0; c < mIn; c++) RowWinograd.transformRows(x, th, wp, cq, g0, v, false, c, g0, g1, st);
                transposedGradientRows(dy, th, wp, cq, g0, g1, yt, dt);
                for (int xi = 0; xi < XI; xi++) {
                    // row kk = t·mIn + c of shift(V_ξ): V_ξ's row c from column TAPS[t]
                    for (int kk = 0; kk < k; kk++) vOff[kk] = (xi * mIn + kk % mIn) * cq + TAPS[kk / mIn];
                    for (int kb = 0; kb < k; kb += DW_ROWS)
                        for (int o0 = 0; o0 < mOut; o0 += DW_OUT)
                            dwBlock(yt, xi * cq * mOut + o0, mOut, v, vOff, kb, 1, cols, partial, pBase + (xi * k + kb) * mOut + o0, mOut);
                }
            }
        });
        t0 = Profile.lap("conv3.bwd.wino.dW.chunked", t0, 2L * mOut * 9 * mIn * dy.plane());
        // the groups in order into the first, element by element; then dL/dg[ky] = Σ_ξ G[ξ][ky]·dL/dU_ξ, one job per
        // tap, reading rows of outputs in order (one job per output channel read a float per cache line: 10 ms a step)
        Par.each(XI, (long) k * mOut * DW_GROUPS, xi -> {
            for (int at = xi * k * mOut; at < (xi + 1) * k * mOut; at++) {
                float u = partial[at];
                for (int gr = 1; gr < DW_GROUPS; gr++) u += partial[gr * part + at];
                partial[at] = u;
            }
        });
        Par.each(9, (long) mIn * mOut * XI * 2, tap -> {
            int ky = tap / 3, kx = tap % 3;
            for (int c = 0; c < mIn; c++)
                for (int o = 0; o < mOut; o++) {
                    double sum = 0;
                    for (int xi = 0; xi < XI; xi++) sum += G[xi][ky] * partial[(xi * k + kx * mIn + c) * mOut + o];
                    grad[(tap * mOut + o) * mIn + c] += (float) sum;
                }
        });
        Profile.lap("conv3.bwd.wino.dW.out", t0);
    }

    /**
     * Ŷ_ξ = A·dy for tile rows g0 ≤ g < g1 into yt[ξ][column][out] (column (g − g0)·wp + 1 + x, a zero column
     * before each tile row and after the last): the weight gradient's transform of dL/dy with the output channels
     * contiguous. The four rows of dL/dy are first copied with the channels contiguous (dt: [row][x][out], 4·w·mOut
     * floats), so that the transform is a vector operation along the channels.
     */
    private static void transposedGradientRows(Act dy, int th, int wp, int cq, int g0, int g1, float[] yt, float[] dt) {
        int mOut = dy.c, n = dy.n, h = dy.h, w = dy.w, plane = h * w, xs = cq * mOut;
        float[] d = dy.data;
        for (int g = g0; g <= g1; g++) // the zero columns
            for (int xi = 0; xi < XI; xi++) {
                int at = (xi * cq + (g - g0) * wp) * mOut;
                java.util.Arrays.fill(yt, at, at + mOut, 0f);
            }
        float[][] rowArrays = new float[TILE][];
        int[] rowOffsets = new int[TILE];
        for (int g = g0; g < g1; g++) {
            int i = g / th, ty = g % th, rows = Math.min(TILE, h - TILE * ty), col = (g - g0) * wp + 1, step = w * mOut;
            for (int o = 0; o < mOut; o++)
                for (int r = 0; r < rows; r++) {
                    int src = (o * n + i) * plane + (TILE * ty + r) * w, at = r * step + o;
                    for (int x = 0; x < w; x++, at += mOut) dt[at] = d[src + x];
                }
            for (int r = 0; r < TILE; r++) rowArrays[r] = r < rows ? dt : ZERO; // rows past the image are zeros
            for (int x = 0; x < w; x++)
                for (int o0 = 0; o0 < mOut; o0 += L) {
                    for (int r = 0; r < TILE; r++) rowOffsets[r] = r < rows ? r * step + x * mOut + o0 : 0;
                    RowWinograd.gradientRowVector(rowArrays, rowOffsets, 0, yt, (col + x) * mOut + o0, xs);
                }
        }
    }

    /**
     * part[pBase + r·pStride + o] += Σ_{c0 ≤ j < c1} yt[ytBase + j·ytStride + o] · v[vOff[kb + r] + j] for 12 rows r
     * and 2 vectors of outputs o: 2 loads and 12 broadcasts per 24 multiply-adds, as the forward kernel's 3 and 8.
     */
    private static void dwBlock(float[] yt, int ytBase, int ytStride, float[] v, int[] vOff, int kb, int c0, int c1, float[] part, int pBase,
                                int pStride) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00,
                a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00,
                a80 = a00, a81 = a00, a90 = a00, a91 = a00, aA0 = a00, aA1 = a00, aB0 = a00, aB1 = a00;
        int v0 = vOff[kb], v1 = vOff[kb + 1], v2 = vOff[kb + 2], v3 = vOff[kb + 3], v4 = vOff[kb + 4], v5 = vOff[kb + 5],
                v6 = vOff[kb + 6], v7 = vOff[kb + 7], v8 = vOff[kb + 8], v9 = vOff[kb + 9], vA = vOff[kb + 10], vB = vOff[kb + 11];
        for (int j = c0, y = ytBase + c0 * ytStride; j < c1; j++, y += ytStride) {
            FloatVector y0 = FloatVector.fromArray(S, yt, y), y1 = FloatVector.fromArray(S, yt, y + L), b;
            b = FloatVector.broadcast(S, v[v0 + j]); a00 = y0.fma(b, a00); a01 = y1.fma(b, a01);
            b = FloatVector.broadcast(S, v[v1 + j]); a10 = y0.fma(b, a10); a11 = y1.fma(b, a11);
            b = FloatVector.broadcast(S, v[v2 + j]); a20 = y0.fma(b, a20); a21 = y1.fma(b, a21);
            b = FloatVector.broadcast(S, v[v3 + j]); a30 = y0.fma(b, a30); a31 = y1.fma(b, a31);
            b = FloatVector.broadcast(S, v[v4 + j]); a40 = y0.fma(b, a40); a41 = y1.fma(b, a41);
            b = FloatVector.broadcast(S, v[v5 + j]); a50 = y0.fma(b, a50); a51 = y1.fma(b, a51);
            b = FloatVector.broadcast(S, v[v6 + j]); a60 = y0.fma(b, a60); a61 = y1.fma(b, a61);
            b = FloatVector.broadcast(S, v[v7 + j]); a70 = y0.fma(b, a70); a71 = y1.fma(b, a71);
            b = FloatVector.broadcast(S, v[v8 + j]); a80 = y0.fma(b, a80); a81 = y1.fma(b, a81);
            b = FloatVector.broadcast(S, v[v9 + j]); a90 = y0.fma(b, a90); a91 = y1.fma(b, a91);
            b = FloatVector.broadcast(S, v[vA + j]); aA0 = y0.fma(b, aA0); aA1 = y1.fma(b, aA1);
            b = FloatVector.broadcast(S, v[vB + j]); aB0 = y0.fma(b, aB0); aB1 = y1.fma(b, aB1);
        }
        int p = pBase;
        a00.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a01.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a10.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a11.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a20.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a21.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a30.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a31.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a40.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a41.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a50.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a51.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a60.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a61.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a70.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a71.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a80.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a81.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        a90.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); a91.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        aA0.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); aA1.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L); p += pStride;
        aB0.add(FloatVector.fromArray(S, part, p)).intoArray(part, p); aB1.add(FloatVector.fromArray(S, part, p + L)).intoArray(part, p + L);
    }
}

package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMMs of a stride-1 convolution written with Java's Vector API, in the layout of {@link ConvGemm}: activations
 * channel-major [rows][P], kernel tap t a constant column offset offs[t].
 *
 * Why not OpenBLAS: ND4J 1.0.0-M2.1 ships OpenBLAS 0.3.19, which runs its AVX2 (Haswell) kernels on CPUs it does not
 * know, among them the AVX-512 machines here, at 50-60 GFLOPS per core. C2 compiles the kernels below to AVX-512
 * FMAs, at 60-86% of the machine's FMA peak (117 GFLOPS per core, {@link FmaPeak}) on a layer alone and about half of
 * it within a training step (README, performance; {@code bench --profile}). They also need no im2col copy and no
 * trip through native memory: a B row of the forward product is a shifted row of the input itself.
 *
 * Register blocking: 8 output rows × 3 vectors (24 accumulators, 3 loads and 8 broadcasts per step of the
 * reduction), which fits AVX-512's 32 registers. Every loop runs in a fixed order, and the weight gradient is split
 * over a fixed number of workers summed in order, so results are the same on every run.
 *
 * The weight gradient's kernels are in {@link VecConvGrad}. Only touched when {@link VecSupport#enabled()} is true
 * (the incubator module is in the boot layer).
 */
final class VecConv {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length(), NR = 3 * L, MR = 8;
    /** Column panels per scheduled chunk of the forward product. */
    private static final int PANELS_PER_CHUNK = 4;

    private VecConv() {
    }

    static int lanes() {
        return L;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // out = A · shift(src): the forward pass and the input gradient
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * dst[o·P + lo + j] = Σ_{t,r} a[o·k + t·rows + r] · src[r·P + lo + j + offs[t]] for j in [0, len), o in [0, m),
     * with k = taps·rows. Same contract as {@link ConvGemm#apply}; columns outside [lo, lo+len) are not written.
     */
    static void apply(float[] src, int rows, int P, int lo, int len, int[] offs, float[] a, int m, float[] dst, Scratch s) {
        int k = offs.length * rows, full = m / MR;
        float[] ap = s.packed(full * MR * k);
        for (int op = 0; op < full; op++)
            for (int kk = 0; kk < k; kk++)
                for (int i = 0; i < MR; i++) ap[(op * k + kk) * MR + i] = a[(op * MR + i) * k + kk];
        applyPacked(src, rows, P, lo, len, offs, ap, a, m, dst);
    }

    /**
     * As {@link #apply} with A already packed: ap[(op·k + kk)·8 + i] = A[op·8 + i][kk] for the full blocks of 8
     * rows; a (unpacked) is read only for the rows left over (m not a multiple of 8), and may be null otherwise.
     */
    static void applyPacked(float[] src, int rows, int P, int lo, int len, int[] offs, float[] ap, float[] a, int m, float[] dst) {
        applyPacked(src, rows, P, lo, len, offs, ap, 0, a, m, dst, 1, 0, 0, 0);
    }

    /**
     * As above for several products of the same shape in one parallel section ({@link RowWinograd}'s six): product
     * q uses lo + q·loStep (for both src and dst), the offsets offs[t] + q·offStep and the packed blocks from
     * ap[apOff + q·apStep]. The tail rows (m not a multiple of 8) are supported for one product only.
     */
    static void applyPacked(float[] src, int rows, int P, int lo0, int len, int[] offs, float[] ap, int apOff0, float[] a, int m,
                            float[] dst, int products, int loStep, int offStep, int apStep) {
        if (len <= 0 || m <= 0) return;
        if (products > 1 && m % MR != 0) throw new IllegalArgumentException("several products need whole blocks of rows");
        int k = offs.length * rows, full = m / MR;
        int[][] bOffs = new int[products][];
        int maxOff = Integer.MIN_VALUE;
        for (int q = 0; q < products; q++) {
            bOffs[q] = rowOffsets(rows, P, offs, q * offStep);
            for (int b : bOffs[q]) maxOff = Math.max(maxOff, b);
        }
        int maxB = maxOff;
        int panels = (len + NR - 1) / NR, chunks = (panels + PANELS_PER_CHUNK - 1) / PANELS_PER_CHUNK;
        // few column panels (batch 1, small images): the rows are split too, so every thread gets work
        int blocks = full + (m > full * MR ? 1 : 0), jobs = products * chunks;
        int groups = Math.max(1, Math.min(blocks, (2 * Par.threads() + jobs - 1) / jobs));
        Par.chunks(jobs * groups, (w, job) -> {
            int q = job / (chunks * groups), c = job / groups % chunks, g = job % groups;
            int[] bOff = bOffs[q];
            int lo = lo0 + q * loStep, apOff = apOff0 + q * apStep;
            int b0 = (int) ((long) blocks * g / groups), b1 = (int) ((long) blocks * (g + 1) / groups);
            panelRange(src, bOff, maxB, P, lo, len, c * PANELS_PER_CHUNK, Math.min(panels, (c + 1) * PANELS_PER_CHUNK),
                    ap, apOff, k, b0, b1, m, a, dst, P, 0);
        });
    }

    /** Where each of the k = taps·rows B rows starts, relative to the column: r·P + offs[t] + shift at t·rows + r. */
    static int[] rowOffsets(int rows, int P, int[] offs, int shift) {
        int[] b = new int[offs.length * rows];
        for (int t = 0; t < offs.length; t++)
            for (int r = 0; r < rows; r++) b[t * rows + r] = r * P + offs[t] + shift;
        return b;
    }

    /**
     * Column panels p0 ≤ p < p1 (of NR columns from lo) for the row blocks b0 ≤ b < b1 of 8 (the rows m % 8 left
     * over belong to the last block and use the unpacked a). Column j of output row o goes to dst[dOff + o·dP + j].
     */
    private static void panelRange(float[] src, int[] bOff, int maxB, int P, int lo, int len, int p0, int p1, float[] ap, int apOff,
                                   int k, int b0, int b1, int m, float[] a, float[] dst, int dP, int dOff) {
        int full = m / MR, opEnd = Math.min(full, b1), oTail = b1 > full ? full * MR : m; // the tail rows belong to the last block
        for (int p = p0; p < p1; p++) {
            int j0 = lo + p * NR, n = Math.min(NR, lo + len - j0);
            if (n == NR) {
                for (int op = b0; op < opEnd; op++) k83(ap, apOff + op * k * MR, src, bOff, j0, dst, dOff + op * MR * dP + j0, dP);
                for (int o = oTail; o < m; o++) k13(a, o * k, src, bOff, j0, dst, dOff + o * dP + j0);
            } else {
                // the last columns, a vector at a time: full loads (the lanes past the end are computed and
                // dropped) and stores through a small buffer. Java 17 has no compiled masked store, and a masked
                // load past the array's end is not compiled either: both boxed every vector (200 MB/s of garbage
                // while sampling, the loop far slower). The last vectors of src, where a full load would run off
                // the array, go through a scalar loop with the same fused multiply-adds in the same order.
                float[] tmp = new float[MR * L];
                for (int v = 0; v * L < n; v++) {
                    int jv = j0 + v * L, valid = Math.min(L, n - v * L);
                    boolean fits = jv + maxB + L <= src.length;
                    for (int op = b0; op < opEnd; op++) {
                        if (fits) k81(ap, apOff + op * k * MR, src, bOff, jv, dst, dOff + op * MR * dP + jv, dP, valid, tmp);
                        else edgeScalar(ap, apOff + op * k * MR, MR, 1, src, bOff, jv, dst, dOff + op * MR * dP + jv, dP, MR, valid);
                    }
                    for (int o = oTail; o < m; o++) {
                        if (fits) k11(a, o * k, src, bOff, jv, dst, dOff + o * dP + jv, valid, tmp);
                        else edgeScalar(a, o * k, 1, 1, src, bOff, jv, dst, dOff + o * dP + jv, dP, 1, valid);
                    }
                }
            }
        }
    }

    /**
     * On the calling thread, dst[o·P + lo + j] = Σ_kk ap-block(o)[kk] · src[lo + j + bOff[kk]] for j in [0, len) and every
     * row o in [0, m) (m a multiple of 8; ap packed as for {@link #applyPacked}, from apOff).
     */
    static void panels(float[] src, int[] bOff, int P, int lo, int len, float[] ap, int apOff, int m, float[] dst) {
        panels(src, bOff, P, lo, len, ap, apOff, m, dst, P, 0);
    }

    /** As above, with column j of output row o written to dst[dOff + o·dP + j] (a buffer laid out unlike src). */
    static void panels(float[] src, int[] bOff, int P, int lo, int len, float[] ap, int apOff, int m, float[] dst, int dP, int dOff) {
        if (len <= 0) return;
        int maxB = Integer.MIN_VALUE;
        for (int b : bOff) maxB = Math.max(maxB, b);
        int k = bOff.length, panels = (len + NR - 1) / NR;
        panelRange(src, bOff, maxB, P, lo, len, 0, panels, ap, apOff, k, 0, m / MR, m, null, dst, dP, dOff);
    }

    /** 8 output rows × 3 vectors of columns starting at j0. ap holds the 8 rows interleaved: ap[aOff + kk·8 + i]. */
    private static void k83(float[] ap, int aOff, float[] src, int[] bOff, int j0, float[] dst, int d, int dP) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00,
                c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00,
                c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00,
                c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        int a = aOff;
        for (int kk = 0; kk < bOff.length; kk++, a += MR) {
            {
                int b = j0 + bOff[kk];
                FloatVector b0 = FloatVector.fromArray(S, src, b), b1 = FloatVector.fromArray(S, src, b + L),
                        b2 = FloatVector.fromArray(S, src, b + 2 * L);
                FloatVector x = FloatVector.broadcast(S, ap[a]);
                c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
                x = FloatVector.broadcast(S, ap[a + 1]);
                c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
                x = FloatVector.broadcast(S, ap[a + 2]);
                c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
                x = FloatVector.broadcast(S, ap[a + 3]);
                c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
                x = FloatVector.broadcast(S, ap[a + 4]);
                c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
                x = FloatVector.broadcast(S, ap[a + 5]);
                c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
                x = FloatVector.broadcast(S, ap[a + 6]);
                c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
                x = FloatVector.broadcast(S, ap[a + 7]);
                c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
            }
        }
        c00.intoArray(dst, d);
        c01.intoArray(dst, d + L);
        c02.intoArray(dst, d + 2 * L);
        d += dP;
        c10.intoArray(dst, d);
        c11.intoArray(dst, d + L);
        c12.intoArray(dst, d + 2 * L);
        d += dP;
        c20.intoArray(dst, d);
        c21.intoArray(dst, d + L);
        c22.intoArray(dst, d + 2 * L);
        d += dP;
        c30.intoArray(dst, d);
        c31.intoArray(dst, d + L);
        c32.intoArray(dst, d + 2 * L);
        d += dP;
        c40.intoArray(dst, d);
        c41.intoArray(dst, d + L);
        c42.intoArray(dst, d + 2 * L);
        d += dP;
        c50.intoArray(dst, d);
        c51.intoArray(dst, d + L);
        c52.intoArray(dst, d + 2 * L);
        d += dP;
        c60.intoArray(dst, d);
        c61.intoArray(dst, d + L);
        c62.intoArray(dst, d + 2 * L);
        d += dP;
        c70.intoArray(dst, d);
        c71.intoArray(dst, d + L);
        c72.intoArray(dst, d + 2 * L);
    }


    /** 8 output rows × one vector of columns (the last ones: only {@code valid} lanes are stored, through tmp). */
    private static void k81(float[] ap, int aOff, float[] src, int[] bOff, int j0, float[] dst, int d0, int dP, int valid, float[] tmp) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a = aOff;
        for (int kk = 0; kk < bOff.length; kk++, a += MR) {
            {
                FloatVector b0 = FloatVector.fromArray(S, src, j0 + bOff[kk]);
                c0 = b0.fma(FloatVector.broadcast(S, ap[a]), c0);
                c1 = b0.fma(FloatVector.broadcast(S, ap[a + 1]), c1);
                c2 = b0.fma(FloatVector.broadcast(S, ap[a + 2]), c2);
                c3 = b0.fma(FloatVector.broadcast(S, ap[a + 3]), c3);
                c4 = b0.fma(FloatVector.broadcast(S, ap[a + 4]), c4);
                c5 = b0.fma(FloatVector.broadcast(S, ap[a + 5]), c5);
                c6 = b0.fma(FloatVector.broadcast(S, ap[a + 6]), c6);
                c7 = b0.fma(FloatVector.broadcast(S, ap[a + 7]), c7);
            }
        }
        c0.intoArray(tmp, 0);
        c1.intoArray(tmp, L);
        c2.intoArray(tmp, 2 * L);
        c3.intoArray(tmp, 3 * L);
        c4.intoArray(tmp, 4 * L);
        c5.intoArray(tmp, 5 * L);
        c6.intoArray(tmp, 6 * L);
        c7.intoArray(tmp, 7 * L);
        for (int i = 0, d = d0; i < MR; i++, d += dP) System.arraycopy(tmp, i * L, dst, d, valid);
    }

    /**
     * The edge kernels' scalar twin, for the columns where a full vector load would run past src's end:
     * dst[d0 + i·dP + j] = Σ_kk w[wOff + kk·kStride + i·iStride] · src[j0 + j + bOff[kk]], fused multiply-adds
     * in kk order as the vector lanes do them (so the same bits).
     */
    private static void edgeScalar(float[] w, int wOff, int kStride, int iStride, float[] src, int[] bOff, int j0,
                                   float[] dst, int d0, int dP, int rowsOut, int valid) {
        for (int i = 0; i < rowsOut; i++) {
            for (int j = 0; j < valid; j++) {
                float c = 0f;
                for (int kk = 0; kk < bOff.length; kk++) c = Math.fma(src[j0 + j + bOff[kk]], w[wOff + kk * kStride + i * iStride], c);
                dst[d0 + i * dP + j] = c;
            }
        }
    }

    /** One output row (row-major weights a[aOff + kk]) × 3 vectors. */
    private static void k13(float[] a, int aOff, float[] src, int[] bOff, int j0, float[] dst, int d) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        int ai = aOff;
        for (int kk = 0; kk < bOff.length; kk++, ai++) {
            {
                int b = j0 + bOff[kk];
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c0 = FloatVector.fromArray(S, src, b).fma(x, c0);
                c1 = FloatVector.fromArray(S, src, b + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, src, b + 2 * L).fma(x, c2);
            }
        }
        c0.intoArray(dst, d);
        c1.intoArray(dst, d + L);
        c2.intoArray(dst, d + 2 * L);
    }

    /** One output row × one vector of columns (the last ones: only {@code valid} lanes are stored, through tmp). */
    private static void k11(float[] a, int aOff, float[] src, int[] bOff, int j0, float[] dst, int d, int valid, float[] tmp) {
        FloatVector c0 = FloatVector.zero(S);
        for (int kk = 0; kk < bOff.length; kk++)
            c0 = FloatVector.fromArray(S, src, j0 + bOff[kk]).fma(FloatVector.broadcast(S, a[aOff + kk]), c0);
        c0.intoArray(tmp, 0);
        System.arraycopy(tmp, 0, dst, d, valid);
    }
}

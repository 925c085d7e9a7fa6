package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

import static org.diffusionexplorer.runtime.engine.VecConv.L;
import static org.diffusionexplorer.runtime.engine.VecConv.S;

/**
 * dW = dy · shift(src)ᵀ, the weight gradient of a stride-1 convolution on the Vector API, in {@link VecConv}'s
 * layout: dot products along the columns, in blocks of 4 gradient rows × 6 columns. Every block belongs to one job
 * and sums in a fixed order, so the result is the same on every run and for every thread count (a resumed training
 * run reproduces an uninterrupted one, in the window, which leaves a core to the FX thread, as on the command line).
 *
 * Until wave 2, session 5 the kernel vectorised along the gradient's columns instead, which needed a channel-last
 * copy of the input (up to a tenth of a training step) and split the columns over the workers, so its sums depended
 * on the thread count.
 */
final class VecConvGrad {
    private VecConvGrad() {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The weight gradient as dot products along the columns: no channel-last copy
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Columns per pass of {@link #weightGradientDot} (its A and B rows stay in the L2 cache within a pass). In an
     * interleaved A/B over whole training steps ({@code StepAb}, wave 2 session 9) the weight gradient's products
     * took within 1.5% of each other with 2048, 4096 and 16384, 2% and 8% longer with 1024 and 512. Not final:
     * {@code StepAb} varies it (read once per call, rounded down to whole vectors, at least one).
     */
    static int jchunk = 2048;

    /** Row offsets of {@link #weightGradientDot}'s zero-padded copies of the last columns. */
    private static final int[] TAIL_A = {0, L, 2 * L, 3 * L}, TAIL_B = {0, L, 2 * L, 3 * L, 4 * L, 5 * L};

    /**
     * grad[gradBase + o·k + t·rows + r] += Σ_{j<len} dy[dyBase + o·P + lo + j] · src[srcBase + r·P + lo + j + offs[t]],
     * the weight gradient with the vectors along the reduction: blocks of 4 gradient rows × 6 columns, each a dot
     * product of two rows read in place (so no channel-last copy of src, which cost as much as a tenth of a training
     * step). The columns are taken in passes of {@link #jchunk} so that the rows stay in cache; each block's 24
     * vector sums carry over from pass to pass, and their lanes are added once at the end, in a fixed order. Each block
     * belongs to one job, so the result does not depend on the thread count. A last, partial block of rows or columns
     * repeats the last one and drops the extra sums. (Blocks of 8 × 3 measured about 14% slower: eight rows of dy do
     * not stay in the L1 cache.)
     */
    static void weightGradientDot(float[] src, int srcBase, int rows, int P, int lo, int len, int[] offs, float[] dy, int dyBase,
                                  int m, float[] grad, int gradBase, Scratch s) {
        int k = offs.length * rows, kBlocks = (k + 5) / 6, block = 24 * L;
        // the columns in sixes, row by row (a row's taps are loads of the same cache lines: 3-10% faster than tap by
        // tap); a last, partial block repeats the last column (its extra sums are dropped). Each column's sum is
        // the same whichever block it is in.
        int taps = offs.length;
        int[] bRow = new int[6 * kBlocks], column = new int[6 * kBlocks];
        for (int kk = 0; kk < bRow.length; kk++) {
            int c = Math.min(kk, k - 1), t = c % taps, r = c / taps;
            bRow[kk] = srcBase + r * P + lo + offs[t];
            column[kk] = t * rows + r;
        }
        int vecLen = len / L * L, jc = Math.max(L, jchunk / L * L);
        Par.chunks((m + 3) / 4, (w, ob) -> {
            float[] lanes = s.worker(w).acc(kBlocks * block);
            Arrays.fill(lanes, 0, kBlocks * block, 0f);
            int[] a = new int[4];
            for (int i = 0; i < 4; i++) a[i] = dyBase + Math.min(ob * 4 + i, m - 1) * P + lo;
            for (int j0 = 0; j0 < vecLen; j0 += jc) {
                int jn = Math.min(jc, vecLen - j0);
                for (int kb = 0; kb < kBlocks; kb++) dot46(dy, a, j0, src, bRow, 6 * kb, jn, lanes, kb * block);
            }
            if (vecLen < len) {
                // the last columns (fewer than a vector) through zero-padded copies, by the same kernel: a scalar
                // sum per column was 15 dependent multiply-adds each, 22% of the product at 7 × 7, 10% at 14 × 14
                int tail = len - vecLen;
                float[] ty = new float[4 * L], tx = new float[6 * L];
                for (int i = 0; i < 4; i++) System.arraycopy(dy, a[i] + vecLen, ty, i * L, tail);
                for (int kb = 0; kb < kBlocks; kb++) {
                    for (int c = 0; c < 6; c++) System.arraycopy(src, bRow[6 * kb + c] + vecLen, tx, c * L, tail);
                    dot46(ty, TAIL_A, 0, tx, TAIL_B, 0, L, lanes, kb * block);
                }
            }
            for (int kb = 0; kb < kBlocks; kb++)
                for (int i = 0; i < 4 && ob * 4 + i < m; i++)
                    for (int c = 0; c < 6 && 6 * kb + c < k; c++) {
                        float sum = 0f;
                        int l0 = kb * block + (i * 6 + c) * L;
                        for (int l = 0; l < L; l++) sum += lanes[l0 + l];
                        grad[gradBase + (ob * 4 + i) * k + column[6 * kb + c]] += sum;
                    }
        });
    }

    /**
     * lanes[4 rows][6 columns][L] += Σ_{j<jn, by vectors} a_i[j]·b_c[j] for a_i = dy[aRow[i] + j0 …] and
     * b_c = src[bRow[bi + c] + j0 …]. The sums are added to lanes written out (a helper taking the vector as a
     * parameter was not always inlined, and then boxed it).
     */
    private static void dot46(float[] dy, int[] aRow, int j0, float[] src, int[] bRow, int bi, int jn, float[] lanes, int lo) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00,
                c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00,
                c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00, c25 = c00,
                c30 = c00, c31 = c00, c32 = c00, c33 = c00, c34 = c00, c35 = c00;
        int b0 = bRow[bi] + j0, b1 = bRow[bi + 1] + j0, b2 = bRow[bi + 2] + j0, b3 = bRow[bi + 3] + j0, b4 = bRow[bi + 4] + j0, b5 = bRow[bi + 5] + j0;
        int a = aRow[0] + j0, a1 = aRow[1] + j0, a2 = aRow[2] + j0, a3 = aRow[3] + j0;
        for (int j = 0; j < jn; j += L) {
            FloatVector x0 = FloatVector.fromArray(S, src, b0 + j), x1 = FloatVector.fromArray(S, src, b1 + j),
                    x2 = FloatVector.fromArray(S, src, b2 + j), x3 = FloatVector.fromArray(S, src, b3 + j),
                    x4 = FloatVector.fromArray(S, src, b4 + j), x5 = FloatVector.fromArray(S, src, b5 + j);
            FloatVector y = FloatVector.fromArray(S, dy, a + j);
            c00 = y.fma(x0, c00); c01 = y.fma(x1, c01); c02 = y.fma(x2, c02); c03 = y.fma(x3, c03); c04 = y.fma(x4, c04); c05 = y.fma(x5, c05);
            y = FloatVector.fromArray(S, dy, a1 + j);
            c10 = y.fma(x0, c10); c11 = y.fma(x1, c11); c12 = y.fma(x2, c12); c13 = y.fma(x3, c13); c14 = y.fma(x4, c14); c15 = y.fma(x5, c15);
            y = FloatVector.fromArray(S, dy, a2 + j);
            c20 = y.fma(x0, c20); c21 = y.fma(x1, c21); c22 = y.fma(x2, c22); c23 = y.fma(x3, c23); c24 = y.fma(x4, c24); c25 = y.fma(x5, c25);
            y = FloatVector.fromArray(S, dy, a3 + j);
            c30 = y.fma(x0, c30); c31 = y.fma(x1, c31); c32 = y.fma(x2, c32); c33 = y.fma(x3, c33); c34 = y.fma(x4, c34); c35 = y.fma(x5, c35);
        }
        c00.add(FloatVector.fromArray(S, lanes, lo)).intoArray(lanes, lo);
        c01.add(FloatVector.fromArray(S, lanes, lo + 1 * L)).intoArray(lanes, lo + 1 * L);
        c02.add(FloatVector.fromArray(S, lanes, lo + 2 * L)).intoArray(lanes, lo + 2 * L);
        c03.add(FloatVector.fromArray(S, lanes, lo + 3 * L)).intoArray(lanes, lo + 3 * L);
        c04.add(FloatVector.fromArray(S, lanes, lo + 4 * L)).intoArray(lanes, lo + 4 * L);
        c05.add(FloatVector.fromArray(S, lanes, lo + 5 * L)).intoArray(lanes, lo + 5 * L);
        c10.add(FloatVector.fromArray(S, lanes, lo + 6 * L)).intoArray(lanes, lo + 6 * L);
        c11.add(FloatVector.fromArray(S, lanes, lo + 7 * L)).intoArray(lanes, lo + 7 * L);
        c12.add(FloatVector.fromArray(S, lanes, lo + 8 * L)).intoArray(lanes, lo + 8 * L);
        c13.add(FloatVector.fromArray(S, lanes, lo + 9 * L)).intoArray(lanes, lo + 9 * L);
        c14.add(FloatVector.fromArray(S, lanes, lo + 10 * L)).intoArray(lanes, lo + 10 * L);
        c15.add(FloatVector.fromArray(S, lanes, lo + 11 * L)).intoArray(lanes, lo + 11 * L);
        c20.add(FloatVector.fromArray(S, lanes, lo + 12 * L)).intoArray(lanes, lo + 12 * L);
        c21.add(FloatVector.fromArray(S, lanes, lo + 13 * L)).intoArray(lanes, lo + 13 * L);
        c22.add(FloatVector.fromArray(S, lanes, lo + 14 * L)).intoArray(lanes, lo + 14 * L);
        c23.add(FloatVector.fromArray(S, lanes, lo + 15 * L)).intoArray(lanes, lo + 15 * L);
        c24.add(FloatVector.fromArray(S, lanes, lo + 16 * L)).intoArray(lanes, lo + 16 * L);
        c25.add(FloatVector.fromArray(S, lanes, lo + 17 * L)).intoArray(lanes, lo + 17 * L);
        c30.add(FloatVector.fromArray(S, lanes, lo + 18 * L)).intoArray(lanes, lo + 18 * L);
        c31.add(FloatVector.fromArray(S, lanes, lo + 19 * L)).intoArray(lanes, lo + 19 * L);
        c32.add(FloatVector.fromArray(S, lanes, lo + 20 * L)).intoArray(lanes, lo + 20 * L);
        c33.add(FloatVector.fromArray(S, lanes, lo + 21 * L)).intoArray(lanes, lo + 21 * L);
        c34.add(FloatVector.fromArray(S, lanes, lo + 22 * L)).intoArray(lanes, lo + 22 * L);
        c35.add(FloatVector.fromArray(S, lanes, lo + 23 * L)).intoArray(lanes, lo + 23 * L);
    }
}

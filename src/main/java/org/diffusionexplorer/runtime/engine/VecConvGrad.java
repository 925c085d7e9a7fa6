package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.diffusionexplorer.runtime.engine.VecConv.L;
import static org.diffusionexplorer.runtime.engine.VecConv.MR;
import static org.diffusionexplorer.runtime.engine.VecConv.NR;
import static org.diffusionexplorer.runtime.engine.VecConv.S;

/**
 * dW = dy · shift(src)ᵀ, the weight gradient of a stride-1 convolution on the Vector API, in {@link VecConv}'s layout
 * and with its register blocking; split over a fixed number of workers summed in order, so results are the same on
 * every run.
 */
final class VecConvGrad {
    /** Columns of the reduction per block in the weight gradient (its B block is JB × NR floats). */
    private static final int JB = 256;

    private VecConvGrad() {
    }


    /**
     * Runs of consecutive taps whose offsets go up by one (a row of a 3×3 kernel, or the single tap of a 1×1): in the
     * channel-last copy of the input, such a run reads one contiguous stretch of taps·rows values per column.
     */
    private static int[][] runs(int[] offs) {
        List<int[]> out = new ArrayList<>();
        int t = 0;
        while (t < offs.length) {
            int e = t + 1;
            while (e < offs.length && offs[e] == offs[e - 1] + 1) e++;
            out.add(new int[]{t, e - t});
            t = e;
        }
        return out.toArray(new int[0][]);
    }

    /** Whether {@link #weightGradient} handles this shape: every run's width must be a whole number of vectors. */
    static boolean handlesWeightGradient(int rows, int[] offs) {
        for (int[] run : runs(offs)) if (run[1] * rows % L != 0) return false;
        return true;
    }

    /**
     * grad[o·k + t·rows + r] += Σ_j dy[o·P + lo + j] · src[r·P + lo + j + offs[t]]; same contract as
     * {@link ConvGemm#weightGradient}. The input is first copied channel-last (srcT[q·rows + r] = src[r·P + q]), so
     * that for every column j the values of a run of taps are contiguous and the product vectorises along k. The
     * columns are split into one contiguous range per worker; each worker sums into its own buffer, and the buffers
     * are added in worker order.
     */
    static void weightGradient(float[] src, int rows, int P, int lo, int len, int[] offs, float[] dy, int m, float[] grad, Scratch s) {
        weightGradient(src, 0, rows, P, lo, len, offs, dy, 0, m, grad, 0, s);
    }

    /**
     * As above with src's rows from src[srcBase], dy's from dy[dyBase] and the sums added to grad from gradBase
     * ({@link RowWinograd#weightGradient}: six products in one array).
     */
    static void weightGradient(float[] src, int srcBase, int rows, int P, int lo, int len, int[] offs, float[] dy, int dyBase,
                               int m, float[] grad, int gradBase, Scratch s) {
        int k = offs.length * rows;
        long t0 = Profile.start();
        float[] srcT = s.transposed(rows * P);
        int qBlock = 256, qBlocks = (P + qBlock - 1) / qBlock;
        Par.each(qBlocks, (long) qBlock * rows, b -> {
            int q0 = b * qBlock, q1 = Math.min(P, q0 + qBlock);
            for (int r = 0; r < rows; r++) {
                int sr = r * P;
                for (int q = q0; q < q1; q++) srcT[q * rows + r] = src[srcBase + sr + q];
            }
        });
        Profile.lap("conv.dW.transpose", t0);
        int[][] runs = runs(offs);
        int workers = Math.max(1, Math.min(Par.threads(), len / JB));
        Par.workers(workers, w -> {
            float[] acc = s.worker(w).acc(m * k);
            Arrays.fill(acc, 0, m * k, 0f);
            int jStart = (int) ((long) len * w / workers), jEnd = (int) ((long) len * (w + 1) / workers);
            for (int j = jStart; j < jEnd; j += JB) {
                int jn = Math.min(JB, jEnd - j);
                for (int[] run : runs) {
                    int width = run[1] * rows, kk0 = run[0] * rows, bBase = (lo + j + offs[run[0]]) * rows;
                    for (int x = 0; x < width; ) {
                        boolean wide = width - x >= NR;
                        int op = 0;
                        for (; op + MR <= m; op += MR) {
                            if (wide) w83(dy, dyBase + op * P + lo + j, P, jn, srcT, bBase + x, rows, acc, op * k + kk0 + x, k);
                            else w81(dy, dyBase + op * P + lo + j, P, jn, srcT, bBase + x, rows, acc, op * k + kk0 + x, k);
                        }
                        for (; op < m; op++) w1(dy, dyBase + op * P + lo + j, jn, srcT, bBase + x, rows, acc, op * k + kk0 + x, wide ? 3 : 1);
                        x += wide ? NR : L;
                    }
                }
            }
        });
        for (int w = 0; w < workers; w++) {
            float[] acc = s.worker(w).acc(m * k);
            for (int i = 0; i < m * k; i++) grad[gradBase + i] += acc[i];
        }
    }

    /** acc[8 rows][3 vectors] += Σ_{j<jn} dy[row][d + j] · srcT[b + j·rows ..]. */
    private static void w83(float[] dy, int d, int P, int jn, float[] srcT, int b, int rows, float[] acc, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00,
                c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00,
                c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00,
                c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        int d1 = d + P, d2 = d1 + P, d3 = d2 + P, d4 = d3 + P, d5 = d4 + P, d6 = d5 + P, d7 = d6 + P;
        for (int j = 0; j < jn; j++, b += rows) {
            FloatVector b0 = FloatVector.fromArray(S, srcT, b), b1 = FloatVector.fromArray(S, srcT, b + L),
                    b2 = FloatVector.fromArray(S, srcT, b + 2 * L);
            FloatVector x = FloatVector.broadcast(S, dy[d + j]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02);
            x = FloatVector.broadcast(S, dy[d1 + j]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12);
            x = FloatVector.broadcast(S, dy[d2 + j]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22);
            x = FloatVector.broadcast(S, dy[d3 + j]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32);
            x = FloatVector.broadcast(S, dy[d4 + j]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42);
            x = FloatVector.broadcast(S, dy[d5 + j]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52);
            x = FloatVector.broadcast(S, dy[d6 + j]);
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61); c62 = b2.fma(x, c62);
            x = FloatVector.broadcast(S, dy[d7 + j]);
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71); c72 = b2.fma(x, c72);
        }
        int c = cOff;
        c00.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c01.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c02.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c10.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c11.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c12.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c20.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c21.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c22.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c30.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c31.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c32.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c40.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c41.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c42.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c50.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c51.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c52.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c60.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c61.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c62.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
        c += ldc;
        c70.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c71.add(FloatVector.fromArray(S, acc, c + L)).intoArray(acc, c + L);
        c72.add(FloatVector.fromArray(S, acc, c + 2 * L)).intoArray(acc, c + 2 * L);
    }


    /** acc[8 rows][1 vector] += …: the last, narrower columns of a run. */
    private static void w81(float[] dy, int d, int P, int jn, float[] srcT, int b, int rows, float[] acc, int cOff, int ldc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int d1 = d + P, d2 = d1 + P, d3 = d2 + P, d4 = d3 + P, d5 = d4 + P, d6 = d5 + P, d7 = d6 + P;
        for (int j = 0; j < jn; j++, b += rows) {
            FloatVector b0 = FloatVector.fromArray(S, srcT, b);
            c0 = b0.fma(FloatVector.broadcast(S, dy[d + j]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, dy[d1 + j]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, dy[d2 + j]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, dy[d3 + j]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, dy[d4 + j]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, dy[d5 + j]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, dy[d6 + j]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, dy[d7 + j]), c7);
        }
        int c = cOff;
        c0.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        c1.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c2.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c3.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c4.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c5.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c6.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
        c7.add(FloatVector.fromArray(S, acc, c += ldc)).intoArray(acc, c);
    }

    /** One row of dy × `vectors` vectors (rows of the output left over after the blocks of 8). */
    private static void w1(float[] dy, int d, int jn, float[] srcT, int b, int rows, float[] acc, int cOff, int vectors) {
        for (int v = 0; v < vectors; v++) {
            FloatVector c0 = FloatVector.zero(S);
            int bv = b + v * L;
            for (int j = 0; j < jn; j++, bv += rows) c0 = FloatVector.fromArray(S, srcT, bv).fma(FloatVector.broadcast(S, dy[d + j]), c0);
            int c = cOff + v * L;
            c0.add(FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The weight gradient as dot products along the columns: no channel-last copy
    // ---------------------------------------------------------------------------------------------------------------

    /** Columns per pass of {@link #weightGradientDot} (its A and B rows stay in the L2 cache within a pass). */
    private static final int JCHUNK = 2048;

    /** Whether {@link #weightGradientDot} handles m output rows. */
    static boolean handlesDot(int m) {
        return m % 4 == 0;
    }

    /**
     * grad[gradBase + o·k + t·rows + r] += Σ_{j<len} dy[dyBase + o·P + lo + j] · src[srcBase + r·P + lo + j + offs[t]],
     * the weight gradient with the vectors along the reduction: blocks of 4 gradient rows × 6 columns, each a dot
     * product of two rows read in place (so no channel-last copy of src, which cost as much as a tenth of a training
     * step). The columns are taken in passes of {@link #JCHUNK} so that the rows stay in cache; each block's 24
     * vector sums carry over from pass to pass, and their lanes are added once at the end, in a fixed order. Each block
     * belongs to one job, so the result does not depend on the thread count. (Blocks of 8 × 3 measured about 14%
     * slower: the 8 rows of dy no longer fit in the L1 cache.)
     */
    static void weightGradientDot(float[] src, int srcBase, int rows, int P, int lo, int len, int[] offs, float[] dy, int dyBase,
                                  int m, float[] grad, int gradBase, Scratch s) {
        int k = offs.length * rows, kBlocks = (k + 5) / 6, block = 24 * L;
        if (!handlesDot(m)) throw new IllegalArgumentException("blocks of 4 rows");
        // the columns in sixes; a last, partial block repeats the last column (its extra sums are dropped)
        int[] bRow = new int[6 * kBlocks];
        for (int kk = 0; kk < bRow.length; kk++) {
            int c = Math.min(kk, k - 1), t = c / rows, r = c % rows;
            bRow[kk] = srcBase + r * P + lo + offs[t];
        }
        int vecLen = len / L * L;
        Par.chunks(m / 4, (w, ob) -> {
            float[] lanes = s.worker(w).acc(kBlocks * block);
            Arrays.fill(lanes, 0, kBlocks * block, 0f);
            int a0 = dyBase + ob * 4 * P + lo;
            for (int j0 = 0; j0 < vecLen; j0 += JCHUNK) {
                int jn = Math.min(JCHUNK, vecLen - j0);
                for (int kb = 0; kb < kBlocks; kb++) dot46(dy, a0 + j0, P, src, bRow, 6 * kb, j0, jn, lanes, kb * block);
            }
            for (int kb = 0; kb < kBlocks; kb++)
                for (int i = 0; i < 4; i++)
                    for (int c = 0; c < 6 && 6 * kb + c < k; c++) {
                        float sum = 0f;
                        int l0 = kb * block + (i * 6 + c) * L, ai = a0 + i * P, bc = bRow[6 * kb + c];
                        for (int l = 0; l < L; l++) sum += lanes[l0 + l];
                        for (int j = vecLen; j < len; j++) sum = Math.fma(dy[ai + j], src[bc + j], sum);
                        grad[gradBase + (ob * 4 + i) * k + 6 * kb + c] += sum;
                    }
        });
    }

    /**
     * lanes[4 rows][6 columns][L] += Σ_{j<jn, by vectors} a_i[j]·b_c[j] for a_i = dy[a + i·P …] and
     * b_c = src[bRow[bi + c] + j0 …]. The sums are added to lanes written out (a helper taking the vector as a
     * parameter was not always inlined, and then boxed it).
     */
    private static void dot46(float[] dy, int a, int P, float[] src, int[] bRow, int bi, int j0, int jn, float[] lanes, int lo) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00,
                c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00,
                c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00, c25 = c00,
                c30 = c00, c31 = c00, c32 = c00, c33 = c00, c34 = c00, c35 = c00;
        int b0 = bRow[bi] + j0, b1 = bRow[bi + 1] + j0, b2 = bRow[bi + 2] + j0, b3 = bRow[bi + 3] + j0, b4 = bRow[bi + 4] + j0, b5 = bRow[bi + 5] + j0;
        int a1 = a + P, a2 = a1 + P, a3 = a2 + P;
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

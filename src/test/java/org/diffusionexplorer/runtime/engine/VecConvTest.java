package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API convolution kernels against a plain double-precision loop, on shapes that exercise every path:
 * blocks of 8 output rows and the rows left over, full column panels and the masked last one, 3×3 taps in both
 * directions and 1×1, and runs of the weight gradient that are wider or narrower than a panel.
 */
class VecConvTest {
    @org.junit.jupiter.api.BeforeAll
    static void needsTheVectorModule() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VecSupport.moduleLoaded(), "jdk.incubator.vector is not in this JVM");
    }

    private static float[] random(int n, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    private static int[] offsets(int taps, int wp, int sign) {
        if (taps == 1) return new int[]{0};
        int[] o = new int[9];
        for (int t = 0; t < 9; t++) o[t] = sign * ((t / 3 - 1) * wp + (t % 3 - 1));
        return o;
    }

    /** n images of h×w, padded (3×3) or not (1×1): returns {P, lo, len, wp}. */
    private static int[] layout(int taps, int n, int h, int w) {
        if (taps == 1) return new int[]{n * h * w, 0, n * h * w, 0};
        int wp = w + 2, P = n * (h + 2) * wp, lo = wp + 1;
        return new int[]{P, lo, P - 2 * lo, wp};
    }

    @Test
    void forwardAndInputGradientMatchAPlainLoop() {
        SplittableRandom rng = new SplittableRandom(1);
        int[][] shapes = {{9, 1, 32, 1}, {9, 16, 8, 1}, {9, 32, 12, 1}, {9, 48, 1, -1}, {9, 24, 17, -1}, {1, 32, 16, 1}, {1, 20, 9, 1}};
        // images: one chunk of column panels (the rows are split between threads), two chunks, many chunks
        int[][] images = {{3, 7, 5}, {1, 14, 14}, {3, 20, 20}};
        for (int[] im : images)
        for (int[] sh : shapes) {
            int taps = sh[0], rows = sh[1], m = sh[2];
            int[] lay = layout(taps, im[0], im[1], im[2]);
            int P = lay[0], lo = lay[1], len = lay[2];
            int[] offs = offsets(taps, lay[3], sh[3]);
            float[] src = random(rows * P, rng), a = random(m * taps * rows, rng);
            float[] dst = new float[m * P];
            java.util.Arrays.fill(dst, Float.NaN);
            VecConv.apply(src, rows, P, lo, len, offs, a, m, dst, new Scratch());
            // the last columns of src go through the scalar edge loop; with room after src, through the vector edge
            // kernels: the same bits
            float[] roomy = java.util.Arrays.copyOf(src, src.length + 64), dst2 = new float[m * P];
            java.util.Arrays.fill(dst2, Float.NaN);
            VecConv.apply(roomy, rows, P, lo, len, offs, a, m, dst2, new Scratch());
            assertArrayEquals(dst, dst2, "scalar and vector edges, shape " + java.util.Arrays.toString(sh));
            for (int o = 0; o < m; o++)
                for (int j = 0; j < len; j++) {
                    double ref = 0;
                    for (int t = 0; t < taps; t++)
                        for (int r = 0; r < rows; r++) ref += (double) a[o * taps * rows + t * rows + r] * src[r * P + lo + j + offs[t]];
                    assertEquals(ref, dst[o * P + lo + j], 1e-4 * (1 + Math.abs(ref)), "shape " + java.util.Arrays.toString(sh) + " o=" + o + " j=" + j);
                }
            for (int o = 0; o < m; o++) {
                for (int j = 0; j < lo; j++) assertTrue(Float.isNaN(dst[o * P + j]), "column before lo written");
                for (int j = lo + len; j < P; j++) assertTrue(Float.isNaN(dst[o * P + j]), "column after lo+len written");
            }
        }
    }

    @Test
    void weightGradientAsDotProductsMatchesAPlainLoopWhateverTheThreadCount() {
        SplittableRandom rng = new SplittableRandom(3);
        // rows·taps a multiple of 6 or not, output rows a multiple of 4 or not (the last blocks repeat a column or a
        // row); columns a multiple of the vector width
        // or not (the last columns, through zero-padded copies); one input channel (the network's first convolution)
        int[][] shapes = {{9, 16, 8}, {9, 1, 32}, {1, 32, 16}, {1, 64, 8}, {3, 13, 24}, {1, 2, 8}, {9, 5, 12}, {9, 32, 1}, {1, 16, 3}};
        int[][] images = {{4, 9, 7}, {1, 5, 3}, {2, 30, 40}};
        for (int[] im : images)
            for (int[] sh : shapes) {
                int taps = sh[0], rows = sh[1], m = sh[2];
                int[] lay = layout(taps == 3 ? 9 : taps, im[0], im[1], im[2]);
                int P = lay[0], lo = lay[1], len = lay[2];
                int[] offs = taps == 3 ? new int[]{-1, 0, 1} : offsets(taps, lay[3], 1);
                int k = offs.length * rows;
                float[] src = random(rows * P + 8, rng), dy = random(m * P + 8, rng), start = random(2 + m * k, rng);
                float[] grad = start.clone(), one = start.clone();
                VecConvGrad.weightGradientDot(src, 8, rows, P, lo, len, offs, dy, 8, m, grad, 2, new Scratch());
                int was = Par.threads();
                try {
                    Par.limit(1);
                    VecConvGrad.weightGradientDot(src, 8, rows, P, lo, len, offs, dy, 8, m, one, 2, new Scratch());
                } finally {
                    Par.limit(was);
                }
                String what = "shape " + java.util.Arrays.toString(sh) + " image " + java.util.Arrays.toString(im);
                assertArrayEquals(grad, one, what + ": one thread or several, same bits");
                assertEquals(start[0], grad[0], 0f, what + ": nothing written before gradBase");
                for (int o = 0; o < m; o++)
                    for (int t = 0; t < offs.length; t++)
                        for (int r = 0; r < rows; r++) {
                            double ref = start[2 + o * k + t * rows + r];
                            for (int j = 0; j < len; j++) ref += (double) dy[8 + o * P + lo + j] * src[8 + r * P + lo + j + offs[t]];
                            assertEquals(ref, grad[2 + o * k + t * rows + r], 1e-4 * (1 + Math.abs(ref)), what);
                        }
            }
    }
}

package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The upsampling convolution without the upsampled image ({@link SubPixelConv}, through {@link Conv#forwardUpsampled})
 * against conv3×3(nearest ×2 (x)) in double: the output, the gradient of x and the weight and bias gradients, on
 * rows narrower and wider than a vector, heights whose doubled rows are and are not a multiple of the tile's four,
 * chunks of one tile row and of many; and the same bits on one thread and on all of them.
 */
class SubPixelConvTest {
    private boolean vectorWas;
    private int chunkWas, threadsWas;

    @BeforeEach
    void vectorEngine() {
        assumeTrue(VecSupport.moduleLoaded());
        vectorWas = VecSupport.enabled();
        VecSupport.use(true);
        chunkWas = RowWinograd.chunkColumns;
        threadsWas = Par.threads();
    }

    @AfterEach
    void restore() {
        if (!VecSupport.moduleLoaded()) return; // skipped (RowWinograd's class needs the module)
        VecSupport.use(vectorWas);
        RowWinograd.chunkColumns = chunkWas;
        Par.limit(threadsWas);
    }

    @Test
    void matchesTheUpsamplingAndTheConvolutionInDoubleWhateverTheThreadCount() {
        SplittableRandom rng = new SplittableRandom(21);
        // {n, h, w, cin, cout, chunk columns (0: the default)}
        int[][] cases = {{64, 7, 7, 16, 16, 0}, {3, 14, 14, 16, 24, 1}, {2, 5, 9, 8, 8, 1}, {4, 7, 20, 24, 16, 2}, {2, 3, 3, 8, 16, 1}};
        for (int[] cs : cases) {
            int n = cs[0], h = cs[1], w = cs[2], cin = cs[3], cout = cs[4];
            RowWinograd.chunkColumns = cs[5] == 0 ? chunkWas : cs[5] * (w + 1);
            Act x = new Act(cin, n, h, w, random(cin * n * h * w, rng));
            Act dy = new Act(cout, n, 2 * h, 2 * w, random(cout * n * 4 * h * w, rng));
            String what = java.util.Arrays.toString(cs);
            assertTrue(SubPixelConv.handles(x, cout), what + ": runs as SubPixelConv");
            float[][] first = null;
            for (int threads : new int[]{1, threadsWas}) {
                Par.limit(threads);
                Conv conv = new Conv("up", cin, cout, 3, false, new SplittableRandom(3), new Scratch(), new ArrayList<>());
                Act y = conv.forwardUpsampled(x, true);
                Act dx = conv.backwardUpsampled(dy);
                float[][] got = {y.data, dx.data, conv.weight.grad.clone(), conv.bias.grad.clone()};
                if (first == null) {
                    first = got;
                    check(x, dy, conv, got, what);
                } else {
                    for (int i = 0; i < got.length; i++) assertArrayEquals(first[i], got[i], what + ": the same bits on 1 thread and " + threads);
                }
            }
        }
    }

    /** got = {y, dL/dx, dL/dW, dL/db} against the upsampling and the convolution in double. */
    private static void check(Act x, Act dy, Conv conv, float[][] got, String what) {
        int cin = x.c, cout = dy.c, n = x.n, h = x.h, w = x.w, h2 = 2 * h, w2 = 2 * w;
        float[] wt = conv.weight.value, b = conv.bias.value;
        double[] y = new double[cout * n * h2 * w2], dx = new double[cin * n * h * w], dw = new double[9 * cout * cin], db = new double[cout];
        for (int o = 0; o < cout; o++)
            for (int i = 0; i < n; i++)
                for (int yy = 0; yy < h2; yy++)
                    for (int xx = 0; xx < w2; xx++) {
                        int at = ((o * n + i) * h2 + yy) * w2 + xx;
                        double acc = b[o], g = dy.data[at];
                        db[o] += g;
                        for (int ky = 0; ky < 3; ky++)
                            for (int kx = 0; kx < 3; kx++) {
                                int sy = yy + ky - 1, sx = xx + kx - 1;
                                if (sy < 0 || sy >= h2 || sx < 0 || sx >= w2) continue;
                                for (int c = 0; c < cin; c++) {
                                    int wi = ((ky * 3 + kx) * cout + o) * cin + c, xi = ((c * n + i) * h + sy / 2) * w + sx / 2;
                                    acc += wt[wi] * (double) x.data[xi];
                                    dx[xi] += wt[wi] * g;
                                    dw[wi] += g * x.data[xi];
                                }
                            }
                        y[at] = acc;
                    }
        String[] names = {"output", "input gradient", "weight gradient", "bias gradient"};
        double[][] want = {y, dx, dw, db};
        int[] terms = {9 * cin, 9 * cout * 4, n * h2 * w2, n * h2 * w2};
        for (int k = 0; k < 4; k++) {
            double err = 0, scale = 0;
            for (int i = 0; i < want[k].length; i++) {
                err = Math.max(err, Math.abs(got[k][i] - want[k][i]));
                scale = Math.max(scale, Math.abs(want[k][i]));
            }
            System.out.printf("%s %s: max error %.2e, scale %.1f%n", what, names[k], err, scale);
            assertTrue(err <= 4e-6 * Math.max(1, scale) * Math.sqrt(terms[k]), what + " " + names[k] + ": error " + err + ", scale " + scale);
        }
    }

    private static float[] random(int n, SplittableRandom rng) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }
}

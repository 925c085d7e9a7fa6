package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Nearest ×2 and its backward pass, and the average pool's backward pass, against plain loops over every output
 * element (index division, the sums in row order into zeros): the same bits, on planes narrower and wider than a
 * vector and of one element.
 */
class ResizeTest {
    @Test
    void upsampleAndTheBackwardPassesMatchPlainLoops() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] sh : new int[][]{{3, 2, 7, 7}, {2, 3, 14, 6}, {1, 1, 1, 1}, {2, 2, 5, 20}}) {
            int c = sh[0], n = sh[1], h = sh[2], w = sh[3], planes = c * n;
            Act x = new Act(c, n, h, w, random(planes * h * w, r));
            Act g = new Act(c, n, 2 * h, 2 * w, random(planes * 4 * h * w, r));
            float[] up = new float[planes * 4 * h * w], back = new float[planes * h * w], pool = new float[planes * 4 * h * w];
            for (int j = 0; j < planes; j++)
                for (int y = 0; y < 2 * h; y++)
                    for (int q = 0; q < 2 * w; q++) {
                        int hi = j * 4 * h * w + y * 2 * w + q, lo = j * h * w + (y / 2) * w + q / 2;
                        up[hi] = x.data[lo];
                        back[lo] += g.data[hi];
                        pool[hi] = 0.25f * x.data[lo];
                    }
            String what = java.util.Arrays.toString(sh);
            assertArrayEquals(up, Resize.upsample(x).data, what + " upsample");
            assertArrayEquals(back, Resize.upsampleBackward(g).data, what + " upsample backward");
            assertArrayEquals(pool, Resize.avgPoolBackward(x, 2 * h, 2 * w).data, what + " average pool backward");
        }
    }

    private static float[] random(int n, SplittableRandom r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}

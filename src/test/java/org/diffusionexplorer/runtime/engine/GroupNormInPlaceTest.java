package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** GroupNormSilu's backward pass written over dL/dy gives the same bits as into a new buffer, tails included. */
class GroupNormInPlaceTest {
    @Test
    void inPlaceEqualsSeparateBuffer() {
        boolean before = GroupNormSilu.inPlace;
        try {
            // planes of 9 (shorter than a vector), 49 and 196 (a partial last vector), 256 (whole vectors)
            for (int side : new int[]{3, 7, 14, 16}) {
                for (boolean silu : new boolean[]{true, false}) {
                    int c = 16, n = 3, len = c * n * side * side;
                    SplittableRandom r = new SplittableRandom(side * 31L + (silu ? 1 : 0));
                    float[] x = new float[len], dy = new float[len];
                    for (int i = 0; i < len; i++) {
                        x[i] = (float) r.nextGaussian();
                        dy[i] = (float) r.nextGaussian();
                    }
                    GroupNormSilu a = norm(silu, r), b = norm(silu, null);
                    System.arraycopy(a.gamma.value, 0, b.gamma.value, 0, c);
                    System.arraycopy(a.beta.value, 0, b.beta.value, 0, c);
                    GroupNormSilu.inPlace = false;
                    a.forward(new Act(c, n, side, side, x.clone()), true);
                    Act da = a.backward(new Act(c, n, side, side, dy.clone()));
                    GroupNormSilu.inPlace = true;
                    b.forward(new Act(c, n, side, side, x.clone()), true);
                    Act g = new Act(c, n, side, side, dy.clone());
                    Act db = b.backward(g);
                    assertSame(g.data, db.data, "written over dL/dy");
                    assertArrayEquals(da.data, db.data, "dx, side " + side + ", silu " + silu);
                    assertArrayEquals(a.gamma.grad, b.gamma.grad);
                    assertArrayEquals(a.beta.grad, b.beta.grad);
                }
            }
        } finally {
            GroupNormSilu.inPlace = before;
        }
    }

    private static GroupNormSilu norm(boolean silu, SplittableRandom r) {
        GroupNormSilu g = new GroupNormSilu("gn", 16, 4, silu, new ArrayList<>());
        if (r != null) {
            for (int i = 0; i < 16; i++) {
                g.gamma.value[i] = (float) (1 + 0.3 * r.nextGaussian());
                g.beta.value[i] = (float) (0.2 * r.nextGaussian());
            }
        }
        return g;
    }
}

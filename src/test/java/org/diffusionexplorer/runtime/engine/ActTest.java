package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Concatenation along channels and its split: on enough planes for Par.each's parallel copy (3 + 5 planes of 8 × 28²), and on fewer or tinier ones that it copies on the caller's thread. */
class ActTest {
    private static Act filled(int c, int n, int h, int w, float base) {
        Act a = new Act(c, n, h, w);
        for (int i = 0; i < a.data.length; i++) a.data[i] = base + i;
        return a;
    }

    @Test
    void concatPutsTheFirstChannelsFirstAndSplitUndoesIt() {
        for (int[] s : new int[][]{{3, 5, 8, 28, 28}, {3, 5, 2, 28, 28}, {1, 2, 1, 1, 1}, {7, 1, 4, 14, 14}}) {
            int c1 = s[0], c2 = s[1], n = s[2], h = s[3], w = s[4];
            Act a = filled(c1, n, h, w, 0.5f), b = filled(c2, n, h, w, -1e6f);
            Act cat = Act.concat(a, b);
            assertEquals(c1 + c2, cat.c);
            int p = a.plane();
            for (int ch = 0; ch < c1 + c2; ch++)
                for (int k = 0; k < p; k++) {
                    float want = ch < c1 ? a.data[ch * p + k] : b.data[(ch - c1) * p + k];
                    assertEquals(want, cat.data[ch * p + k], "channel " + ch + ", value " + k);
                }
            Act[] parts = cat.split(c1);
            assertEquals(c1, parts[0].c);
            assertEquals(c2, parts[1].c);
            assertArrayEquals(a.data, parts[0].data);
            assertArrayEquals(b.data, parts[1].data);
        }
    }
}

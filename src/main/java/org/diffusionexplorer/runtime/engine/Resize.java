package org.diffusionexplorer.runtime.engine;

/** 2×2 average pooling (down) and nearest-neighbour ×2 (up), with their backward passes. */
final class Resize {
    private Resize() {
    }

    static Act avgPool(Act x) {
        int h2 = x.h / 2, w2 = x.w / 2;
        Act y = Act.uninit(x.c, x.n, h2, w2);
        float[] d = x.data, o = y.data;
        Par.each(x.c * x.n, (long) x.h * x.w, j -> {
            int src = j * x.h * x.w, dst = j * h2 * w2;
            for (int r = 0; r < h2; r++)
                for (int q = 0; q < w2; q++) {
                    int a = src + 2 * r * x.w + 2 * q;
                    o[dst + r * w2 + q] = 0.25f * (d[a] + d[a + 1] + d[a + x.w] + d[a + x.w + 1]);
                }
        });
        return y;
    }

    static Act avgPoolBackward(Act dy, int h, int w) {
        // every element is written when h and w are even (an odd last row or column gets no gradient: zeros)
        Act dx = h % 2 == 0 && w % 2 == 0 ? Act.uninit(dy.c, dy.n, h, w) : new Act(dy.c, dy.n, h, w);
        float[] g = dy.data, o = dx.data;
        Par.each(dy.c * dy.n, (long) h * w, j -> {
            int src = j * dy.h * dy.w, dst = j * h * w;
            for (int r = 0; r < dy.h; r++) {
                int a = dst + 2 * r * w, b = src + r * dy.w;
                for (int q = 0; q < dy.w; q++) {
                    float v = 0.25f * g[b + q];
                    o[a + 2 * q] = v;
                    o[a + 2 * q + 1] = v;
                }
                System.arraycopy(o, a, o, a + w, 2 * dy.w); // the row below: the same values
            }
        });
        return dx;
    }

    /**
     * Each value twice along the row, and the row twice: one pass that reads a value and writes two, then a copy of
     * the row (was an index division per value written, at a third of the memory's speed).
     */
    static Act upsample(Act x) {
        int h2 = x.h * 2, w2 = x.w * 2;
        Act y = Act.uninit(x.c, x.n, h2, w2);
        float[] d = x.data, o = y.data;
        Par.each(x.c * x.n, (long) h2 * w2, j -> {
            int src = j * x.h * x.w, dst = j * h2 * w2;
            for (int r = 0; r < x.h; r++) {
                int a = dst + 2 * r * w2, b = src + r * x.w;
                for (int q = 0; q < x.w; q++) {
                    float v = d[b + q];
                    o[a + 2 * q] = v;
                    o[a + 2 * q + 1] = v;
                }
                System.arraycopy(o, a, o, a + w2, w2);
            }
        });
        return y;
    }

    /**
     * The sum of each 2×2 block, written once, in the order the earlier pass added them row by row into zeros (the
     * same values, the same bits but for the sign of a sum of negative zeros; without the zeroed array and the three
     * read-modify-writes).
     */
    static Act upsampleBackward(Act dy) {
        int h = dy.h / 2, w = dy.w / 2;
        Act dx = Act.uninit(dy.c, dy.n, h, w);
        float[] g = dy.data, o = dx.data;
        Par.each(dy.c * dy.n, (long) dy.h * dy.w, j -> {
            int src = j * dy.h * dy.w, dst = j * h * w;
            for (int r = 0; r < h; r++) {
                int a = src + 2 * r * dy.w, b = a + dy.w, c = dst + r * w;
                for (int q = 0; q < w; q++) o[c + q] = g[a + 2 * q] + g[a + 2 * q + 1] + g[b + 2 * q] + g[b + 2 * q + 1];
            }
        });
        return dx;
    }
}

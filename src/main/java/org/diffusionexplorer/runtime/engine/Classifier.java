package org.diffusionexplorer.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small CNN classifier for 28×28 grey images, used as the feature space of the quality check (an FID-like score
 * in the spirit of Heusel et al. 2017, with this network in place of Inception): three conv-GroupNorm-SiLU stages
 * (32, 64, 64 channels; 2×2 average pooling between them), global average pooling to a 64-d feature, a linear head.
 */
public final class Classifier {
    public static final int FEATURES = 64, CLASSES = 10;
    private final List<Param> params = new ArrayList<>();
    private final Scratch s = new Scratch();
    private final Conv c1, c2, c3;
    private final GroupNormSilu n1, n2, n3;
    private final Linear head;
    private int[][] shapes;
    private Act last;

    public Classifier(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        c1 = new Conv("c1", 1, 32, 3, false, r, s, params);
        n1 = new GroupNormSilu("n1", 32, 8, true, params);
        c2 = new Conv("c2", 32, 64, 3, false, r, s, params);
        n2 = new GroupNormSilu("n2", 64, 8, true, params);
        c3 = new Conv("c3", 64, FEATURES, 3, false, r, s, params);
        n3 = new GroupNormSilu("n3", FEATURES, 8, true, params);
        head = new Linear("head", FEATURES, CLASSES, false, r, params);
    }

    public List<Param> params() { return params; }

    /** Features [n][64] of images [n][1][28][28]. */
    public float[] features(float[] x, int n, boolean keep) {
        Act a = Act.fromNchw(x, n, 1, 28, 28);
        Act h1 = n1.forward(c1.forward(a, keep), keep);
        Act p1 = Resize.avgPool(h1);
        Act h2 = n2.forward(c2.forward(p1, keep), keep);
        Act p2 = Resize.avgPool(h2);
        Act h3 = n3.forward(c3.forward(p2, keep), keep);
        if (keep) {
            shapes = new int[][]{{h1.h, h1.w}, {h2.h, h2.w}};
            last = h3;
        }
        int hw = h3.h * h3.w, p = h3.plane();
        float[] f = new float[n * FEATURES];
        for (int c = 0; c < FEATURES; c++)
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int k = c * p + i * hw; k < c * p + (i + 1) * hw; k++) acc += h3.data[k];
                f[i * FEATURES + c] = (float) (acc / hw);
            }
        return f;
    }

    public float[] logits(float[] features, int n, boolean keep) {
        return head.forward(features, n, keep);
    }

    /** One step of cross-entropy backward from the logits' gradient. */
    public void backward(float[] dLogits, int n) {
        float[] df = head.backward(dLogits);
        Act h3 = last;
        int hw = h3.h * h3.w, p = h3.plane();
        Act d3 = h3.like();
        for (int c = 0; c < FEATURES; c++)
            for (int i = 0; i < n; i++) {
                float v = df[i * FEATURES + c] / hw;
                for (int k = c * p + i * hw; k < c * p + (i + 1) * hw; k++) d3.data[k] = v;
            }
        Act g = c3.backward(n3.backward(d3));
        g = Resize.avgPoolBackward(g, shapes[1][0], shapes[1][1]);
        g = c2.backward(n2.backward(g));
        g = Resize.avgPoolBackward(g, shapes[0][0], shapes[0][1]);
        c1.backward(n1.backward(g));
    }

    public void zeroGrad() {
        for (Param p : params) p.zeroGrad();
    }
}

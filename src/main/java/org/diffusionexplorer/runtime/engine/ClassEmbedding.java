package org.diffusionexplorer.runtime.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One learned vector per class plus a "no class" vector (row {@code classes}), added to an embedding: the class
 * conditioning of classifier-free guidance (Ho and Salimans 2022). A label of −1 (or null labels) means no class.
 */
final class ClassEmbedding {
    final Param table;
    final int classes, dim;
    private int[] labels;

    ClassEmbedding(String name, int classes, int dim, SplittableRandom rng, List<Param> registry) {
        this.classes = classes;
        this.dim = dim;
        table = new Param(name + ".weight", new long[]{classes + 1, dim}, false);
        for (int i = 0; i < table.value.length; i++) table.value[i] = (float) (0.1 * nextGaussian(rng));
        registry.add(table);
    }

    private static double nextGaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The row for an item's label: 0..classes−1, or the null row for −1. */
    int row(int[] labels, int i) {
        int l = labels == null ? -1 : labels[i];
        if (l < -1 || l >= classes) throw new IllegalArgumentException("class " + l + " outside 0.." + (classes - 1));
        return l < 0 ? classes : l;
    }

    /** h[i][:] += E[label_i] for n rows of width dim; keeps the labels for backward. */
    void addTo(float[] h, int n, int[] labels, boolean keep) {
        for (int i = 0; i < n; i++) {
            int r = row(labels, i) * dim;
            for (int k = 0; k < dim; k++) h[i * dim + k] += table.value[r + k];
        }
        if (keep) this.labels = labels == null ? null : labels.clone();
    }

    /** dE[label_i] += dh[i][:] (the gradient that reached the sum). */
    void backward(float[] dh, int n) {
        for (int i = 0; i < n; i++) {
            int r = row(labels, i) * dim;
            for (int k = 0; k < dim; k++) table.grad[r + k] += dh[i * dim + k];
        }
    }
}

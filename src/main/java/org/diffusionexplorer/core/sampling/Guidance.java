package org.diffusionexplorer.core.sampling;

import java.util.Arrays;

/**
 * Classifier-free guidance (Ho and Salimans 2022, eq. 6 in ε form): ε̃ = ε(x_t, ∅) + w·(ε(x_t, c) − ε(x_t, ∅)),
 * applied to the raw model output (for v- and x₀-prediction too: both are affine in ε at a fixed x_t, so mixing the
 * outputs mixes the ε's). w = 1 is plain conditional sampling (one evaluation), w = 0 unconditional (one evaluation
 * with "no class"); otherwise the two evaluations run as one batch of 2N.
 *
 * @param labels the class of each item of the run (−1: no class)
 * @param scale  w, finite and ≥ 0
 */
public record Guidance(int[] labels, double scale) {
    public Guidance {
        if (!(scale >= 0 && scale <= 100)) throw new IllegalArgumentException("the guidance scale must be between 0 and 100 (got " + scale + ")");
        labels = labels.clone();
    }

    /** Every item of a run of {@code count} with the same class. */
    public static Guidance of(int label, int count, double scale) {
        int[] l = new int[count];
        Arrays.fill(l, label);
        return new Guidance(l, scale);
    }

    /** A run of {@code count} whose item i asks for class i mod classes: an equal share of every class. */
    public static Guidance everyClass(int classes, int count, double scale) {
        int[] l = new int[count];
        for (int i = 0; i < count; i++) l[i] = i % classes;
        return new Guidance(l, scale);
    }

    /**
     * A run of {@code count} whose items each ask for a class drawn uniformly from {@code classes}. Item k's class
     * depends only on seed + k, as its noise does, so sample k of a run is the sample of {@code --seed seed+k --count 1}
     * (and "vary this one" can redo it). With w = 1 this samples the data distribution p(x) = Σ_c p(c)·p(x | c) under a
     * uniform class prior: the conditional model's answer to "a sample, any class".
     */
    public static Guidance randomClasses(int classes, int count, double scale, long seed) {
        if (classes < 1) throw new IllegalArgumentException("random classes need a class-conditional model");
        int[] l = new int[count];
        for (int i = 0; i < count; i++) l[i] = randomClass(classes, seed + i);
        return new Guidance(l, scale);
    }

    /** The class {@link #randomClasses} gives the item whose seed is {@code itemSeed}. */
    public static int randomClass(int classes, long itemSeed) {
        // its own stream, apart from the noise's (which SplittableRandom(itemSeed) or the like would share)
        return new java.util.SplittableRandom(itemSeed ^ 0x636c61737365734cL).nextInt(classes);
    }

    /** Items from..from+n of this guidance (a batch of a longer run). */
    public Guidance slice(int from, int n) {
        return new Guidance(Arrays.copyOfRange(labels, from, from + n), scale);
    }
}

package org.diffusionexplorer.core.tensor;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded standard-normal noise that is a pure function of (seed, stream, index): the same seed gives the same ε for
 * every t, which is what makes scrubbing smooth, and blocks can be filled in parallel without changing the result.
 * Each block of {@value #BLOCK} values has its own generator, seeded from (seed, stream, block).
 */
public final class NoiseSource {
    static final int BLOCK = 1 << 14;
    private final long seed;

    public NoiseSource(long seed) {
        this.seed = seed;
    }

    public long seed() { return seed; }

    /** Standard normal values for stream 0. */
    public float[] gaussian(int n) {
        return gaussian(0, n);
    }

    /** Standard normal values for a numbered stream (e.g. the Markov chain's z_t uses stream t+1). */
    public float[] gaussian(long stream, int n) {
        float[] out = new float[n];
        fill(stream, out);
        return out;
    }

    public Tensor gaussian(long stream, int... shape) {
        Tensor t = Tensor.zeros(shape);
        fill(stream, t.data());
        return t;
    }

    public void fill(long stream, float[] out) {
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        IntStream range = IntStream.range(0, blocks);
        (blocks > 8 ? range.parallel() : range).forEach(b -> fillBlock(stream, b, out));
    }

    private void fillBlock(long stream, int block, float[] out) {
        SplittableRandom rng = new SplittableRandom(mix(seed, stream, block));
        int from = block * BLOCK, to = Math.min(out.length, from + BLOCK);
        // Marsaglia polar method: two normals per accepted pair.
        for (int i = from; i < to; ) {
            double u, v, s;
            do {
                u = rng.nextDouble() * 2 - 1;
                v = rng.nextDouble() * 2 - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            out[i++] = (float) (u * m);
            if (i < to) out[i++] = (float) (v * m);
        }
    }

    /** A random generator for other uses (sampler noise, data order) derived from this seed and a stream number. */
    public SplittableRandom random(long stream) {
        return new SplittableRandom(mix(seed, stream, -1));
    }

    static long mix(long seed, long stream, long block) {
        long h = seed * 0x9E3779B97F4A7C15L + stream;
        h = murmur(h) ^ (block * 0xC2B2AE3D27D4EB4FL);
        return murmur(h);
    }

    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

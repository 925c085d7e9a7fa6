package org.diffusionexplorer.runtime.engine;

import java.util.SplittableRandom;

/** Seeded initialisation, PyTorch-like: uniform(−bound, bound) with bound = 1/√fan_in. */
final class Init {
    private Init() {
    }

    static void uniform(float[] v, double bound, SplittableRandom rng) {
        for (int i = 0; i < v.length; i++) v[i] = bound == 0 ? 0f : (float) ((rng.nextDouble() * 2 - 1) * bound);
    }

    /** Draws in the file order (out, in, ky, kx) so the same seed gives the same network in any layout. */
    static void uniformFileOrder(Param p, double bound, SplittableRandom rng) {
        float[] f = new float[p.size()];
        uniform(f, bound, rng);
        p.fromFileLayout(f);
    }
}

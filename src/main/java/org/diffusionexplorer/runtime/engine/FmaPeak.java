package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;

/**
 * The arithmetic ceiling of this machine for {@code bench --profile}: independent vector FMAs (twelve chains, more
 * than the FMA latency times the units), no memory traffic, on the engine's threads. On the project's machines
 * (AMD Zen 4, which runs a 512-bit FMA as two 256-bit halves) it reads about 117 GFLOPS per core, with 512-bit
 * and 256-bit vectors alike. Touches the Vector API, so it is called only when the module is loaded.
 */
final class FmaPeak {
    private FmaPeak() {
    }

    /** GFLOPS (multiply and add counted apart) of the best of five rounds of about 25 ms on every engine thread. */
    static double gflops() {
        int threads = Par.threads();
        long iters = 8_000_000;
        float[] sink = new float[threads];
        for (int i = 0; i < 3; i++) Par.workers(threads, w -> sink[w] += chains(iters / 4)); // C2 warm-up
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            Par.workers(threads, w -> sink[w] += chains(iters));
            long dt = System.nanoTime() - t0;
            best = Math.max(best, (double) threads * iters * 12 * VecConv.S.length() * 2 / dt);
        }
        if (Float.isNaN(sink[0])) throw new IllegalStateException(); // keeps the sums alive
        return best;
    }

    private static float chains(long iters) {
        // twelve chains from different values, so none can be merged with another
        FloatVector a0 = FloatVector.broadcast(VecConv.S, 1f), a1 = a0.add(1e-3f), a2 = a0.add(2e-3f), a3 = a0.add(3e-3f),
                a4 = a0.add(4e-3f), a5 = a0.add(5e-3f), a6 = a0.add(6e-3f), a7 = a0.add(7e-3f), a8 = a0.add(8e-3f),
                a9 = a0.add(9e-3f), a10 = a0.add(1e-2f), a11 = a0.add(1.1e-2f);
        FloatVector b = FloatVector.broadcast(VecConv.S, 0.9999f), c = FloatVector.broadcast(VecConv.S, 1e-4f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(b, c);
            a1 = a1.fma(b, c);
            a2 = a2.fma(b, c);
            a3 = a3.fma(b, c);
            a4 = a4.fma(b, c);
            a5 = a5.fma(b, c);
            a6 = a6.fma(b, c);
            a7 = a7.fma(b, c);
            a8 = a8.fma(b, c);
            a9 = a9.fma(b, c);
            a10 = a10.fma(b, c);
            a11 = a11.fma(b, c);
        }
        float[] l = new float[VecConv.S.length()];
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).intoArray(l, 0);
        return l[0];
    }
}

package org.diffusionexplorer.runtime.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** Data-parallel loops for the element-wise layers (the GEMMs run on OpenBLAS's own threads). */
final class Par {
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors()));

    interface Body {
        void run(int i);
    }

    private Par() {
    }

    /** Runs body(i) for i in [0, n), in parallel when the total work (n·costPerItem) is large enough. */
    static void each(int n, long costPerItem, Body body) {
        if (n <= 1 || (long) n * costPerItem < 32_768) {
            for (int i = 0; i < n; i++) body.run(i);
            return;
        }
        try {
            POOL.submit(() -> IntStream.range(0, n).parallel().forEach(body::run)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}

package org.diffusionexplorer.runtime.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Data-parallel loops for the element-wise layers (the GEMMs run on OpenBLAS's own threads). */
final class Par {
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);
    /** Workers the loops may use (the window sets cores − 1, so the FX thread keeps a core; see {@link EngineThreads}). */
    private static volatile int limit = THREADS;

    interface Body {
        void run(int i);
    }

    /** Work on item c by worker w (each worker id is used by one thread at a time). */
    interface ChunkBody {
        void run(int worker, int chunk);
    }

    private Par() {
    }

    static int threads() {
        return Math.min(limit, THREADS);
    }

    static void limit(int n) {
        limit = Math.max(1, Math.min(THREADS, n));
    }

    /** Runs body(w, c) for every chunk c in [0, count): min(count, threads) workers take the next chunk as they free up. */
    static void chunks(int count, ChunkBody body) {
        int workers = Math.min(count, threads());
        AtomicInteger next = new AtomicInteger();
        workers(workers, w -> {
            for (int c; (c = next.getAndIncrement()) < count; ) body.run(w, c);
        });
    }

    /** Runs body(w) for w in [0, workers), each on its own thread (the last on the caller's). */
    static void workers(int workers, Body body) {
        if (workers <= 1) {
            if (workers == 1) body.run(0);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[workers - 1];
        for (int w = 0; w < workers - 1; w++) {
            int id = w;
            tasks[w] = POOL.submit(() -> body.run(id));
        }
        RuntimeException failure = null;
        try {
            body.run(workers - 1);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (var t : tasks) {
            try {
                t.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) throw failure;
    }

    /** Runs body(i) for i in [0, n), in parallel when the total work (n·costPerItem) is large enough. */
    static void each(int n, long costPerItem, Body body) {
        if (n <= 1 || (long) n * costPerItem < 32_768 || threads() == 1) {
            for (int i = 0; i < n; i++) body.run(i);
            return;
        }
        try {
            POOL.submit(() -> IntStream.range(0, n).parallel().forEach(body::run)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}

package org.diffusionexplorer.runtime.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's parallel loops: the vector kernels' and the element-wise layers' (OpenBLAS GEMMs run on its own threads).
 * One section runs at a time on the engine's worker threads and the caller's.
 */
final class Par {
    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** How long an idle worker, or a caller waiting for one, spins before it parks (-Ddiffusionexplorer.spinMicros). */
    private static final long SPIN_NS = Long.getLong("diffusionexplorer.spinMicros", 1000) * 1000;
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
        // one parallel section at a time: a nested call (from a worker, or from the caller's own share, for which the
        // reentrant lock would say yes), a second caller, or more workers than cores runs its workers' bodies in turn
        // on its own thread, which gives the same results (no body's result depends on the thread it runs on)
        if (workers > THREADS || Thread.currentThread() instanceof Worker || SECTION.isHeldByCurrentThread() || !SECTION.tryLock()) {
            for (int w = 0; w < workers; w++) body.run(w);
            return;
        }
        Throwable failure = null;
        int posted = 0;
        try {
            Worker[] pool = pool();
            for (; posted < workers - 1; posted++) pool[posted].post(body, posted);
            body.run(workers - 1);
        } catch (Throwable t) {
            failure = t;
        } finally {
            // every posted worker is awaited, whatever happened here (an Error too), before the next section may start
            for (int w = 0; w < posted; w++) {
                Throwable t = workerPool[w].await();
                if (failure == null) failure = t;
            }
            SECTION.unlock();
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    private static final ReentrantLock SECTION = new ReentrantLock();
    private static volatile Worker[] workerPool;

    private static Worker[] pool() {
        Worker[] p = workerPool;
        if (p == null) {
            synchronized (Par.class) {
                if (workerPool == null) {
                    Worker[] w = new Worker[THREADS - 1];
                    for (int i = 0; i < w.length; i++) w[i] = new Worker(i);
                    workerPool = w;
                }
                p = workerPool;
            }
        }
        return p;
    }

    /**
     * A thread of the engine's parallel sections. Between two sections it spins for {@link #SPIN_NS} before it parks:
     * waking a parked thread cost 15-50 µs per section on these machines (a ForkJoinPool until wave 2, session 6),
     * and a forward pass has a hundred sections, some of 20 µs of work. The caller waits for it the same way.
     */
    private static final class Worker extends Thread {
        private volatile long posted, finished;
        private volatile boolean parked, waiterParked;
        private volatile Thread waiter;
        private Body body;      // published by the volatile write of posted
        private int id;
        private Throwable failure; // published by the volatile write of finished

        Worker(int i) {
            super("engine-worker-" + i);
            setDaemon(true);
            start();
        }

        void post(Body b, int w) {
            body = b;
            id = w;
            failure = null;
            waiter = Thread.currentThread();
            posted = posted + 1;
            if (parked) LockSupport.unpark(this);
        }

        /**
         * Turn {@code turn} of a spin wait: every 64th (a few µs) gives the core up, in case the thread waited for
         * shares it (a JIT or GC thread, or another process, took the other core).
         */
        private static void spin(int turn) {
            if ((turn & 63) == 63) Thread.yield();
            else Thread.onSpinWait();
        }

        Throwable await() {
            long target = posted, until = System.nanoTime() + SPIN_NS;
            for (int turn = 0; finished != target; turn++) {
                if (System.nanoTime() < until) spin(turn);
                else { // a long section: the worker unparks this thread when done (or the timeout ends a missed wake-up)
                    waiterParked = true;
                    if (finished != target) LockSupport.parkNanos(this, 50_000);
                    waiterParked = false;
                }
            }
            Throwable t = failure;
            body = null;
            return t;
        }

        @Override public void run() {
            long seen = 0;
            while (true) {
                long until = System.nanoTime() + SPIN_NS;
                for (int turn = 0; posted == seen; turn++) {
                    if (System.nanoTime() < until) {
                        spin(turn);
                    } else {
                        parked = true;
                        if (posted == seen) LockSupport.park(this);
                        parked = false;
                        until = System.nanoTime() + SPIN_NS;
                    }
                }
                seen = posted;
                try {
                    body.run(id);
                } catch (Throwable t) {
                    failure = t;
                }
                finished = seen;
                if (waiterParked) LockSupport.unpark(waiter);
            }
        }
    }

    /** Runs body(i) for i in [0, n), in parallel when the total work (n·costPerItem) is large enough. */
    static void each(int n, long costPerItem, Body body) {
        if (n <= 1 || (long) n * costPerItem < 32_768 || threads() == 1) {
            for (int i = 0; i < n; i++) body.run(i);
            return;
        }
        chunks(n, (w, i) -> body.run(i));
    }
}

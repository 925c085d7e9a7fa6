package org.diffusionexplorer.runtime.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine's parallel sections: every body runs once, nested sections and failures leave the pool usable. */
class ParTest {
    @Test
    void everyChunkRunsOnceAlsoWhenSectionsNest() {
        int threads = Math.max(2, Par.threads());
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray outer = new AtomicIntegerArray(threads), inner = new AtomicIntegerArray(threads * threads);
            Par.workers(threads, w -> {
                outer.incrementAndGet(w);
                // a nested section from every share, the caller's included: runs on the calling thread
                Par.workers(threads, v -> inner.incrementAndGet(w * threads + v));
            });
            for (int i = 0; i < threads; i++) assertEquals(1, outer.get(i), "outer body " + i + ", round " + round);
            for (int i = 0; i < threads * threads; i++) assertEquals(1, inner.get(i), "inner body " + i + ", round " + round);
        }
    }

    @Test
    void aFailureReachesTheCallerAndTheNextSectionRuns() {
        int threads = Math.max(2, Par.threads());
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        for (int failing = 0; failing < threads; failing++) {
            int f = failing;
            assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Par.workers(threads, w -> {
                if (w == f) throw boom;
            })));
            assertThrows(AssertionError.class, () -> Par.workers(threads, w -> {
                if (w == f) throw new AssertionError("an Error too");
            }));
            AtomicIntegerArray ran = new AtomicIntegerArray(1000);
            Par.chunks(1000, (w, c) -> ran.incrementAndGet(c));
            for (int c = 0; c < 1000; c++) assertEquals(1, ran.get(c));
        }
    }

    @Test
    void eachVisitsEveryItemOnce() {
        AtomicIntegerArray seen = new AtomicIntegerArray(5000);
        Par.each(5000, 1 << 20, seen::incrementAndGet);
        for (int i = 0; i < 5000; i++) assertEquals(1, seen.get(i));
    }
}

package org.diffusionexplorer.ui.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The task runner's latest-wins channel, driven by hand: one job at a time, waiting requests replaced by newer ones. */
class LatestWinsTest {
    private final Deque<Runnable> worker = new ArrayDeque<>(), fx = new ArrayDeque<>();
    private final TaskRunner runner = new TaskRunner(worker::add, fx::add);

    @Test
    void requestsWhileBusyCollapseToTheNewest() {
        List<Integer> computed = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        LatestWins<Integer, Integer> lw = runner.latestWins(q -> {
            computed.add(q);
            return q * 10;
        }, (q, r, newest) -> shown.add(q + "=" + r + (newest ? "" : " (stale)")));
        lw.submit(1);
        lw.submit(2);
        lw.submit(3);
        assertEquals(1, worker.size(), "one job for the three requests");
        worker.poll().run();
        assertEquals(List.of(3), computed, "only the newest was computed");
        while (!fx.isEmpty()) fx.poll().run();
        assertEquals(List.of("3=30"), shown);
        lw.submit(5);
        assertEquals(1, worker.size(), "a new job after the last one ended");
    }

    @Test
    void aFailedRequestGivesNullAndTheChannelGoesOn() {
        List<Integer> results = new ArrayList<>();
        LatestWins<Integer, Integer> lw = runner.latestWins(q -> {
            if (q < 0) throw new IllegalStateException("bad");
            return q;
        }, (q, r, newest) -> results.add(r));
        lw.submit(-1);
        worker.poll().run();
        fx.poll().run();
        assertNull(results.get(0));
        lw.submit(7);
        assertFalse(worker.isEmpty());
        worker.poll().run();
        fx.poll().run();
        assertEquals(7, results.get(1));
    }

    @Test
    void throttleLetsTheFirstUpdateThroughThenWaits() {
        ProgressThrottle t = new ProgressThrottle();
        assertTrue(t.due());
        assertFalse(t.due(), "a second update right away is held back");
    }
}

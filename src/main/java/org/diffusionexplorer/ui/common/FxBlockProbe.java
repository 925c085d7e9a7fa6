package org.diffusionexplorer.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long the FX thread is blocked: every {@code periodMs} a probe is posted with {@link Platform#runLater}
 * and the delay until it runs is recorded. The longest delay bounds the longest stretch in which the FX thread did
 * not get to its queue (a paint, a layout pass, a handler); a responsive UI keeps it near one frame.
 */
public final class FxBlockProbe implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "de-fx-probe");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong maxNanos = new AtomicLong(), probes = new AtomicLong(), totalNanos = new AtomicLong();

    private FxBlockProbe(int periodMs) {
        timer.scheduleAtFixedRate(() -> {
            long sent = System.nanoTime();
            Platform.runLater(() -> {
                long d = System.nanoTime() - sent;
                maxNanos.accumulateAndGet(d, Math::max);
                totalNanos.addAndGet(d);
                probes.incrementAndGet();
            });
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    public static FxBlockProbe start(int periodMs) {
        return new FxBlockProbe(periodMs);
    }

    /** The longest wait of a probe so far, in milliseconds. */
    public double maxMillis() {
        return maxNanos.get() / 1e6;
    }

    public double meanMillis() {
        long n = probes.get();
        return n == 0 ? 0 : totalNanos.get() / 1e6 / n;
    }

    public long probes() {
        return probes.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

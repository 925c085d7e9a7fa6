package org.diffusionexplorer.ui.common;

import javafx.application.Platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Records every stretch in which the FX thread did not answer for longer than a threshold, with what it was
 * running (its stack, our frames first, sampled while it was blocked). A daemon thread posts a ping with
 * Platform.runLater every few milliseconds and times the answer. On with {@code -Ddiffusionexplorer.fxWatchdog=MS}
 * (the app prints the blocks at exit); the UI tests use it directly.
 */
public final class FxWatchdog {
    /** One block: how long the FX thread did not answer, and where it was. */
    public record Block(long millis, String where) {
        @Override public String toString() { return millis + " ms in " + where; }
    }

    private final long thresholdMs;
    private final List<Block> blocks = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private volatile Thread fx;

    private FxWatchdog(long thresholdMs) {
        this.thresholdMs = thresholdMs;
    }

    /** Starts watching (FX must be running). */
    public static FxWatchdog start(long thresholdMs) {
        FxWatchdog w = new FxWatchdog(thresholdMs);
        Platform.runLater(() -> w.fx = Thread.currentThread());
        Thread t = new Thread(w::loop, "fx-watchdog");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void loop() {
        try {
            while (running) {
                AtomicBoolean answered = new AtomicBoolean();
                long posted = System.nanoTime();
                Platform.runLater(() -> answered.set(true));
                String where = null;
                while (!answered.get() && running) {
                    Thread.sleep(5);
                    long ms = (System.nanoTime() - posted) / 1_000_000;
                    if (where == null && ms > thresholdMs / 2 && fx != null) where = describe(fx.getStackTrace());
                }
                long ms = (System.nanoTime() - posted) / 1_000_000;
                if (ms > thresholdMs) blocks.add(new Block(ms, where == null ? "(unknown)" : where));
                Thread.sleep(20);
            }
        } catch (InterruptedException ignored) {
            // stopped
        }
    }

    /** Our frames (org.diffusionexplorer) first, else the top of the stack. */
    static String describe(StackTraceElement[] stack) {
        List<String> ours = Arrays.stream(stack).filter(e -> e.getClassName().startsWith("org.diffusionexplorer.") && !e.getClassName().equals(FxWatchdog.class.getName()))
                .limit(4).map(e -> e.getClassName().replace("org.diffusionexplorer.", "") + "." + e.getMethodName() + ":" + e.getLineNumber())
                .collect(Collectors.toList());
        if (!ours.isEmpty()) return String.join(" < ", ours);
        return stack.length == 0 ? "(idle)" : stack[0].toString();
    }

    /** The blocks so far. */
    public List<Block> blocks() {
        synchronized (blocks) {
            return List.copyOf(blocks);
        }
    }

    public void stop() {
        running = false;
    }
}

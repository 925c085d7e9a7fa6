package org.diffusionexplorer.ui.common;

import javafx.concurrent.Task;

/**
 * A Task whose hot loop reports progress through a volatile field; the UI is updated through the one
 * {@link ProgressThrottle} instead of flooding the FX queue with updateProgress calls.
 */
public abstract class ProgressTask<T> extends Task<T> {
    private volatile double fraction = -1;
    private volatile String note = "";
    private final ProgressThrottle throttle = new ProgressThrottle();

    /** Called from the worker: records progress in [0, 1] and a short note; cheap enough for every iteration. */
    protected final void progress(double f, String message) {
        fraction = f;
        note = message;
        if (throttle.due()) {
            updateProgress(f, 1.0);
            updateMessage(message);
        }
    }

    /** Throws {@link java.util.concurrent.CancellationException} if cancelled; call it in loops. */
    protected final void checkCancelled() {
        if (isCancelled()) throw new java.util.concurrent.CancellationException("cancelled");
    }

    /** A task for work with no steps to report (read a file, write a PNG): the bar shows it is busy. */
    public static <T> ProgressTask<T> of(java.util.concurrent.Callable<T> work) {
        return new ProgressTask<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
    }

    public double lastFraction() { return fraction; }

    public String lastNote() { return note; }
}

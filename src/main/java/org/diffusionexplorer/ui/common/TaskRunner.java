package org.diffusionexplorer.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs background work as {@link Task}s on an injectable executor (a same-thread one in tests, as JabRef's
 * CurrentThreadTaskExecutor). Results and errors come back on the FX thread.
 */
public final class TaskRunner {
    private final Executor executor;

    public TaskRunner(Executor executor) {
        this.executor = executor;
    }

    /** Daemon worker threads at low priority so the FX thread keeps its core. */
    public static TaskRunner background() {
        ExecutorService ex = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "de-worker");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        return new TaskRunner(ex);
    }

    public static TaskRunner sameThread() {
        return new TaskRunner(Runnable::run);
    }

    public <T> Task<T> run(Task<T> task, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        executor.execute(task);
        return task;
    }

    /** Runs plain work on this runner's executor (no Task, no FX callbacks). */
    public void runRaw(Runnable r) {
        executor.execute(r);
    }

    /** Runs on the FX thread now if already there, else later. */
    public static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) r.run(); else Platform.runLater(r);
    }
}

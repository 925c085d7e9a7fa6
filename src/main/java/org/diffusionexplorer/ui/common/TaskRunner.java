package org.diffusionexplorer.ui.common;

import javafx.application.Platform;
import javafx.concurrent.Task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way the UI runs background work: {@link Task}s (results and errors come back on the FX thread), plain
 * jobs that post their results with {@link #fx}, and {@link LatestWins} for work where only the newest request
 * matters. Both the executor and the way back to the FX thread are injected, so tests run everything on one thread
 * (as JabRef's CurrentThreadTaskExecutor). Runners are made by the composition root (MainWindow), never static.
 */
public final class TaskRunner {
    private final Executor executor;
    private final Executor fx;

    /** @param fx runs a result on the FX thread ({@code Platform::runLater} in the app) */
    public TaskRunner(Executor executor, Executor fx) {
        this.executor = executor;
        this.fx = fx;
    }

    public TaskRunner(Executor executor) {
        this(executor, Platform::runLater);
    }

    /** Daemon worker threads at low priority so the FX thread keeps its core. */
    public static TaskRunner background() {
        return threads("de-worker", Thread.NORM_PRIORITY - 1, false);
    }

    /** One daemon thread at the lowest priority (training: one long job at a time, rendering keeps a core). */
    public static TaskRunner singleThread(String name) {
        return threads(name, Thread.MIN_PRIORITY, true);
    }

    private static TaskRunner threads(String name, int priority, boolean single) {
        java.util.concurrent.ThreadFactory f = r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
        ExecutorService ex = single ? Executors.newSingleThreadExecutor(f) : Executors.newCachedThreadPool(f);
        return new TaskRunner(ex);
    }

    /** Work and results on the calling thread (tests; file actions in the headless UI tests). */
    public static TaskRunner sameThread() {
        return new TaskRunner(Runnable::run, Runnable::run);
    }

    public <T> Task<T> run(Task<T> task, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> onError.accept(task.getException()));
        executor.execute(task);
        return task;
    }

    /** Runs plain work on this runner's executor; it hands results back with {@link #fx}. */
    public void execute(Runnable work) {
        executor.execute(work);
    }

    /** Hands a result to the FX thread. */
    public void fx(Runnable r) {
        fx.execute(r);
    }

    /** A latest-wins channel: {@code work} runs on this runner, {@code done} gets each result on the FX thread. */
    public <Q, R> LatestWins<Q, R> latestWins(Function<Q, R> work, LatestWins.Done<Q, R> done) {
        return new LatestWins<>(this, work, done);
    }
}

package org.diffusionexplorer.ui.common;

import java.util.function.Function;

/**
 * Background work where only the newest request matters (scrubbing the Markov chain, the denoiser's field at the
 * shown step, guidance predictions): at most one job runs; requests that arrive meanwhile replace each other and the
 * job takes the newest when it finishes the current one. Each result is handed to the FX thread together with
 * whether no newer request was waiting when it was done. Made by {@link TaskRunner#latestWins}.
 *
 * @param <Q> a request (immutable: it crosses to the worker)
 * @param <R> its result
 */
public final class LatestWins<Q, R> {
    /** Receives a result on the FX thread; {@code result} is null when the work threw. */
    @FunctionalInterface
    public interface Done<Q, R> {
        void done(Q request, R result, boolean newest);
    }

    private final TaskRunner runner;
    private final Function<Q, R> work;
    private final Done<Q, R> done;
    private final Object lock = new Object();
    private Q pending;
    private boolean running;

    LatestWins(TaskRunner runner, Function<Q, R> work, Done<Q, R> done) {
        this.runner = runner;
        this.work = work;
        this.done = done;
    }

    /** Asks for a result; replaces a request that is still waiting. */
    public void submit(Q request) {
        synchronized (lock) {
            pending = request;
            if (running) return;
            running = true;
        }
        runner.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Q q;
            synchronized (lock) {
                q = pending;
                pending = null;
                if (q == null) {
                    running = false;
                    return;
                }
            }
            R r;
            try {
                r = work.apply(q);
            } catch (RuntimeException e) {
                r = null; // a failed request shows nothing; the next one may succeed
            } catch (Error e) {
                synchronized (lock) {
                    running = false;
                }
                throw e;
            }
            boolean newest;
            synchronized (lock) {
                newest = pending == null;
            }
            R result = r;
            runner.fx(() -> done.done(q, result, newest));
        }
    }
}

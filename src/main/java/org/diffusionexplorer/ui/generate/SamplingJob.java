package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.Grid;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.StepResult;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * One sampling run on a worker, recorded into a {@link Trajectory} within a memory budget, that can be paused,
 * resumed and cancelled. The worker only writes a step counter; the UI reads {@link #stepsDone()} once per pulse and
 * takes a {@link #snapshot()} when it changed, so frames are never queued behind the work.
 */
final class SamplingJob {
    /** The most a trajectory may hold (a 64-sample, 1000-step DDPM run of 28×28 keeps every 3rd step). */
    static final long BUDGET_BYTES = 300_000_000L;

    private final SamplingRun run;
    private final Trajectory.Recorder recorder;
    private final int stride;
    private final Object lock = new Object();
    private volatile int stepsDone = -1;
    private volatile boolean cancelled, paused;

    /** @param stride keep grid points 0, stride, 2·stride, … and N (see {@link Trajectory#strideFor}) */
    SamplingJob(SamplingRun run, int stride) {
        this.run = run;
        this.stride = stride;
        this.recorder = new Trajectory.Recorder(stride, Integer.MAX_VALUE);
    }

    /** Bytes one kept grid point costs: x, x̂₀ and ε̂ of every sample. */
    static long bytesPerPoint(int count, int itemSize) {
        return 3L * 4 * count * itemSize;
    }

    int stride() { return stride; }

    /** Runs on the calling (worker) thread from x (or from the run's own noise when x is null); throws CancellationException. */
    Tensor execute(Tensor start) {
        SamplingRun.Listener l = new SamplingRun.Listener() {
            @Override
            public void onStart(Tensor xStart, Grid grid) {
                recorder.onStart(xStart, grid);
                stepsDone = 0;
            }

            @Override
            public void onStep(StepResult step, int totalSteps) {
                recorder.onStep(step, totalSteps);
                stepsDone = step.index() + 1;
            }
        };
        return start == null ? run.run(l, this::stopHere) : run.runFrom(start, l, this::stopHere);
    }

    /** Polled before each step: waits while paused, then says whether to stop. */
    private boolean stopHere() {
        synchronized (lock) {
            while (paused && !cancelled) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
        }
        return cancelled;
    }

    /** Steps finished so far; −1 before the start. */
    int stepsDone() { return stepsDone; }

    boolean started() { return stepsDone >= 0; }

    Trajectory snapshot() { return recorder.snapshot(); }

    void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    boolean paused() { return paused; }

    void cancel() {
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
        }
    }
}

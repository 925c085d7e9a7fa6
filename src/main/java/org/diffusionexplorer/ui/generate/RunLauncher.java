package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Starts the Generate view's runs on the worker and hands their results back: load the source (unless the run
 * continues a loaded one), plan one or more {@link SamplingJob}s, run them, post-process, and finish on the FX
 * thread. Bad input (a model that does not load, steps out of range) leaves the previous trajectory untouched.
 */
final class RunLauncher {
    enum Target { MAIN, BRANCH, COMPARE, VARY }

    /** One planned sampling run: from {@code start} (null: the run's own noise). */
    record Planned(SamplingRun run, Tensor start, int steps, int count, int itemSize, long budget, int stride) {
    }

    @FunctionalInterface
    interface Plan {
        List<Planned> make(LoadedSource ls) throws Exception;
    }

    @FunctionalInterface
    interface Finish {
        /** On the FX thread; {@code cancelled}: the last result is partial. */
        void done(LoadedSource ls, List<Trajectory> results, boolean cancelled, double[][] nearest);
    }

    private static final class Active {
        final SamplingJob job;
        final Target target;
        final int index, of;
        int lastShown = -1;

        Active(SamplingJob job, Target target, int index, int of) {
            this.job = job;
            this.target = target;
            this.index = index;
            this.of = of;
        }
    }

    private final GenerateViewModel vm;
    private final TaskRunner worker;
    private final SourceLoader loader;
    private volatile Active active;
    private volatile boolean cancelRequested;
    /** The main run's "This run" label, set when its first step shows in the grid (FX thread). */
    private String liveLabel = "";
    private final List<Trajectory> compareDone = new ArrayList<>();

    RunLauncher(GenerateViewModel vm, TaskRunner worker, SourceLoader loader) {
        this.vm = vm;
        this.worker = worker;
        this.loader = loader;
    }

    // ---- the runs ----

    void sample() {
        RunConfig rc = config();
        if (rc == null) return;
        org.diffusionexplorer.core.sampling.Guidance[] used = {null};
        boolean random = vm.guide.classIndex.get() == GuidanceModel.RANDOM;
        launch(Target.MAIN, "Sampling", null, ls -> {
            RunConfig r = forSource(rc, ls);
            used[0] = vm.guidanceFor(ls, r.count(), r.seed());
            return List.of(planned(new SamplingRun(ls.denoiser(), ls.schedule(), r.kind(), r.config(), r.seed(), r.count())
                    .withGuidance(used[0]), null, r));
        }, (ls, res, cancelled, nearest) -> {
            RunConfig r = forSource(rc, ls);
            Trajectory tr = res.get(0);
            vm.setResult(tr, ls, r, r.label() + " · " + ls.source().label() + GuidanceModel.describe(used[0], random));
            vm.guide.runShown(used[0]);
            vm.plainSample = true;
            vm.nearest = nearest;
            vm.changed();
            done(tr, cancelled, "Sampled " + r.count() + (ls.images() ? " images" : " points") + " with " + r.label());
        });
    }

    void branch(SamplerKind kind, int steps, long seed) {
        Trajectory tr = vm.trajectory.get();
        LoadedSource ls = vm.loaded.get();
        RunConfig base = vm.runConfig;
        if (tr == null || ls == null || base == null) {
            vm.fail("Branching needs a run made here (not a trajectory read from files)");
            return;
        }
        int k = vm.shownStep();
        if (k >= tr.steps() || k > tr.completed()) {
            vm.fail("Scrub to a step before the end to branch from it");
            return;
        }
        Tensor start = tr.frame(k).xt();
        org.diffusionexplorer.core.sampling.Guidance guided = vm.guide.ofRun; // the branch keeps the run's classes
        vm.branch.set(null);
        vm.branchFrom = k;
        double tk = tr.t(k), sigma = tr.sigma(k);
        launch(Target.BRANCH, "Branching", ls, l -> {
            StartPoint sp = StartPoint.at(l.schedule(), tk, sigma, base.config().withSteps(steps));
            RunConfig r = new RunConfig(kind, sp.config(), seed, tr.count());
            return List.of(planned(new SamplingRun(l.denoiser(), sp.schedule(), kind, sp.config(), seed, tr.count()).withGuidance(guided), start, r));
        }, (l, res, cancelled, nearest) -> {
            vm.branchFrom = k;
            vm.branch.set(res.get(0));
            vm.branchLabel.set(String.format(Locale.ROOT, "branch from step %d (t = %s): %s %d steps, seed %d%s", k,
                    tk == Math.rint(tk) ? Long.toString((long) tk) : String.format(Locale.ROOT, "%.1f", tk), kind.cliName, steps, seed,
                    cancelled ? " (cancelled)" : ""));
            vm.changed();
            done(res.get(0), cancelled, "Branched at step " + k);
        });
    }

    void vary(int i, long newSeed) {
        Trajectory tr = vm.trajectory.get();
        LoadedSource ls = vm.loaded.get();
        RunConfig base = vm.runConfig;
        if (tr == null || ls == null || base == null || !vm.plainSample || !tr.finished()) {
            vm.fail("\"Vary this one\" needs a finished sampling run made here");
            return;
        }
        int stride = vm.stride;
        org.diffusionexplorer.core.sampling.Guidance[] used = {null};
        launch(Target.VARY, "Varying sample " + i, ls, l -> {
            RunConfig r = new RunConfig(base.kind(), base.config(), newSeed, 1);
            used[0] = vm.guide.ofRun == null ? null : vm.guidanceFor(l, 1, newSeed); // guided if the shown run was
            Planned p = planned(new SamplingRun(l.denoiser(), l.schedule(), r.kind(), r.config(), newSeed, 1).withGuidance(used[0]), null, r);
            return List.of(new Planned(p.run(), null, p.steps(), 1, p.itemSize(), p.budget(), stride));
        }, (l, res, cancelled, nearest) -> {
            if (cancelled) {
                vm.info("Cancelled; sample " + i + " unchanged");
                return;
            }
            Trajectory now = vm.trajectory.get();
            if (now != tr) return; // replaced meanwhile
            vm.trajectory.set(TrajectoryMath.replaceItem(tr, i, res.get(0)));
            vm.guide.replaceItem(i, used[0]);
            vm.seeds[i] = newSeed;
            if (vm.nearest != null && l.data() != null && l.images()) {
                double[][] one = TrajectoryMath.nearest(res.get(0).finalSample(), l.data());
                if (one != null) vm.nearest[i] = one[0];
            }
            vm.changed();
            vm.info("Sample " + i + " re-sampled with seed " + newSeed + " (sample k uses seed + k: reproduce it with --seed " + newSeed + " --count 1)");
        });
    }

    void compare(List<RunConfig> configs) {
        if (configs.size() < 2 || configs.size() > 4) {
            vm.fail("Add two to four configurations to compare (now " + configs.size() + ")");
            return;
        }
        RunConfig cur = config();
        if (cur == null) return;
        launch(Target.COMPARE, "Comparing", null, ls -> {
            List<Planned> out = new ArrayList<>();
            for (RunConfig c : configs) {
                RunConfig r = forSource(new RunConfig(c.kind(), c.config(), cur.seed(), cur.count()), ls);
                Planned p = planned(new SamplingRun(ls.denoiser(), ls.schedule(), r.kind(), r.config(), r.seed(), r.count())
                        .withGuidance(vm.guidanceFor(ls, r.count(), r.seed())), null, r);
                out.add(new Planned(p.run(), null, p.steps(), p.count(), p.itemSize(), SamplingJob.BUDGET_BYTES / configs.size(), 0));
            }
            return out;
        }, (ls, res, cancelled, nearest) -> {
            vm.compareResults.set(List.copyOf(res));
            vm.changed();
            vm.info((cancelled ? "Comparison cancelled; " : "Compared ") + res.size() + " configurations from seed " + cur.seed()
                    + ", aligned by the fraction of the way (one scrubber)");
        });
    }

    // ---- plumbing ----

    RunConfig config() {
        if (vm.busy()) {
            vm.fail("A run is going; pause, cancel or wait for it");
            return null;
        }
        try {
            return vm.currentConfig();
        } catch (IllegalArgumentException e) {
            vm.fail(e.getMessage());
            return null;
        }
    }

    /** 2-D sources sample the particle count; clipping only for images. */
    private RunConfig forSource(RunConfig rc, LoadedSource ls) {
        int n = ls.images() ? rc.count() : vm.particlesProperty().get();
        SamplerConfig c = rc.config().withClip(rc.config().clipX0() && ls.images());
        return new RunConfig(rc.kind(), c, rc.seed(), n);
    }

    static Planned planned(SamplingRun run, Tensor start, RunConfig r) {
        int item = 1;
        int[] shape = run.batchShape();
        for (int i = 1; i < shape.length; i++) item *= shape[i];
        return new Planned(run, start, r.config().steps(), r.count(), item, SamplingJob.BUDGET_BYTES, 0);
    }

    void done(Trajectory tr, boolean cancelled, String what) {
        if (cancelled) vm.info("Cancelled after " + tr.completed() + " of " + tr.steps() + " steps; the partial trajectory is kept (scrub it)");
        else vm.info(what + ". Kept steps: " + tr.describeKept());
    }

    void launch(Target target, String what, LoadedSource fixed, Plan plan, Finish finish) {
        if (vm.busy()) {
            vm.fail("A run is going; pause, cancel or wait for it");
            return;
        }
        Source src = vm.sourceProperty().get();
        int res = vm.resolutionProperty().get();
        NoiseSchedule live = vm.liveSchedule();
        Trajectory before = vm.trajectory.get();
        String beforeLabel = vm.runLabel.get();
        // a failed or empty main run puts the grid and "This run" back as they were
        Runnable restore = () -> {
            if (target == Target.MAIN && before != null) {
                vm.showLive(before);
                vm.runLabel.set(beforeLabel);
            }
        };
        cancelRequested = false;
        compareDone.clear();
        if (target == Target.MAIN) { // a new main run: the old branch and round trip belong to the old trajectory
            liveLabel = what + ": " + src.label() + "…"; // "This run" names what the grid shows, from the run's first step
            vm.branch.set(null);
            vm.branchLabel.set("");
            vm.roundTrip.set("");
        }
        vm.state.set(GenerateViewModel.State.LOADING);
        vm.progress.set(0);
        vm.info(fixed == null ? "Loading " + src.label() + "…" : what + "…");
        worker.execute(() -> {
            LoadedSource ls;
            List<Planned> plans;
            try {
                ls = fixed != null ? fixed : loader.load(src, res, live);
                plans = plan.make(ls);
            } catch (Exception | Error e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                worker.fx(() -> {
                    vm.state.set(GenerateViewModel.State.IDLE);
                    vm.fail(what + " failed: " + m + (before != null ? " (the previous trajectory is kept)" : ""));
                });
                return;
            }
            List<Trajectory> results = new ArrayList<>();
            boolean cancelled = false;
            double[][] nearest = null;
            try {
                for (int i = 0; i < plans.size() && !cancelled; i++) {
                    Planned p = plans.get(i);
                    if (cancelRequested) throw new CancellationException();
                    int stride = p.stride() > 0 ? p.stride()
                            : Trajectory.strideFor(p.steps(), SamplingJob.bytesPerPoint(p.count(), p.itemSize()), p.budget());
                    SamplingJob job = new SamplingJob(p.run(), stride);
                    Active a = new Active(job, target, i, plans.size());
                    active = a;
                    worker.fx(() -> {
                        if (vm.state.get() == GenerateViewModel.State.LOADING) {
                            vm.state.set(GenerateViewModel.State.RUNNING);
                            vm.info(what + "…"); // not "Loading …" for the whole run
                        }
                    });
                    if (cancelRequested) job.cancel();
                    try {
                        Tensor out = job.execute(p.start());
                        results.add(job.snapshot());
                        if (target != Target.VARY && ls.images() && ls.source().exact() && ls.data() != null) {
                            nearest = TrajectoryMath.nearest(out, ls.data());
                        }
                    } catch (CancellationException c) {
                        cancelled = true;
                        if (job.started()) results.add(job.snapshot());
                    }
                    synchronized (compareDone) {
                        if (!cancelled) compareDone.add(results.get(results.size() - 1));
                    }
                }
            } catch (CancellationException c) {
                cancelled = true;
            } catch (RuntimeException | Error e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                worker.fx(() -> {
                    active = null;
                    vm.state.set(GenerateViewModel.State.IDLE);
                    restore.run();
                    vm.fail(what + " failed: " + m + (before != null ? " (the previous trajectory is kept)" : ""));
                });
                return;
            }
            boolean wasCancelled = cancelled;
            double[][] near = nearest;
            worker.fx(() -> {
                active = null;
                vm.state.set(GenerateViewModel.State.IDLE);
                vm.progress.set(wasCancelled ? vm.progress.get() : 1);
                if (results.isEmpty()) {
                    restore.run();
                    vm.info(what + " cancelled before the first step; nothing changed");
                    return;
                }
                finish.done(ls, results, wasCancelled, near);
            });
        });
    }

    /** The FX side of a running job: at most one snapshot per call, and only when a new step has arrived. */
    boolean poll() {
        Active a = active;
        if (a == null) return false;
        int done = a.job.stepsDone();
        if (done < 0 || done == a.lastShown) return false;
        a.lastShown = done;
        Trajectory snap = a.job.snapshot();
        vm.progress.set((a.index + (double) done / snap.steps()) / a.of);
        switch (a.target) {
            case MAIN -> {
                vm.showLive(snap);
                vm.runLabel.set(liveLabel);
            }
            case BRANCH -> {
                vm.branch.set(snap);
                vm.changed();
            }
            case COMPARE -> {
                List<Trajectory> l;
                synchronized (compareDone) {
                    l = new ArrayList<>(compareDone.subList(0, Math.min(compareDone.size(), a.index)));
                }
                l.add(snap);
                vm.compareResults.set(l);
                vm.changed();
            }
            case VARY -> { }
        }
        return true;
    }

    void pause() {
        Active a = active;
        if (a != null && vm.state.get() == GenerateViewModel.State.RUNNING) {
            a.job.pause();
            vm.state.set(GenerateViewModel.State.PAUSED);
            vm.info("Paused at step " + Math.max(0, a.job.stepsDone()) + "; Resume continues, Esc cancels");
        }
    }

    void resume() {
        Active a = active;
        if (a != null && vm.state.get() == GenerateViewModel.State.PAUSED) {
            a.job.resume();
            vm.state.set(GenerateViewModel.State.RUNNING);
            vm.info("Resumed");
        }
    }

    void cancel() {
        cancelRequested = true;
        Active a = active;
        if (a != null) a.job.cancel();
    }
}

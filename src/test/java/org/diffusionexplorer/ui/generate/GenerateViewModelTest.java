package org.diffusionexplorer.ui.generate;

import javafx.beans.property.SimpleObjectProperty;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Generate view model without a window: same-thread work, or a worker with a hand-drained "FX" queue. */
class GenerateViewModelTest {
    private static final NoiseSchedule LINEAR = NoiseSchedule.of(ScheduleSpec.Linear.defaults());

    /** Two 1×8×8 images far apart in model space. */
    private static Tensor twoImages() {
        float[] d = new float[2 * 64];
        for (int i = 0; i < 64; i++) {
            d[i] = (i / 8 + i % 8) % 2 == 0 ? 0.8f : -0.8f;
            d[64 + i] = i < 32 ? -0.5f : 0.6f;
        }
        return new Tensor(d, 2, 1, 8, 8);
    }

    private static SourceLoader exact(Tensor data, Denoiser override) {
        return (s, res, live) -> new LoadedSource(s, override != null ? override : new EmpiricalDenoiser(live, data), live, true, data,
                List.of("a.png", "b.png"), null);
    }

    private static GenerateViewModel sameThread(SourceLoader loader) {
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(), loader, new SimpleObjectProperty<>(LINEAR), new ExplorerState());
        vm.useFolder("/tmp/two-images");
        return vm;
    }

    @Test
    void everySamplerEndsOnOneOfTheTwoImages() {
        Tensor data = twoImages();
        GenerateViewModel vm = sameThread(exact(data, null));
        for (SamplerKind kind : SamplerKind.values()) {
            vm.samplerProperty().set(kind);
            vm.stepsProperty().set(20);
            vm.countProperty().set(4);
            vm.seedProperty().set(3);
            vm.run();
            assertEquals(GenerateViewModel.State.IDLE, vm.stateProperty().get());
            assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
            Trajectory tr = vm.trajectoryProperty().get();
            assertTrue(tr.finished(), kind + ": " + vm.messageProperty().get());
            Tensor out = tr.finalSample();
            for (int i = 0; i < 4; i++) {
                float[] x = out.item(i).data();
                double da = 0, db = 0;
                for (int k = 0; k < 64; k++) {
                    da = Math.max(da, Math.abs(x[k] - data.data()[k]));
                    db = Math.max(db, Math.abs(x[k] - data.data()[64 + k]));
                }
                assertTrue(Math.min(da, db) < 1e-4, kind + " sample " + i + " is neither image (max diffs " + da + ", " + db + ")");
                vm.selectedProperty().set(i);
                assertTrue(vm.focusText().contains("ended on data image #" + (da < db ? 0 : 1)), vm.focusText());
            }
        }
    }

    @Test
    void scrubbingToStepKShowsTheTrajectorysKthXt() {
        GenerateViewModel vm = sameThread(exact(twoImages(), null));
        vm.samplerProperty().set(SamplerKind.DDPM);
        vm.stepsProperty().set(30);
        vm.countProperty().set(4);
        vm.run();
        Trajectory tr = vm.trajectoryProperty().get();
        assertEquals(30, vm.maxStepProperty().get());
        for (int k : new int[]{0, 1, 13, 29, 30}) {
            for (int i : new int[]{0, 3}) {
                vm.stepProperty().set(k);
                vm.selectedProperty().set(i);
                assertEquals(k, vm.shownStep());
                Trajectory.Frame f = vm.shownFrame();
                assertArrayEquals(tr.frame(k).xt().item(i).data(), f.xt().data(), "x_t at step " + k);
                if (k < 30) assertArrayEquals(tr.frame(k).x0Hat().item(i).data(), f.x0Hat().data());
                else assertEquals(null, f.x0Hat());
                assertTrue(vm.readouts()[0][1].startsWith(k + " / 30"));
            }
        }
    }

    @Test
    void cancelLeavesTheViewIdleWithThePartialTrajectory() throws Exception {
        Tensor data = twoImages();
        NoiseSchedule s = LINEAR;
        EmpiricalDenoiser exact = new EmpiricalDenoiser(s, data);
        Denoiser slow = new Denoiser() {
            @Override public Prediction prediction() { return exact.prediction(); }
            @Override public int[] itemShape() { return exact.itemShape(); }
            @Override public Tensor predict(Tensor xt, double[] t) {
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return exact.predict(xt, t);
            }
        };
        ExecutorService worker = Executors.newSingleThreadExecutor();
        LinkedBlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
        GenerateViewModel vm = new GenerateViewModel(new TaskRunner(worker, fxQueue::add), exact(data, slow), new SimpleObjectProperty<>(s), new ExplorerState());
        vm.useFolder("/tmp/two-images");
        vm.stepsProperty().set(200);
        vm.countProperty().set(4);
        vm.run();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (vm.trajectoryProperty().get() == null || vm.trajectoryProperty().get().completed() < 3) {
            Runnable r = fxQueue.poll(5, TimeUnit.MILLISECONDS);
            if (r != null) r.run();
            vm.poll();
            assertTrue(System.nanoTime() < deadline, "the run did not get going");
        }
        // "This run" names the run the grid shows live, and the step before the newest has its x̂₀ (the view shows it)
        assertTrue(vm.runLabelProperty().get().startsWith("Sampling: "), vm.runLabelProperty().get());
        Trajectory live = vm.trajectoryProperty().get();
        assertNotNull(vm.frameAt(live.nearestKept(live.completed() - 1)).x0Hat());
        vm.pause();
        assertEquals(GenerateViewModel.State.PAUSED, vm.stateProperty().get());
        Thread.sleep(100);
        int atPause = vm.trajectoryProperty().get().completed();
        vm.poll();
        int afterWait = vm.trajectoryProperty().get().completed();
        assertTrue(afterWait - atPause <= 1, "paused, yet it went on from " + atPause + " to " + afterWait);
        vm.cancel();
        while (vm.stateProperty().get() != GenerateViewModel.State.IDLE) {
            Runnable r = fxQueue.poll(5, TimeUnit.SECONDS);
            assertNotNull(r, "no word from the worker after cancel");
            r.run();
        }
        worker.shutdown();
        Trajectory tr = vm.trajectoryProperty().get();
        assertFalse(tr.finished());
        assertTrue(tr.completed() >= 3 && tr.completed() < 200, "completed " + tr.completed());
        assertTrue(vm.messageProperty().get().startsWith("Cancelled after " + tr.completed() + " of 200"), vm.messageProperty().get());
        assertEquals(tr.completed(), vm.maxStepProperty().get());
        vm.stepProperty().set(2);
        assertArrayEquals(tr.frame(2).xt().item(0).data(), vm.shownFrame().xt().data());
    }

    @Test
    void aBranchFromStepKEqualsAFreshRunFromTheSameXt() {
        Tensor data = twoImages();
        GenerateViewModel vm = sameThread(exact(data, null));
        vm.samplerProperty().set(SamplerKind.DDIM);
        vm.stepsProperty().set(20);
        vm.countProperty().set(4);
        vm.seedProperty().set(11);
        vm.run();
        Trajectory tr = vm.trajectoryProperty().get();
        int k = 7;
        vm.stepProperty().set(k);
        vm.branch(SamplerKind.DDPM, 12, 99);
        Trajectory b = vm.branchProperty().get();
        assertNotNull(b, vm.messageProperty().get());
        assertSame(tr, vm.trajectoryProperty().get(), "the original stays");
        assertEquals(tr.t(k), b.t(0), "the branch starts at the original's t_k");
        assertEquals(tr.alphaBar(k), b.alphaBar(0), 1e-12);
        assertArrayEquals(tr.frame(k).xt().data(), b.frame(0).xt().data());

        NoiseSchedule s = LINEAR;
        StartPoint sp = StartPoint.at(s, tr.t(k), tr.sigma(k), vm.runConfig().config().withSteps(12));
        Tensor fresh = new SamplingRun(new EmpiricalDenoiser(s, data), sp.schedule(), SamplerKind.DDPM, sp.config(), 99, 4)
                .runFrom(tr.frame(k).xt(), null, () -> false);
        assertArrayEquals(fresh.data(), b.finalSample().data(), 1e-6f);
        assertTrue(vm.branchLabelProperty().get().contains("step 7"), vm.branchLabelProperty().get());
        // aligned: at the end of the original, the branch shows its end
        vm.stepProperty().set(20);
        assertEquals(12, vm.branchStep());
        vm.stepProperty().set(3);
        assertEquals(-1, vm.branchStep());
    }

    @Test
    void aLongDdpmRunOf64SamplesStaysWithinTheMemoryBudget() {
        Denoiser zero = new Denoiser() {
            @Override public Prediction prediction() { return Prediction.EPSILON; }
            @Override public int[] itemShape() { return new int[]{1, 28, 28}; }
            @Override public Tensor predict(Tensor xt, double[] t) { return Tensor.zeros(xt.shape()); }
        };
        GenerateViewModel vm = sameThread((s, r, live) -> new LoadedSource(s, zero, live, true, null, null, null));
        vm.samplerProperty().set(SamplerKind.DDPM);
        vm.stepsProperty().set(1000);
        vm.countProperty().set(64);
        vm.run();
        Trajectory tr = vm.trajectoryProperty().get();
        assertTrue(tr.finished());
        assertTrue(tr.bytes() <= 300_000_000L, "holds " + tr.bytes());
        assertFalse(tr.complete());
        assertTrue(tr.isKept(0) && tr.isKept(1000));
        assertTrue(vm.keptText().contains("one in 3"), vm.keptText());
        vm.stepProperty().set(301); // not kept: the nearest kept step is shown, with its true index
        assertEquals(300, vm.shownStep());
        assertTrue(vm.readouts()[0][1].startsWith("300 / 1000 (nearest kept to 301)"), vm.readouts()[0][1]);
    }

    @Test
    void badInputKeepsThePreviousTrajectory() {
        boolean[] broken = {false};
        Tensor data = twoImages();
        GenerateViewModel vm = sameThread((s, r, live) -> {
            if (broken[0]) throw new IllegalStateException("weights.safetensors: checksum mismatch");
            return exact(data, null).load(s, r, live);
        });
        vm.stepsProperty().set(10);
        vm.countProperty().set(4);
        vm.run();
        Trajectory before = vm.trajectoryProperty().get();
        String label = vm.runLabelProperty().get();
        broken[0] = true;
        vm.run();
        assertSame(before, vm.trajectoryProperty().get());
        assertEquals(label, vm.runLabelProperty().get(), "a failed run leaves the label of the trajectory still shown");
        assertTrue(vm.errorProperty().get());
        assertTrue(vm.messageProperty().get().contains("checksum mismatch"), vm.messageProperty().get());
        broken[0] = false;
        vm.countProperty().set(5);
        vm.run();
        assertTrue(vm.messageProperty().get().contains("count must be one of [1, 4, 16, 64]"), vm.messageProperty().get());
        vm.countProperty().set(4);
        vm.stepsProperty().set(2000);
        vm.run();
        assertTrue(vm.messageProperty().get().contains("steps must be between 1 and T = 1000"), vm.messageProperty().get());
        assertSame(before, vm.trajectoryProperty().get());
    }

    @Test
    void varyResamplesOnlyTheFocusedSeedAndCompareAlignsByFraction() {
        Tensor data = twoImages();
        GenerateViewModel vm = sameThread(exact(data, null));
        vm.samplerProperty().set(SamplerKind.DDPM);
        vm.stepsProperty().set(10);
        vm.countProperty().set(4);
        vm.run();
        Trajectory before = vm.trajectoryProperty().get();
        vm.selectedProperty().set(2);
        vm.varySelected();
        Trajectory after = vm.trajectoryProperty().get();
        long seed = vm.seedOf(2);
        assertTrue(seed != 2);
        for (int i : new int[]{0, 1, 3}) assertArrayEquals(before.finalSample().item(i).data(), after.finalSample().item(i).data());
        Tensor alone = new SamplingRun(new EmpiricalDenoiser(LINEAR, data), LINEAR, SamplerKind.DDPM, vm.runConfig().config(), seed, 1)
                .run(null, () -> false);
        assertArrayEquals(alone.data(), after.finalSample().item(2).data(), 1e-6f);
        assertTrue(vm.focusText().contains("seed " + seed));

        vm.addToCompare();
        vm.samplerProperty().set(SamplerKind.EULER);
        vm.stepsProperty().set(40);
        vm.addToCompare();
        vm.runCompare();
        List<Trajectory> c = vm.compareResultsProperty().get();
        assertEquals(2, c.size(), vm.messageProperty().get());
        vm.comparePercentProperty().set(50);
        assertEquals(5, vm.compareStep(0));
        assertEquals(20, vm.compareStep(1));
    }

    @Test
    void theCliCommandReproducesTheRun() {
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(), (s, r, l) -> null, new SimpleObjectProperty<>(LINEAR), new ExplorerState());
        vm.setModels(List.of("fashion-mnist", "toy-moons"), List.of("moons"));
        assertEquals("fashion-mnist", vm.sourceProperty().get().id());
        assertEquals("java -jar diffusion-explorer.jar sample --model fashion-mnist --sampler ddim --steps 50 --count 16 --seed 0 --trajectory --npy --out samples",
                vm.cliProperty().get());
        vm.samplerProperty().set(SamplerKind.DDPM);
        vm.fixedLargeProperty().set(true);
        vm.seedProperty().set(7);
        vm.countProperty().set(4);
        assertTrue(vm.cliProperty().get().contains("--sampler ddpm --steps 50 --variance fixed-large --count 4 --seed 7"), vm.cliProperty().get());
        vm.useFolder("/data/faces");
        assertTrue(vm.cliProperty().get().startsWith("java -jar diffusion-explorer.jar sample --model empirical:/data/faces --size 64 --preset linear --sampler ddim --steps 25"),
                vm.cliProperty().get());
        assertTrue(vm.scheduleNoteProperty().get().contains("Schedule editor"));
    }

    @Test
    void sdeditAndTheInversionRoundTripStartFromTheForwardImage() {
        Tensor data = twoImages();
        Tensor imageB = data.item(1); // the "Forward tab's image": the second data image
        ExplorerState explorer = new ExplorerState();
        explorer.setImage(imageB, "b.png");
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(), exact(data, null), new SimpleObjectProperty<>(LINEAR), explorer);
        vm.useFolder("/tmp/two-images");
        vm.stepsProperty().set(20);
        vm.countProperty().set(4);
        vm.sdedit(0.3);
        Trajectory tr = vm.trajectoryProperty().get();
        assertNotNull(tr, vm.messageProperty().get());
        assertEquals(6, tr.steps(), "round(20 · 0.3) steps from t = 300");
        assertEquals(300, tr.t(0));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(imageB.data(), tr.finalSample().item(i).data(), 1e-4f, "SDEdit at 0.3 keeps the image's identity");
            vm.selectedProperty().set(i);
            assertTrue(vm.focusText().contains("data image #1"), vm.focusText());
        }
        vm.invert();
        tr = vm.trajectoryProperty().get();
        assertEquals(1, tr.count());
        assertTrue(vm.roundTripProperty().get().contains("PSNR"), vm.roundTripProperty().get());
        double psnr = TrajectoryMath.psnr(tr.finalSample(), imageB.reshape(1, 1, 8, 8));
        assertTrue(psnr > 40, "the exact denoiser inverts and comes back: PSNR " + psnr);
    }
}

package org.diffusionexplorer.ui.forward;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.forward.MarkovChain;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forward view model without a window: closed form, and the Markov chain through the latest-wins worker. */
class ForwardViewModelTest {
    private static LoadedImage image() {
        float[] d = new float[3 * 6 * 5];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.sin(i * 0.37);
        return new LoadedImage(new Tensor(d, 3, 6, 5), 5, 6, "png", "test.png");
    }

    @Test
    void closedFormAtTheScrubbedT() {
        ScheduleModel schedule = new ScheduleModel(ScheduleSpec.Linear.defaults());
        ForwardViewModel vm = new ForwardViewModel(schedule, new ExplorerState(), TaskRunner.sameThread());
        vm.setImage(image());
        vm.seedProperty().set(3);
        vm.tProperty().set(400);
        assertEquals(400, vm.shownTProperty().get());
        assertArrayEquals(ForwardProcess.closedForm(schedule.schedule(), 400, vm.x0(), vm.eps()).data(), vm.currentXt().data());
    }

    @Test
    void markovChainShowsTheNewestRequestedT() {
        Queued q = new Queued();
        ScheduleModel schedule = q.schedule;
        ForwardViewModel vm = q.vm;
        vm.modeProperty().set(ForwardViewModel.Mode.MARKOV_CHAIN);
        vm.tProperty().set(100);
        vm.tProperty().set(200);
        vm.tProperty().set(300);
        assertTrue(vm.busyProperty().get());
        q.drain();
        assertFalse(vm.busyProperty().get());
        assertEquals(300, vm.shownTProperty().get());
        Tensor expected = new MarkovChain(schedule.schedule(), vm.x0(), vm.seedProperty().get()).at(300);
        assertArrayEquals(expected.data(), vm.currentXt().data());
    }

    @Test
    void closedFormFramesAreRenderedOnTheWorkerAndTheNewestIsShown() {
        Queued q = new Queued();
        ScheduleModel schedule = q.schedule;
        ForwardViewModel vm = q.vm;
        q.drain();
        long shownBefore = vm.presentedFrames();
        vm.tProperty().set(100);
        vm.tProperty().set(700);
        assertEquals(shownBefore, vm.presentedFrames(), "setting t only asks the worker: nothing is rendered on the FX thread");
        q.drain();
        assertEquals(700, vm.shownTProperty().get());
        // the pixels are those of x_t at 700 (recycled arrays from earlier frames do not leak into the shown one)
        Tensor xt = ForwardProcess.closedForm(schedule.schedule(), 700, vm.x0(), vm.eps());
        int n = vm.xtPixels().length;
        for (int i = 0; i < n; i++) {
            assertEquals(org.diffusionexplorer.core.forward.FrameRenderer.toByte(xt.data()[i]), vm.xtPixels()[i] >> 16 & 255, "pixel " + i);
        }
        for (int k = 0; k < 20; k++) {
            vm.tProperty().set(10 * k);
            q.drain();
        }
        assertEquals(190, vm.shownTProperty().get());
        Tensor last = ForwardProcess.closedForm(schedule.schedule(), 190, vm.x0(), vm.eps());
        assertEquals(org.diffusionexplorer.core.forward.FrameRenderer.toByte(last.data()[n - 1]), vm.xtPixels()[n - 1] >> 16 & 255);
        assertTrue(vm.presentedFrames() - shownBefore <= 22, "at most one published frame per request");
    }

    @Test
    void leavingTheChainWhileItWalksClearsBusy() {
        Queued q = new Queued();
        ScheduleModel schedule = q.schedule;
        ForwardViewModel vm = q.vm;
        vm.modeProperty().set(ForwardViewModel.Mode.MARKOV_CHAIN);
        vm.tProperty().set(600);
        assertTrue(vm.busyProperty().get());
        vm.modeProperty().set(ForwardViewModel.Mode.CLOSED_FORM); // the chain's frame is superseded
        q.drain();
        assertFalse(vm.busyProperty().get(), "busy cleared by the newest (closed-form) frame");
        assertArrayEquals(ForwardProcess.closedForm(schedule.schedule(), 600, vm.x0(), vm.eps()).data(), vm.currentXt().data());
    }

    @Test
    void savingUsesTheScheduleOfTheFrameOnScreen() {
        Queued q = new Queued();
        ScheduleModel schedule = q.schedule;
        ForwardViewModel vm = q.vm;
        vm.tProperty().set(900);
        q.drain();
        var shown = schedule.schedule();
        schedule.apply(ScheduleSpec.Linear.defaults().withSteps(100)); // t is clamped to 99; its frame is not shown yet
        assertArrayEquals(ForwardProcess.closedForm(shown, 900, vm.x0(), vm.eps()).data(), vm.currentXt().data());
        q.drain();
        assertEquals(99, vm.shownTProperty().get());
        assertArrayEquals(ForwardProcess.closedForm(schedule.schedule(), 99, vm.x0(), vm.eps()).data(), vm.currentXt().data());
    }

    /** A view model whose worker and FX-thread jobs wait in queues until drained (in order, alternating). */
    private static final class Queued {
        final ScheduleModel schedule = new ScheduleModel(ScheduleSpec.Linear.defaults());
        final Deque<Runnable> worker = new ArrayDeque<>(), fx = new ArrayDeque<>();
        final ForwardViewModel vm = new ForwardViewModel(schedule, new ExplorerState(), new TaskRunner(worker::add, fx::add));

        Queued() {
            vm.setImage(image());
        }

        void drain() {
            while (!worker.isEmpty() || !fx.isEmpty()) {
                if (!worker.isEmpty()) worker.poll().run();
                if (!fx.isEmpty()) fx.poll().run();
            }
        }
    }
}

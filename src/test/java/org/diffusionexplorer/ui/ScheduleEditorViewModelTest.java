package org.diffusionexplorer.ui;

import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.schedule.ScheduleEditorViewModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The editor's view model without the toolkit: editing, validation, undo and redo, diagnostics, pins. */
class ScheduleEditorViewModelTest {
    ScheduleModel model = new ScheduleModel(ScheduleSpec.Linear.defaults());
    ScheduleEditorViewModel vm = new ScheduleEditorViewModel(model, new ExplorerState());

    @Test
    void drawByHandKeepsTheCurveAndIsOneUndoStep() {
        NoiseSchedule before = model.schedule();
        vm.convertToCustom();
        assertInstanceOf(ScheduleSpec.Custom.class, model.spec());
        for (int t = 0; t < 1000; t += 50) assertEquals(before.logSnr(t), model.schedule().logSnr(t), 0.5, "t=" + t);
        assertTrue(model.undo());
        assertEquals(ScheduleSpec.Linear.defaults(), model.spec());
        assertTrue(model.redo());
        assertInstanceOf(ScheduleSpec.Custom.class, model.spec());
    }

    @Test
    void dragIsClampedToAValidCurveAndUndoesAsOneStep() {
        vm.convertToCustom();
        ScheduleSpec afterConvert = model.spec();
        double[][] p = vm.points();
        vm.beginDrag();
        vm.movePoint(2, p[2][0] + 0.01, p[2][1] + 0.5);
        vm.movePoint(2, p[2][0] + 0.02, 1e9);          // far above the previous point: clamped below it
        vm.movePoint(2, 5, p[2][1]);                    // beyond the next point's u: clamped
        double[][] q = vm.points();
        assertTrue(q[2][1] < q[1][1] && q[2][0] < q[3][0]);
        NoiseSchedule s = model.schedule();
        for (int t = 1; t < s.steps(); t++) assertTrue(s.alphaBar(t) < s.alphaBar(t - 1), "ᾱ decreases at " + t);
        assertTrue(model.undo());
        assertEquals(afterConvert, model.spec(), "one undo step for the whole drag");
    }

    @Test
    void addAndRemovePoints() {
        vm.convertToCustom();
        int n = vm.points().length;
        vm.addPoint(0.5);
        assertEquals(n + 1, vm.points().length);
        vm.removePoint(0);
        assertEquals(n + 1, vm.points().length, "end points stay");
        assertFalse(vm.messageProperty().get().isEmpty());
        vm.removePoint(1);
        assertEquals(n, vm.points().length);
    }

    @Test
    void invalidEditsLeaveTheScheduleUntouched() {
        ScheduleSpec before = model.spec();
        assertThrows(IllegalArgumentException.class, () -> model.apply(new ScheduleSpec.Linear(1, 1e-4, 0.02, false)));
        assertEquals(before, model.spec());
        assertFalse(model.canUndoProperty().get());
    }

    @Test
    void diagnosticsAndSamplerMarks() {
        model.apply(new ScheduleSpec.Linear(50, 1e-4, 0.02, false));
        String all = vm.diagnosticsProperty().get().toString();
        assertTrue(all.contains("never reaches noise") && all.contains("0.603"), all);
        vm.samplerStepsProperty().set(10);
        vm.spacingProperty().set(TimestepSpacing.LEADING);
        assertEquals(46, vm.samplerTimestepsProperty().get()[0]);
        assertTrue(vm.diagnosticsProperty().get().toString().contains("not T−1"));
        vm.spacingProperty().set(TimestepSpacing.TRAILING);
        assertEquals(49, vm.samplerTimestepsProperty().get()[0]);
        model.apply(ScheduleSpec.Cosine.defaults());
        assertTrue(vm.diagnosticsProperty().get().toString().contains("clipped at max β"));
    }

    @Test
    void atMostFourPins() {
        for (String p : new String[]{"cosine", "sigmoid", "linear", "scaled-linear", "cosine"}) vm.pinPreset(p);
        assertEquals(4, vm.pinned().size());
        assertEquals("sigmoid", vm.pinned().get(0).name());
    }

    @Test
    void thumbnailsFollowTheSharedImageAndT() {
        ExplorerState state = new ExplorerState();
        ScheduleEditorViewModel v = new ScheduleEditorViewModel(model, state);
        assertTrue(v.thumbnailsProperty().get().isEmpty(), "no image, no thumbnails");
        float[] d = new float[3 * 4 * 5];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.cos(i);
        state.setImage(new org.diffusionexplorer.core.tensor.Tensor(d, 3, 4, 5), "x.png");
        state.tProperty().set(500);
        v.pinPreset("cosine");
        var th = v.thumbnailsProperty().get();
        assertEquals(2, th.size());
        assertTrue(th.get(1).title().startsWith("cosine\nt = 500"), th.get(1).title());
        var xt = org.diffusionexplorer.core.forward.ForwardProcess.closedForm(model.schedule(), 500, state.x0(), state.eps());
        assertEquals(org.diffusionexplorer.core.forward.FrameRenderer.toByte(xt.data()[0]), th.get(0).argb()[0] >> 16 & 255);
    }

    @Test
    void thumbnailsOfALargeImageAreSubsampledNotFullSize() {
        ExplorerState state = new ExplorerState();
        ScheduleEditorViewModel v = new ScheduleEditorViewModel(model, state);
        int h = 1000, w = 700;
        float[] d = new float[h * w];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.sin(i * 0.001);
        state.setImage(new org.diffusionexplorer.core.tensor.Tensor(d, 1, h, w), "big.png");
        state.tProperty().set(300);
        var th = v.thumbnailsProperty().get().get(0);
        assertTrue(th.width() <= ScheduleEditorViewModel.THUMBNAIL_SIDE && th.height() <= ScheduleEditorViewModel.THUMBNAIL_SIDE,
                th.width() + "×" + th.height());
        assertEquals(1000 / 6 + 1, th.height()); // stride ⌈1000/192⌉ = 6
        // each thumbnail pixel is x_t of the pixel it samples, with the same ε
        var xt = org.diffusionexplorer.core.forward.ForwardProcess.closedForm(model.schedule(), 300, state.x0(), state.eps());
        int row = 5, col = 7;
        assertEquals(org.diffusionexplorer.core.forward.FrameRenderer.toByte(xt.data()[row * 6 * w + col * 6]),
                th.argb()[row * th.width() + col] >> 16 & 255);
    }
}

package org.diffusionexplorer.ui;

import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.controls.CurvePlot;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drags a control point of the log-SNR curve in the real window and checks ᾱ and the displayed x_t. */
@ExtendWith(ApplicationExtension.class)
class ScheduleEditorUiTest {
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(stage, Settings.load(Files.createTempDirectory("de").resolve("s.json")), TaskRunner.sameThread());
        stage.show();
    }

    @Test
    void draggingAPointChangesAlphaBarAndTheImageConsistently(FxRobot robot) {
        robot.interact(() -> {
            window.mainView().tabs().getSelectionModel().select(window.scheduleTab());
            window.forwardViewModel().tProperty().set(500);
            window.scheduleViewModel().convertToCustom();
        });
        WaitForAsyncUtils.waitForFxEvents();
        ScheduleSpec.Custom before = (ScheduleSpec.Custom) window.scheduleModel().spec();
        double alphaBefore = window.scheduleModel().schedule().alphaBar(500);
        double[][] pts = window.scheduleViewModel().points();
        int i = 0;
        while (i < pts.length - 1 && pts[i + 1][0] < 0.5) i++; // the point just left of t = 500
        if (Math.abs(pts[i + 1][0] - 0.5) < Math.abs(pts[i][0] - 0.5)) i++;
        CurvePlot plot = window.scheduleView().logSnrPlot();
        double[] at = plot.screenOf(pts[i][0], pts[i][1]);
        var from = plot.canvas().localToScreen(at[0], at[1]);
        robot.drag(from.getX(), from.getY(), MouseButton.PRIMARY).moveBy(0, -60).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();

        assertInstanceOf(ScheduleSpec.Custom.class, window.scheduleModel().spec());
        ScheduleSpec.Custom after = (ScheduleSpec.Custom) window.scheduleModel().spec();
        assertTrue(after.points().get(i).logSnr() > before.points().get(i).logSnr(), "dragging up raises log-SNR: point " + i + " " + before.points().get(i) + " → " + after.points().get(i)
                + " same spec: " + before.equals(after) + " press at " + from + " canvas " + plot.canvas().getWidth() + "x" + plot.canvas().getHeight());
        NoiseSchedule s = window.scheduleModel().schedule();
        assertTrue(s.alphaBar(500) > alphaBefore, "more signal left at t = 500: " + alphaBefore + " → " + s.alphaBar(500));
        // the forward view shows x_t for the new ᾱ
        Tensor x0 = window.forwardViewModel().x0(), eps = window.forwardViewModel().eps();
        Tensor xt = ForwardProcess.closedForm(s, 500, x0, eps);
        int w = x0.dim(2);
        // (rendered off the FX thread: the frame for the new schedule arrives within a few pulses)
        AssertionError last = null;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; ) {
            WaitForAsyncUtils.waitForFxEvents();
            var pr = window.forwardView().xtPanel().image().getPixelReader();
            try {
                for (int k = 0; k < 400; k++) {
                    int x = (k * 37) % w, y = (k * 53) % x0.dim(1), idx = y * w + x;
                    assertEquals(FrameRenderer.toByte(xt.data()[idx]), pr.getArgb(x, y) >> 16 & 255);
                }
                last = null;
                break;
            } catch (AssertionError e) {
                last = e;
                WaitForAsyncUtils.sleep(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        if (last != null) throw last;
        // and so does the editor's thumbnail of the current schedule
        var tp = window.scheduleView().thumbnail(0).image().getPixelReader();
        assertEquals(FrameRenderer.toByte(xt.data()[0]), tp.getArgb(0, 0) >> 16 & 255);
        // one undo restores the curve
        robot.interact(() -> window.scheduleModel().undo());
        assertEquals(before, window.scheduleModel().spec());
    }
}

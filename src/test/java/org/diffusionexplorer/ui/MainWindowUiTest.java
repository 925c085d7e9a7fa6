package org.diffusionexplorer.ui;

import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.controls.TimestepScrubber;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real main window headless (Monocle): scrub with keys and mouse, compare the pixels with the core. */
@ExtendWith(ApplicationExtension.class)
class MainWindowUiTest {
    private MainWindow window;

    @BeforeAll
    static void isolateSettings() throws Exception {
        System.setProperty("diffusionexplorer.config", Files.createTempDirectory("de-settings").toString());
    }

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage, Settings.load(Path.of(System.getProperty("diffusionexplorer.config"), "settings.json")),
                TaskRunner.sameThread());
        stage.show();
    }

    /**
     * The x_t panel's pixels must equal the core's closed form at t, once the worker's frame is shown (frames are
     * rendered off the FX thread: retried for up to 10 s).
     */
    private void assertDisplayedXtMatchesCore(int t) {
        AssertionError last = null;
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; ) {
            WaitForAsyncUtils.waitForFxEvents();
            try {
                checkDisplayedXt(t);
                return;
            } catch (AssertionError e) {
                last = e;
                WaitForAsyncUtils.sleep(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        throw last;
    }

    private void checkDisplayedXt(int t) {
        assertEquals(t, window.forwardViewModel().shownTProperty().get());
        Tensor x0 = window.forwardViewModel().x0(), eps = window.forwardViewModel().eps();
        NoiseSchedule s = window.scheduleModel().schedule();
        Tensor xt = ForwardProcess.closedForm(s, t, x0, eps);
        WritableImage img = window.forwardView().xtPanel().image();
        int w = x0.dim(2), h = x0.dim(1), n = w * h;
        assertEquals(w, (int) img.getWidth());
        PixelReader pr = img.getPixelReader();
        int checked = 0;
        for (int y = 0; y < h; y += 7) {
            for (int x = 0; x < w; x += 5) {
                int argb = pr.getArgb(x, y), i = y * w + x;
                assertEquals(FrameRenderer.toByte(xt.data()[i]), argb >> 16 & 255, "red at " + x + "," + y + " t=" + t);
                assertEquals(FrameRenderer.toByte(xt.data()[n + i]), argb >> 8 & 255, "green at " + x + "," + y);
                assertEquals(FrameRenderer.toByte(xt.data()[2 * n + i]), argb & 255, "blue at " + x + "," + y);
                checked++;
            }
        }
        assertTrue(checked > 1000);
    }

    @Test
    void scrubbingWithKeyboardAndMouseShowsTheCoreComputation(FxRobot robot) {
        TimestepScrubber scrubber = window.forwardView().scrubber();
        assertEquals("sample-cat.png", window.forwardViewModel().imageProperty().get().name());
        assertDisplayedXtMatchesCore(0);

        robot.clickOn(scrubber, javafx.scene.input.MouseButton.PRIMARY); // focus + set t from the click position
        int afterClick = scrubber.getValue();
        assertTrue(afterClick > 300 && afterClick < 700, "a click in the middle lands mid-range: " + afterClick);
        assertDisplayedXtMatchesCore(afterClick);

        assertTrue(scrubber.isFocused(), "focus owner: " + scrubber.getScene().getFocusOwner());
        robot.type(KeyCode.RIGHT);
        assertDisplayedXtMatchesCore(afterClick + 1);
        robot.press(KeyCode.SHIFT).type(KeyCode.LEFT).release(KeyCode.SHIFT);
        assertDisplayedXtMatchesCore(afterClick + 1 - 10);
        robot.type(KeyCode.END);
        assertDisplayedXtMatchesCore(999);
        robot.type(KeyCode.HOME);
        assertDisplayedXtMatchesCore(0);

        // drag from the left end to about a quarter
        double y = scrubber.localToScreen(scrubber.getBoundsInLocal()).getCenterY();
        double x0 = scrubber.localToScreen(scrubber.xOf(0), 0).getX();
        double xq = scrubber.localToScreen(scrubber.xOf(250), 0).getX();
        robot.drag(x0, y).moveTo(xq, y).release(javafx.scene.input.MouseButton.PRIMARY);
        int dragged = scrubber.getValue();
        assertTrue(Math.abs(dragged - 250) <= 3, "dragged to " + dragged);
        assertDisplayedXtMatchesCore(dragged);
    }

    @Test
    void scheduleChangeRerendersAndBadInputIsRefused(FxRobot robot) {
        robot.interact(() -> window.forwardViewModel().tProperty().set(300));
        assertDisplayedXtMatchesCore(300);
        robot.interact(() -> window.scheduleModel().apply(org.diffusionexplorer.core.schedule.ScheduleSpec.Cosine.defaults()));
        assertDisplayedXtMatchesCore(300);
        // a broken file leaves the image in place and says why
        robot.interact(() -> {
            try {
                Path bad = Files.writeString(Files.createTempFile("bad", ".png"), "garbage");
                window.forwardView();
                new org.diffusionexplorer.ui.forward.ForwardActions(window.forwardViewModel(), TaskRunner.sameThread(),
                        window.status(), Settings.load(bad.resolveSibling("none.json")), () -> null, r -> { }).load(bad);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.status().errorProperty().get());
        assertTrue(window.status().messageProperty().get().contains("not a supported image format"), window.status().messageProperty().get());
        assertEquals("sample-cat.png", window.forwardViewModel().imageProperty().get().name());
    }
}

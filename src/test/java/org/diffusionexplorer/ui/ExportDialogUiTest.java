package org.diffusionexplorer.ui;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.export.ExportDialog;
import org.diffusionexplorer.ui.forward.ForwardActions;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Export dialog from the Forward tab: writes the chosen frames, remembers the format, Esc cancels cleanly. */
@ExtendWith(ApplicationExtension.class)
class ExportDialogUiTest {
    @TempDir
    Path dir;
    private MainWindow window;
    private Settings settings;

    @Start
    void start(Stage stage) throws Exception {
        settings = Settings.load(Files.createTempDirectory("de-export-settings").resolve("settings.json"));
        window = new MainWindow(stage, settings, TaskRunner.sameThread());
        stage.show();
    }

    private ExportRequest forwardRequest(FxRobot robot) {
        ExportRequest[] req = new ExportRequest[1];
        robot.interact(() -> req[0] = new ForwardActions(window.forwardViewModel(), TaskRunner.sameThread(), window.status(), settings,
                () -> window.stage(), r -> { }).request());
        return req[0];
    }

    @Test
    void exportsTheChosenFramesAndRemembersTheFormat(FxRobot robot) throws Exception {
        ExportRequest req = forwardRequest(robot);
        assertEquals(1000, req.frameCount());
        ExportDialog[] d = new ExportDialog[1];
        robot.interact(() -> {
            d[0] = ExportDialog.show(window.stage(), req, TaskRunner.background(), settings, new StatusModel());
            var vm = d[0].viewModel();
            vm.from.set(100);
            vm.to.set(900);
            vm.stride.set(100);
            vm.format.set(ExportFormat.GIF);
        });
        assertEquals(9, d[0].viewModel().frames().length);
        Path out = dir.resolve("scrub.gif");
        ProgressTask<Path>[] task = new ProgressTask[1];
        robot.interact(() -> task[0] = d[0].start(out));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> task[0].isDone());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.exists(out));
        try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(9, r.getNumImages(true));
        }
        assertEquals("gif", settings.exportFormat());
        assertEquals(dir.toAbsolutePath(), settings.exportFolder());
        assertFalse(d[0].stage().isShowing(), "the dialog closes when done");
    }

    @Test
    void escapeCancelsARunningExportAndLeavesNothing(FxRobot robot) throws Exception {
        ExportRequest req = forwardRequest(robot);
        ExportDialog[] d = new ExportDialog[1];
        robot.interact(() -> {
            d[0] = ExportDialog.show(window.stage(), req, TaskRunner.background(), settings, new StatusModel());
            d[0].viewModel().format.set(ExportFormat.APNG);
            d[0].viewModel().stride.set(1); // 1000 frames: long enough to cancel
        });
        Path out = dir.resolve("long.png");
        ProgressTask<Path>[] task = new ProgressTask[1];
        robot.interact(() -> task[0] = d[0].start(out));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> task[0].lastFraction() > 0.01);
        robot.interact(() -> d[0].stage().getScene().getRoot().requestFocus());
        robot.interact(() -> d[0].stage().getScene().getOnKeyPressed().handle(
                new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "", KeyCode.ESCAPE, false, false, false, false)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> task[0].isDone());
        Thread.sleep(300); // the worker notices the cancel at the next frame and removes its temporary file
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(task[0].isCancelled());
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no file, no temporary file");
        }
        assertTrue(d[0].stage().isShowing(), "a cancel keeps the dialog open");
    }
}

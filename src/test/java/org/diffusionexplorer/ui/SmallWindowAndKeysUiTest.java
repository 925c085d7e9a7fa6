package org.diffusionexplorer.ui;

import javafx.concurrent.Task;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smallest supported window (1000×700, a laptop with a dock): in every tab, no text sticks out of the window
 * (outside scrolling panes), and every key the tooltips or the F1 list advertise does what it says.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowAndKeysUiTest {
    private MainWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        window = new MainWindow(stage, Settings.load(Files.createTempDirectory("de-small").resolve("settings.json")), TaskRunner.sameThread());
        stage.setWidth(1000);
        stage.setHeight(700);
        stage.show();
    }

    @Test
    void everyTabLaysOutInsideA1000x700Window(FxRobot robot) {
        int tabs = window.mainView().tabs().getTabs().size();
        for (int i = 0; i < tabs; i++) {
            int k = i;
            robot.interact(() -> window.mainView().tabs().getSelectionModel().select(k));
            WaitForAsyncUtils.waitForFxEvents();
            double w = window.scene().getWidth();
            List<String> outside = new ArrayList<>();
            collect(window.scene().getRoot(), w, outside);
            assertTrue(outside.isEmpty(), "tab '" + window.mainView().tabs().getTabs().get(k).getText() + "': text outside the window: " + outside);
        }
    }

    /** Visible labelled nodes (not inside a ScrollPane, whose content may extend) whose right edge passes the window. */
    private static void collect(Node n, double sceneWidth, List<String> out) {
        if (!n.isVisible() || n instanceof ScrollPane) return;
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            Bounds b = l.localToScene(l.getLayoutBounds());
            if (b.getWidth() > 0 && b.getMaxX() > sceneWidth + 1) out.add("'" + l.getText() + "' ends at x = " + Math.round(b.getMaxX()));
        }
        if (n instanceof Parent p) for (Node c : p.getChildrenUnmodifiable()) collect(c, sceneWidth, out);
    }

    @Test
    void advertisedKeysWork(FxRobot robot) {
        robot.interact(() -> window.mainView().tabs().getSelectionModel().select(0));
        robot.clickOn(window.forwardView().xtPanel());
        // N: new noise
        long seed = window.forwardViewModel().seedProperty().get();
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(seed, window.forwardViewModel().seedProperty().get(), "N draws new noise");
        // Space: play / pause
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.forwardViewModel().playingProperty().get(), "Space plays");
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!window.forwardViewModel().playingProperty().get(), "Space pauses");
        // Home / End
        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(window.scheduleModel().schedule().steps() - 1, window.forwardViewModel().tProperty().get(), "End goes to T−1");
        robot.type(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, window.forwardViewModel().tProperty().get(), "Home goes to t = 0");
        // Esc: cancels the task shown in the status bar
        Task<Void> longTask = new Task<>() {
            @Override
            protected Void call() throws Exception {
                Thread.sleep(60_000);
                return null;
            }
        };
        robot.interact(() -> window.status().track(longTask));
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(longTask.isCancelled(), "Esc cancels the running task");
    }
}

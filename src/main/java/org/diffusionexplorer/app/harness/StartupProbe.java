package org.diffusionexplorer.app.harness;

import java.time.Duration;
import java.time.Instant;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Start-up measurement and the installer's class-data-sharing run. With {@code -Ddiffusionexplorer.startupProbe=true}
 * the app prints {@code first-frame <ms>} on stdout, the time from process start (the OS's, so the launcher and the
 * JVM's own start count) to the first pulse that laid out and rendered the window; with
 * {@code -Ddiffusionexplorer.exitAfterFirstFrame=MS} it quits MS ms after that frame (the AppCDS dump of
 * installer/build-linux.sh records every class a start and a first paint load).
 */
final class StartupProbe {
    static final String PRINT = "diffusionexplorer.startupProbe";
    static final String EXIT = "diffusionexplorer.exitAfterFirstFrame";

    private StartupProbe() {
    }

    static boolean wanted() {
        return Boolean.getBoolean(PRINT) || System.getProperty(EXIT) != null;
    }

    /** Call after {@code stage.show()}. */
    static void attach(Stage stage) {
        Scene scene = stage.getScene();
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            scene.removePostLayoutPulseListener(listener[0]);
            // the pulse that laid the window out renders it right after this listener: report from the next turn
            Platform.runLater(StartupProbe::firstFrame);
        };
        scene.addPostLayoutPulseListener(listener[0]);
    }

    private static void firstFrame() {
        long ms = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        if (Boolean.getBoolean(PRINT)) {
            System.out.println("first-frame " + ms);
            System.out.flush();
        }
        Integer exit = Integer.getInteger(EXIT);
        if (exit != null) {
            PauseTransition wait = new PauseTransition(javafx.util.Duration.millis(Math.max(0, exit)));
            wait.setOnFinished(e -> Platform.exit());
            wait.play();
        }
    }
}

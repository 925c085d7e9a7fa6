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

    private static final StringBuilder PHASES = new StringBuilder();

    private static long sinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
    }

    /** Notes when a start-up phase ended (ms since process start), printed with the first frame. */
    static void mark(String phase) {
        if (wanted()) PHASES.append(PHASES.length() == 0 ? "" : ", ").append(phase).append(' ').append(sinceProcessStart());
    }

    private static void firstFrame() {
        long ms = sinceProcessStart();
        if (Boolean.getBoolean(PRINT)) {
            System.out.println("first-frame " + ms);
            System.out.flush();
            System.err.println("start-up, ms since process start: " + PHASES + ", first frame " + ms);
        }
        Integer exit = Integer.getInteger(EXIT);
        if (exit != null) {
            PauseTransition wait = new PauseTransition(javafx.util.Duration.millis(Math.max(0, exit)));
            wait.setOnFinished(e -> Platform.exit());
            wait.play();
        }
    }
}

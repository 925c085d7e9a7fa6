package org.diffusionexplorer.app;

import javafx.application.Application;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts the JavaFX application; kept apart from {@link Launcher} so the CLI never loads JavaFX classes. */
final class GuiLauncher {
    private GuiLauncher() {
    }

    /** A one-line explanation when no display is available, or null. */
    static String displayProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return null;
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) return null;
        String d = System.getenv("DISPLAY"), w = System.getenv("WAYLAND_DISPLAY");
        if ((d == null || d.isBlank()) && (w == null || w.isBlank())) {
            return "error: no display found (DISPLAY is not set), so the window cannot open. "
                    + "Run it under a virtual display: xvfb-run -a java -jar target/diffusion-explorer.jar, "
                    + "or use a command (java -jar target/diffusion-explorer.jar --help).";
        }
        return null;
    }

    /** Held so the setting sticks (java.util.logging keeps loggers weakly). */
    private static Logger javafxLogger;

    static void launch(String[] args) {
        // JavaFX warns at every start that it runs from the class path ("Unsupported JavaFX configuration"): that is
        // this app's deliberate set-up (STACK.md), so the user sees only real problems
        javafxLogger = Logger.getLogger("javafx");
        javafxLogger.setLevel(Level.SEVERE);
        Application.launch(DiffusionExplorerApp.class, args);
    }
}

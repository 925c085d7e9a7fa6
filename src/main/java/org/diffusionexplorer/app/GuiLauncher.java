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
            String self = selfCommand();
            return "error: no display found (DISPLAY is not set), so the window cannot open. "
                    + "Run it under a virtual display: xvfb-run -a " + self + ", or use a command (" + self + " --help).";
        }
        return null;
    }

    /** How the user started this app: the installed launcher (jpackage sets jpackage.app-path), else the jar. */
    static String selfCommand() {
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher == null || launcher.isBlank()) return "java -jar target/diffusion-explorer.jar";
        return launcher.contains(" ") ? "\"" + launcher + "\"" : launcher;
    }

    /** Held so the setting sticks (java.util.logging keeps loggers weakly). */
    private static Logger javafxLogger;

    static void launch(String[] args) {
        // JavaFX warns at every start that it runs from the class path ("Unsupported JavaFX configuration"): that is
        // this app's deliberate set-up (STACK.md), so the user sees only real problems
        javafxLogger = Logger.getLogger("javafx");
        javafxLogger.setLevel(Level.SEVERE);
        Preload.start(); // settings and the sample image on the other core while the toolkit starts
        try {
            Application.launch(DiffusionExplorerApp.class, args);
        } catch (RuntimeException e) {
            String problem = toolkitProblem(e);
            if (problem == null) throw e;
            System.err.println(problem);
            System.exit(1);
        }
    }

    /**
     * A one-line explanation when the toolkit could not start for a reason the user can fix, else null. On a Linux
     * machine without GTK 3 (a fresh server, a minimal container), JavaFX fails with "Unable to load glass GTK
     * library" and a stack trace.
     */
    static String toolkitProblem(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains("glass GTK library")) { // "Unable to load glass GTK library."; other GTK failures keep their trace
                String self = selfCommand();
                return "error: the window needs GTK 3, which this system does not have (JavaFX: " + m.replaceAll("\\.$", "") + "). Install it "
                        + "(Debian, Ubuntu: apt-get install libgtk-3-0), or use a command (" + self + " --help).";
            }
        }
        return null;
    }
}

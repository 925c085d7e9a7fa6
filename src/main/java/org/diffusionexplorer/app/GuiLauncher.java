package org.diffusionexplorer.app;

import javafx.application.Application;

/** Starts the JavaFX application; kept apart from {@link Launcher} so the CLI never loads JavaFX classes. */
final class GuiLauncher {
    private GuiLauncher() {
    }

    /** A one-line explanation when no display is available, or null. */
    static String displayProblem() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
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

    static void launch(String[] args) {
        Application.launch(DiffusionExplorerApp.class, args);
    }
}

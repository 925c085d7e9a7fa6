package org.diffusionexplorer.app;

import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.main.MainWindow;

import java.util.concurrent.CompletableFuture;

/**
 * Start-up work that does not need the toolkit, done on a second core while JavaFX starts: reading the settings
 * (Jackson's first use costs about 0.25 s), the first {@code String.format}, and decoding the bundled sample image. The window takes both when it is
 * built; without a preload (tests, other entry points) it does the same work itself.
 */
final class Preload {
    private static CompletableFuture<Settings> settings;
    private static CompletableFuture<LoadedImage> sample;

    private Preload() {
    }

    static synchronized void start() {
        if (settings != null) return;
        settings = new CompletableFuture<>();
        sample = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Settings s;
            try {
                s = Settings.load();
                settings.complete(s);
            } catch (Throwable e) {
                settings.completeExceptionally(e);
                sample.complete(null); // the window reads both itself
                return;
            }
            try {
                // the first String.format loads and compiles java.util.Formatter (~0.1 s): here, not on the FX
                // thread's first frame (the readouts format every frame)
                String.format(java.util.Locale.ROOT, "%.5f %.4e %.2f dB %.3g", 0.5, 1e-5, -6.2, 0.25);
                sample.complete(MainWindow.loadSample(s.maxSide()));
            } catch (Throwable e) {
                sample.completeExceptionally(e);
            }
        }, "de-preload");
        t.setDaemon(true);
        t.start();
    }

    /** The settings, from the preload when it ran (and worked), else read now. */
    static synchronized Settings settings() {
        if (settings != null) {
            try {
                return settings.join();
            } catch (RuntimeException e) {
                // read again below: Settings.load reports its own problems
            }
        }
        return Settings.load();
    }

    /**
     * The sample image being decoded, or null when there was no preload; it completes with null when the preload
     * could not get to it (then the window decodes it itself).
     */
    static synchronized CompletableFuture<LoadedImage> sample() {
        return sample;
    }
}

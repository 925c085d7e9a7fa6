package org.diffusionexplorer.app.harness;

import javafx.stage.Stage;
import org.diffusionexplorer.ui.common.FxWatchdog;
import org.diffusionexplorer.ui.main.MainWindow;

import java.nio.file.Path;

/**
 * The in-window harnesses, kept out of the app's start: the timing runs of {@code bench --ui scrub|edit|generate}
 * (each ends with one JSON line), the screenshot tool ({@code -Ddiffusionexplorer.screenshot=FILE}), the start-up
 * probe ({@link StartupProbe}) and the FX-thread watchdog ({@code -Ddiffusionexplorer.fxWatchdog=MS}). The launcher
 * parses {@code bench --ui} here ({@code cli} may not import JavaFX); the app calls {@link #afterShown} once.
 */
public final class Harnesses {
    static final String USAGE = "usage: bench --ui scrub [--size PX] | edit [--T STEPS] | generate";

    private enum Kind { SCRUB, EDIT, GENERATE }

    private static Kind kind;
    private static int value;

    private Harnesses() {
    }

    /** Whether args are a {@code bench --ui} invocation (then {@link #select} takes them). */
    public static boolean isUiBench(String[] args) {
        return args.length >= 2 && args[0].equals("bench") && args[1].equals("--ui");
    }

    /** Chooses the harness of {@code bench --ui HARNESS [--size PX | --T STEPS]}; null when fine, else the error line. */
    public static String select(String[] args) {
        if (args.length < 3) return USAGE;
        String harness = args[2];
        Integer v = null;
        if (args.length == 5 && (args[3].equals("--size") && harness.equals("scrub") || args[3].equals("--T") && harness.equals("edit"))) {
            try {
                v = Integer.parseInt(args[4]);
            } catch (NumberFormatException e) {
                v = -1;
            }
        } else if (args.length != 3) {
            return USAGE;
        }
        switch (harness) {
            case "scrub" -> {
                value = v == null ? 1024 : v;
                if (value < 16 || value > 4096) return "--size must be 16..4096";
                kind = Kind.SCRUB;
            }
            case "edit" -> {
                value = v == null ? 1000 : v;
                if (value < 10 || value > 100_000) return "--T must be 10..100000";
                kind = Kind.EDIT;
            }
            case "generate" -> kind = Kind.GENERATE;
            default -> {
                return "unknown harness '" + harness + "'; " + USAGE;
            }
        }
        return null;
    }

    /** Notes the end of a start-up phase for the start-up probe (nothing unless it was asked for). */
    public static void mark(String phase) {
        StartupProbe.mark(phase);
    }

    /** Runs what was asked for, once the window is shown. */
    public static void afterShown(MainWindow w, Stage stage) {
        if (StartupProbe.wanted()) StartupProbe.attach(stage);
        String shot = System.getProperty("diffusionexplorer.screenshot");
        if (shot != null) Screenshot.afterShown(w, Path.of(shot));
        if (kind == Kind.SCRUB) ScrubBenchmark.run(w, value);
        if (kind == Kind.EDIT) EditBenchmark.run(w, value);
        if (kind == Kind.GENERATE) GenerateBenchmark.run(w);
        Integer watch = Integer.getInteger("diffusionexplorer.fxWatchdog");
        if (watch != null) {
            // every FX-thread block over the threshold, with where it was, printed when the app ends
            var dog = FxWatchdog.start(watch);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                var blocks = dog.blocks();
                System.err.println("FX thread blocks over " + watch + " ms: " + blocks.size());
                for (var b : blocks) System.err.println("  " + b);
            }));
        }
    }

    /**
     * Runs {@code measure} on the FX thread once the start-up's background warm-up is done (the forward frame's vector
     * loops compiled), as {@code bench} measures the frame: the timing benchmarks start from a settled window.
     */
    static void afterWarmUp(String name, Runnable measure) {
        Thread waiter = new Thread(() -> {
            try {
                org.diffusionexplorer.core.forward.FrameRenderer.awaitVectorLoops();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            javafx.application.Platform.runLater(measure);
        }, "de-bench-" + name);
        waiter.setDaemon(true);
        waiter.start();
    }
}

package org.diffusionexplorer.app.harness;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.ui.common.FxBlockProbe;
import org.diffusionexplorer.ui.main.MainWindow;

import java.util.Arrays;
import java.util.Locale;

/**
 * Measures a schedule edit in the real window: with `bench --ui edit --T T` the editor is opened on a
 * hand-drawn schedule with T steps and one control point is moved on every animation pulse; each edit recomputes
 * all tables, the diagnostics, the six plots, the thumbnails and the forward view's x_t. Prints the time per edit.
 * The edits start once the start-up's background work is done (the forward frame's vector loops compiled, as
 * {@code bench} measures the frame): begun at once, the first ~40 edits shared the two cores with the JIT and that
 * warm-up and took 15–27 ms of wall time for 5–9 ms of the FX thread's CPU, which alone set the p95.
 */
final class EditBenchmark {
    private EditBenchmark() {
    }

    static void run(MainWindow w, int steps) {
        Harnesses.afterWarmUp("edit", () -> measure(w, steps));
    }

    private static void measure(MainWindow w, int steps) {
        w.mainView().tabs().getSelectionModel().select(w.scheduleTab());
        w.scheduleModel().apply(ScheduleSpec.Linear.defaults().withSteps(steps));
        w.forwardViewModel().tProperty().set(steps / 2);
        w.scheduleViewModel().convertToCustom();
        int edits = 300;
        long[] ns = new long[edits];
        FxBlockProbe[] probe = new FxBlockProbe[1];
        new AnimationTimer() {
            int i = -20;

            @Override
            public void handle(long now) {
                if (i == 0) probe[0] = FxBlockProbe.start(2);
                double[][] p = w.scheduleViewModel().points();
                int k = p.length / 2;
                long s = System.nanoTime();
                w.scheduleViewModel().beginDrag();
                w.scheduleViewModel().movePoint(k, p[k][0], p[k][1] + (i % 2 == 0 ? 0.05 : -0.05));
                long e = System.nanoTime() - s;
                if (i >= 0) ns[i] = e;
                if (++i >= edits) {
                    stop();
                    probe[0].close();
                    Arrays.sort(ns);
                    System.err.printf(Locale.ROOT, "schedule edit, T = %d: median %.2f ms, p95 %.2f ms, max %.2f ms per edit "
                                    + "(tables, diagnostics, 6 plots, thumbnails, forward x_t), %d edits%n", steps,
                            ns[edits / 2] / 1e6, ns[(int) (edits * 0.95)] / 1e6, ns[edits - 1] / 1e6, edits);
                    System.out.printf(Locale.ROOT, "{\"bench\":\"edit\",\"T\":%d,\"edits\":%d,\"median_ms\":%.2f,\"p95_ms\":%.2f,\"fx_max_block_ms\":%.1f}%n",
                            steps, edits, ns[edits / 2] / 1e6, ns[(int) (edits * 0.95)] / 1e6, probe[0].maxMillis());
                    Platform.exit();
                }
            }
        }.start();
    }
}

package org.diffusionexplorer.app.harness;

import com.sun.prism.GraphicsPipeline;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.ui.common.FxBlockProbe;
import org.diffusionexplorer.ui.main.MainWindow;

import java.util.Arrays;
import java.util.Locale;

/**
 * Measures scrubbing in the real window: with `bench --ui scrub --size SIZE` the app loads a SIZE×SIZE RGB
 * image, advances t by one on every animation pulse from 0 to T−1, and prints the pulse-to-pulse frame time and the
 * time our code spends per frame on the FX thread (asking for the frame, then publishing the rendered pixels,
 * histogram and readouts: {@code fx_work_ms_mean}), how many frames were shown, then exits. Like the edit
 * benchmark, it starts once the start-up's background warm-up is done (the frame's vector loops compiled).
 */
final class ScrubBenchmark {
    private ScrubBenchmark() {
    }

    static void run(MainWindow w, int size) {
        Harnesses.afterWarmUp("scrub", () -> measure(w, size));
    }

    private static void measure(MainWindow w, int size) {
        Tensor smooth = Resample.area(new NoiseSource(5).gaussian(1, 3, 32, 32), size, size);
        for (int i = 0; i < smooth.size(); i++) smooth.data()[i] = (float) Math.tanh(smooth.data()[i]);
        w.forwardViewModel().setImage(new LoadedImage(smooth, size, size, "synthetic", "bench " + size + "×" + size));
        int steps = w.scheduleModel().schedule().steps();
        long[] pulses = new long[steps];
        long[] work = new long[steps];
        var vm = w.forwardViewModel();
        long[] presentStart = new long[2];
        FxBlockProbe[] probe = new FxBlockProbe[1];
        new AnimationTimer() {
            int i = -30; // warm-up pulses
            long last;

            @Override
            public void handle(long now) {
                if (i >= 0 && i < steps) pulses[i] = now - last;
                last = now;
                if (i == 0) {
                    probe[0] = FxBlockProbe.start(2);
                    presentStart[0] = vm.presentNanos();
                    presentStart[1] = vm.presentedFrames();
                }
                long t0 = System.nanoTime();
                w.forwardViewModel().tProperty().set(Math.floorMod(i, steps));
                if (i >= 0 && i < steps) work[i] = System.nanoTime() - t0;
                if (++i >= steps) {
                    stop();
                    probe[0].close();
                    long shown = vm.presentedFrames() - presentStart[1];
                    double present = (vm.presentNanos() - presentStart[0]) / 1e6;
                    report(size, pulses, work);
                    System.err.printf(Locale.ROOT, "FX thread per frame: asking for t %.2f ms + publishing (pixels into the panels, "
                                    + "histogram, readouts) %.2f ms; %d of %d frames shown (the rest superseded by a newer t)%n",
                            Arrays.stream(work).average().orElse(0) / 1e6, present / Math.max(1, shown), shown, steps);
                    double meanPulse = Arrays.stream(Arrays.copyOfRange(pulses, 1, pulses.length)).average().orElse(0) / 1e6;
                    double fxWork = (Arrays.stream(work).sum() / 1e6 + present) / steps;
                    System.out.printf(Locale.ROOT, "{\"bench\":\"scrub\",\"size\":%d,\"frames\":%d,\"frames_shown\":%d,\"fps\":%.1f,"
                                    + "\"shown_fps\":%.1f,\"fx_work_ms_mean\":%.2f,\"fx_max_block_ms\":%.1f}%n",
                            size, pulses.length, shown, 1000 / meanPulse, shown * 1000.0 / (meanPulse * (pulses.length - 1)),
                            fxWork, probe[0].maxMillis());
                    Platform.exit();
                }
            }
        }.start();
    }

    private static void report(int size, long[] pulses, long[] work) {
        System.err.printf(Locale.ROOT, "scrub benchmark, %d×%d RGB, %d frames, pipeline %s%n", size, size, pulses.length,
                GraphicsPipeline.getPipeline() == null ? "?" : GraphicsPipeline.getPipeline().getClass().getSimpleName());
        System.err.println("frame interval (pulse to pulse): " + stats(Arrays.copyOfRange(pulses, 1, pulses.length)));
        System.err.println("asking for t (FX thread): " + stats(work));
    }

    private static String stats(long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT, "mean %.2f ms, median %.2f ms, p95 %.2f ms, max %.2f ms (%.1f fps)",
                mean, s[s.length / 2] / 1e6, s[(int) (s.length * 0.95)] / 1e6, s[s.length - 1] / 1e6, 1000 / mean);
    }
}

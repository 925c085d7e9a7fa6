package org.diffusionexplorer.io.animation;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.image.ImageWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/** Writes the forward process over a range of t as a looping GIF (closed form, one fixed ε). */
public final class ForwardAnimation {
    private ForwardAnimation() {
    }

    /** The timesteps from..to (inclusive, either order) every {@code stride}, always including {@code to}. */
    public static int[] timesteps(int from, int to, int stride) {
        if (stride < 1) throw new IllegalArgumentException("stride must be at least 1 (got " + stride + ")");
        int dir = to >= from ? 1 : -1, n = Math.abs(to - from) / stride + 1;
        boolean addLast = (Math.abs(to - from) % stride) != 0;
        int[] ts = new int[n + (addLast ? 1 : 0)];
        for (int i = 0; i < n; i++) ts[i] = from + dir * i * stride;
        if (addLast) ts[n] = to;
        return ts;
    }

    /**
     * Encodes x_t for each t as a GIF at {@code fps}, written atomically; {@code progress} receives the fraction done,
     * and {@code cancelled} is polled per frame (a cancelled export leaves no file).
     */
    public static void writeGif(Path out, NoiseSchedule s, Tensor x0, Tensor eps, int[] ts, double fps,
                                DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        for (int t : ts) {
            if (t < 0 || t >= s.steps()) throw new IllegalArgumentException("t must be between 0 and " + (s.steps() - 1) + " (got " + t + ")");
        }
        int c = x0.dim(0), h = x0.dim(1), w = x0.dim(2);
        int[] argb = new int[h * w];
        AtomicFiles.write(out, os -> {
            try (GifEncoder gif = new GifEncoder(os, fps, true)) {
                for (int i = 0; i < ts.length; i++) {
                    if (cancelled.getAsBoolean()) throw new CancellationException("export cancelled");
                    int t = ts[i];
                    FrameRenderer.render((float) s.sqrtAlphaBar(t), x0.data(), (float) s.sqrtOneMinusAlphaBar(t), eps.data(), c, argb);
                    gif.addFrame(ImageWriter.toBufferedImage(argb, w, h));
                    progress.accept((i + 1.0) / ts.length);
                }
            }
        });
    }
}

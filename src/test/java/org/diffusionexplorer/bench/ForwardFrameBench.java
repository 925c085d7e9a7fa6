package org.diffusionexplorer.bench;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Histogram;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One forward frame of the scrub: x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε for an RGB image, converted to displayable ARGB
 * (and, as in the window, the signal panel and the histogram). Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args="ForwardFrameBench -f 1 -wi 5 -i 10"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardFrameBench {
    @Param({"1024"})
    public int size;

    float[] x0, eps;
    int[] argb, signal;
    NoiseSchedule schedule;
    int t;

    @Setup
    public void setup() {
        Tensor img = new NoiseSource(1).gaussian(3, 3, size, size);
        for (int i = 0; i < img.size(); i++) img.data()[i] = Math.max(-1f, Math.min(1f, img.data()[i] * 0.5f));
        x0 = img.data();
        eps = ForwardProcess.noise(2, 3, size, size).data();
        argb = new int[size * size];
        signal = new int[size * size];
        schedule = NoiseSchedule.of(ScheduleSpec.Linear.defaults());
    }

    /** x_t to ARGB, fused: the work one scrub step must do (goal ≤ 4 ms for 1024² RGB). */
    @Benchmark
    public int[] xtFrame() {
        t = (t + 7) % 1000;
        FrameRenderer.render((float) schedule.sqrtAlphaBar(t), x0, (float) schedule.sqrtOneMinusAlphaBar(t), eps, 3, argb);
        return argb;
    }

    /** Everything the window computes per t: x_t, the signal panel and the histogram sample. */
    @Benchmark
    public Histogram fullViewUpdate() {
        t = (t + 7) % 1000;
        float a = (float) schedule.sqrtAlphaBar(t), b = (float) schedule.sqrtOneMinusAlphaBar(t);
        FrameRenderer.renderWithSignal(a, x0, b, eps, 3, argb, signal);
        return Histogram.of(a, x0, b, eps, 60, -4, 4, Math.max(1, x0.length / 65536));
    }

    /** The unfused way for comparison: x_t as floats first, then conversion. */
    @Benchmark
    public int[] twoPass() {
        t = (t + 7) % 1000;
        float[] xt = new float[x0.length];
        ForwardProcess.mix((float) schedule.sqrtAlphaBar(t), x0, (float) schedule.sqrtOneMinusAlphaBar(t), eps, xt);
        FrameRenderer.render(1f, xt, 0f, null, 3, argb);
        return argb;
    }
}

package org.diffusionexplorer.core.forward;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.stream.IntStream;

/**
 * The DDPM forward process q(x_t | x_0) = N(√ᾱ_t·x_0, (1−ᾱ_t)·I) (Ho et al. 2020, eq. 4), in closed form:
 * x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε, with one fixed ε for every t.
 */
public final class ForwardProcess {
    /** Arrays longer than this are processed in parallel chunks. */
    static final int PARALLEL_THRESHOLD = 1 << 17;

    private ForwardProcess() {
    }

    /** x_t for the schedule's t. */
    public static Tensor closedForm(NoiseSchedule schedule, int t, Tensor x0, Tensor eps) {
        Tensor out = Tensor.zeros(x0.shape());
        mix((float) schedule.sqrtAlphaBar(t), x0.data(), (float) schedule.sqrtOneMinusAlphaBar(t), eps.data(), out.data());
        return out;
    }

    /** out = a·x + b·e, element-wise; parallel for large arrays. */
    public static void mix(float a, float[] x, float b, float[] e, float[] out) {
        int n = out.length;
        if (x.length != n || e.length != n) throw new IllegalArgumentException("x_0, ε and x_t must have the same size");
        if (n < PARALLEL_THRESHOLD) {
            mixRange(a, x, b, e, out, 0, n);
            return;
        }
        int chunks = Runtime.getRuntime().availableProcessors() * 2;
        int per = (n + chunks - 1) / chunks;
        IntStream.range(0, chunks).parallel().forEach(c -> mixRange(a, x, b, e, out, c * per, Math.min(n, (c + 1) * per)));
    }

    private static void mixRange(float a, float[] x, float b, float[] e, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = a * x[i] + b * e[i];
    }

    /** ε of the given shape for a seed (stream 0 of the {@link NoiseSource}). */
    public static Tensor noise(long seed, int... shape) {
        return new NoiseSource(seed).gaussian(0, shape);
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Drives a denoiser and a sampler from pure noise (or from a given x_t) to clean samples, reporting every step.
 * Reproducible: item k of the batch uses seed + k for its initial noise (stream 0) and its step noise (stream i+1),
 * so a sample does not depend on the batch size it was made in.
 */
public final class SamplingRun {
    private final Denoiser denoiser;
    private final NoiseSchedule schedule;
    private final SamplerKind kind;
    private final SamplerConfig config;
    private final long seed;
    private final int count;
    private Guidance guidance;

    /** Receives the start and each step as it completes (from the sampling thread). */
    @FunctionalInterface
    public interface Listener {
        /** Before the first step: x at grid point 0 (the starting noise, or the given x) and the grid. */
        default void onStart(Tensor xStart, Grid grid) {
        }

        void onStep(StepResult step, int totalSteps);
    }

    public SamplingRun(Denoiser denoiser, NoiseSchedule schedule, SamplerKind kind, SamplerConfig config, long seed, int count) {
        if (count < 1) throw new IllegalArgumentException("count must be at least 1 (got " + count + ")");
        this.denoiser = denoiser;
        this.schedule = schedule;
        this.kind = kind;
        this.config = config;
        this.seed = seed;
        this.count = count;
        kind.create(schedule, config); // validate options now
    }

    /** Guided (or plain conditional) sampling of a class-conditional denoiser; null for unconditional sampling. */
    public SamplingRun withGuidance(Guidance g) {
        if (g != null) {
            if (g.labels().length != count) throw new IllegalArgumentException(g.labels().length + " labels for " + count + " samples");
            if (denoiser.classes() == 0) throw new IllegalArgumentException(denoiser.describe() + " is not class-conditional: --class and --guidance need a conditional model");
            for (int l : g.labels()) if (l < -1 || l >= denoiser.classes()) throw new IllegalArgumentException("class " + l + " outside 0.." + (denoiser.classes() - 1));
        }
        this.guidance = g;
        return this;
    }

    public int[] batchShape() {
        int[] item = denoiser.itemShape();
        int[] s = new int[item.length + 1];
        s[0] = count;
        System.arraycopy(item, 0, s, 1, item.length);
        return s;
    }

    /** x_T: standard normal noise, item k from seed + k. */
    public Tensor initialNoise() {
        return noiseFor(0);
    }

    private Tensor noiseFor(long stream) {
        int[] shape = batchShape();
        int per = Tensor.zeros(shape).size() / count;
        float[] out = new float[per * count];
        for (int k = 0; k < count; k++) System.arraycopy(new NoiseSource(seed + k).gaussian(stream, per), 0, out, k * per, per);
        return new Tensor(out, shape);
    }

    /** Samples from noise; returns the final x_0 batch. */
    public Tensor run(Listener listener, BooleanSupplier cancelled) {
        return runFrom(initialNoise(), listener, cancelled);
    }

    /** Runs the sampler's whole grid starting from the given x at its first grid point. */
    public Tensor runFrom(Tensor xStart, Listener listener, BooleanSupplier cancelled) {
        Sampler sampler = kind.create(schedule, config);
        Estimator est = estimator(denoiser, config.clipX0(), guidance);
        Tensor x = xStart;
        int n = sampler.grid().steps();
        if (listener != null) listener.onStart(x, sampler.grid());
        for (int i = 0; i < n; i++) {
            if (cancelled.getAsBoolean()) throw new CancellationException("sampling cancelled");
            StepResult r = sampler.step(i, x, est, step -> noiseFor(step + 1L));
            x = r.xPrev();
            if (listener != null) listener.onStep(r, n);
        }
        return x;
    }

    /** The grid this run will visit. */
    public Grid grid() {
        return Grid.of(schedule, config);
    }

    /**
     * Model output → x̂_0 and ε̂; with clipping, x̂_0 is clamped to [−1, 1] and ε̂ recomputed from it
     * (as diffusers' DDIM/DDPM schedulers do).
     */
    public static Estimator estimator(Denoiser d, boolean clip) {
        return estimator(d, clip, null);
    }

    /** As {@link #estimator(Denoiser, boolean)}, with classifier-free guidance when g is not null. */
    public static Estimator estimator(Denoiser d, boolean clip, Guidance g) {
        return (x, t, alphaBar) -> {
            int batch = x.dim(0), per = x.size() / batch;
            double[] ts = new double[batch];
            Arrays.fill(ts, t);
            Tensor out = g == null ? d.predict(x, ts) : guided(d, x, ts, g);
            float[] x0 = new float[x.size()], eps = new float[x.size()];
            d.prediction().toX0AndEps(out.data(), x.data(), 0, x.size(), alphaBar, x0, eps);
            if (clip) {
                double a = Math.sqrt(alphaBar), b = Math.sqrt(1 - alphaBar);
                float[] xv = x.data();
                for (int k = 0; k < x0.length; k++) {
                    x0[k] = Math.max(-1f, Math.min(1f, x0[k]));
                    if (b > 0) eps[k] = (float) ((xv[k] - a * x0[k]) / b);
                }
            }
            return new Estimate(new Tensor(x0, x.shape()), new Tensor(eps, x.shape()));
        };
    }

    /** ε̃ = ε(x, ∅) + w·(ε(x, c) − ε(x, ∅)) on the raw outputs; the two branches as one batch of 2N. */
    static Tensor guided(Denoiser d, Tensor x, double[] ts, Guidance g) {
        int n = x.dim(0);
        if (g.labels().length != n) throw new IllegalArgumentException(g.labels().length + " labels for a batch of " + n);
        if (g.scale() == 1) return d.predict(x, ts, g.labels());
        int[] none = new int[n];
        Arrays.fill(none, -1);
        if (g.scale() == 0) return d.predict(x, ts, none);
        int[] shape = x.shape();
        shape[0] = 2 * n;
        float[] both = new float[2 * x.size()];
        System.arraycopy(x.data(), 0, both, 0, x.size());
        System.arraycopy(x.data(), 0, both, x.size(), x.size());
        int[] labels = new int[2 * n];
        System.arraycopy(g.labels(), 0, labels, 0, n);
        System.arraycopy(none, 0, labels, n, n);
        double[] t2 = new double[2 * n];
        System.arraycopy(ts, 0, t2, 0, n);
        System.arraycopy(ts, 0, t2, n, n);
        float[] o = d.predict(new Tensor(both, shape), t2, labels).data();
        float[] out = new float[x.size()];
        double w = g.scale();
        for (int k = 0; k < out.length; k++) {
            float c = o[k], u = o[x.size() + k];
            out[k] = (float) (u + w * (c - u));
        }
        return new Tensor(out, x.shape());
    }

    /**
     * DDIM inversion (η = 0 run backwards, Song et al. 2021 §4.3 / "DDIM inversion"): from a clean x_0 up the grid to
     * its first (noisiest) point, x_{t_{i}} = √ᾱ_i·x̂_0 + √(1−ᾱ_i)·ε̂ with the estimates taken at the previous,
     * less noisy point. Returns x at grid point 0, ready for {@link #runFrom}.
     */
    public static Tensor ddimInvert(Denoiser d, Grid grid, Tensor x0) {
        Estimator est = estimator(d, false);
        int n = grid.steps();
        Tensor x = x0.copy();
        double abCur = 1.0, tCur = -1;
        for (int i = n - 1; i >= 0; i--) {
            double abNext = grid.alphaBar()[i];
            Estimate e;
            if (tCur < 0) {
                // at ᾱ = 1 x is x_0 itself; ε̂ from the model at the first noisy point using x scaled there
                e = est.at(Sampler.combine(Math.sqrt(abNext), x, 0, x, 0, null), grid.t()[i], abNext);
                e = new Estimate(x, e.eps());
            } else {
                e = est.at(x, tCur, abCur);
            }
            x = Sampler.combine(Math.sqrt(abNext), e.x0(), Math.sqrt(1 - abNext), e.eps(), 0, null);
            abCur = abNext;
            tCur = grid.t()[i];
        }
        return x;
    }
}

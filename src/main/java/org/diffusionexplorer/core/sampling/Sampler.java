package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

/**
 * A reverse-process solver over a {@link Grid}. Samplers work in VP space (x = √ᾱ·x_0 + √(1−ᾱ)·ε) at their
 * boundaries; σ-space methods convert internally (x̃ = x/√ᾱ, σ = √((1−ᾱ)/ᾱ)). One instance serves one run
 * (multistep methods keep history).
 *
 * Notation: i is the step, ᾱ = grid.alphaBar[i], ᾱ' = grid.alphaBar[i+1] (1 after the last step), x̂_0 and ε̂
 * the model's estimates at step i, z fresh standard normal noise.
 */
public abstract class Sampler {
    protected final NoiseSchedule schedule;
    protected final SamplerConfig config;
    protected final Grid grid;

    protected Sampler(NoiseSchedule schedule, SamplerConfig config) {
        this.schedule = schedule;
        this.config = config;
        this.grid = Grid.of(schedule, config);
    }

    public Grid grid() { return grid; }

    public SamplerConfig config() { return config; }

    /**
     * Advances x (at grid point i) to grid point i+1. {@code noise} supplies z for stochastic samplers (called at
     * most once per step). The last step returns x̂_0 exactly (ᾱ' = 1), for every sampler.
     */
    public final StepResult step(int i, Tensor x, Estimator model, NoiseSupplier noise) {
        double ab = grid.alphaBar()[i];
        Estimate e = model.at(x, grid.t()[i], ab);
        if (last(i)) return finalStep(i, e, 1);
        Tensor next = advance(i, x, e, ab, grid.alphaBar()[i + 1], model, noise);
        return new StepResult(i, grid.t()[i], tNext(i), next, e.x0(), e.eps(), modelCallsPerStep());
    }

    /** x at grid point i+1 (not the last step) from the model's estimate e at point i, with ᾱ at both points. */
    protected abstract Tensor advance(int i, Tensor x, Estimate e, double ab, double abNext, Estimator model, NoiseSupplier noise);

    /** Model evaluations per step (Heun: 2). */
    protected int modelCallsPerStep() {
        return 1;
    }

    /** Fresh standard normal noise of x's shape for step i. */
    @FunctionalInterface
    public interface NoiseSupplier {
        Tensor z(int step);
    }

    protected final double tNext(int i) {
        return i + 1 < grid.steps() ? grid.t()[i + 1] : -1;
    }

    protected final boolean last(int i) {
        return i == grid.steps() - 1;
    }

    /** out = p·a + q·b (+ r·c if c is not null), element-wise in double, as a new tensor. */
    protected static Tensor combine(double p, Tensor a, double q, Tensor b, double r, Tensor c) {
        float[] x = a.data(), y = b.data(), z = c == null ? null : c.data();
        float[] out = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            double v = p * x[k] + q * y[k];
            if (z != null) v += r * z[k];
            out[k] = (float) v;
        }
        return new Tensor(out, a.shape());
    }

    /** The step that ends on the clean sample: x_{t'} = x̂_0 (every sampler's last step, as ᾱ' = 1). */
    protected final StepResult finalStep(int i, Estimate e, int calls) {
        return new StepResult(i, grid.t()[i], -1, e.x0().copy(), e.x0(), e.eps(), calls);
    }
}

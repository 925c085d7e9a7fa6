package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.runtime.TimeFeatures;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Param;
import org.diffusionexplorer.runtime.engine.Profile;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Denoising training (Ho et al. 2020, Algorithm 1): for each example t ~ U{0..T−1}, ε ~ N(0, I),
 * x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε, loss = mean((f(x_t, t) − target)²) with target ε (or v = √ᾱ·ε − √(1−ᾱ)·x_0).
 * Adam (Kingma and Ba 2015) with linear warm-up, global-norm gradient clipping, and an EMA of the weights.
 *
 * Reproducible and resumable: the batch of step s (data order, t, ε, flips) is a pure function of (seed, s), so a
 * resumed run that restores the weights, EMA and Adam moments continues exactly as an uninterrupted run.
 */
public final class Trainer {
    private static final double BETA1 = 0.9, BETA2 = 0.999, ADAM_EPS = 1e-8;

    private final TrainConfig config;
    private final Dataset data;
    private final EngineModel model;
    private final NoiseSchedule schedule;
    private final float[][] ema, adamM, adamV;
    private int step;
    private int[] perm;
    private long permEpoch = -1;

    /** Reports each finished step (from the training thread). */
    public interface Listener {
        void onStep(int step, double loss, Trainer trainer);
    }

    public Trainer(TrainConfig config, Dataset data, EngineModel model) {
        this.config = config;
        this.data = data;
        this.model = model;
        this.schedule = NoiseSchedule.of(config.schedule());
        int n = model.params().size();
        ema = new float[n][];
        adamM = new float[n][];
        adamV = new float[n][];
        for (int i = 0; i < n; i++) {
            Param p = model.params().get(i);
            ema[i] = p.value.clone();
            adamM[i] = new float[p.size()];
            adamV[i] = new float[p.size()];
        }
        if (config.conditional() && (!data.labelled() || model.classes() != data.classes().size())) {
            throw new IllegalArgumentException(data.labelled() ? "the network has " + model.classes() + " classes, the data " + data.classes().size()
                    : data.name() + " has no classes to condition on (conditional training needs labelled data: fashion-mnist, toy:moons, toy:8gaussians, toy:circles)");
        }
        int[] shape = model.itemShape();
        if (!Arrays.equals(shape, data.itemShape())) {
            throw new IllegalArgumentException("the data's item shape " + Arrays.toString(data.itemShape())
                    + " does not match the model's " + Arrays.toString(shape));
        }
    }

    public TrainConfig config() { return config; }
    public EngineModel model() { return model; }
    public int step() { return step; }
    public NoiseSchedule schedule() { return schedule; }
    float[][] ema() { return ema; }
    float[][] adamM() { return adamM; }
    float[][] adamV() { return adamV; }

    void restore(int step) {
        this.step = step;
    }

    /** Trains until config.steps(), reporting every step; cancellation leaves a consistent state at a step boundary. */
    public void run(Listener listener, BooleanSupplier cancelled) {
        while (step < config.steps()) {
            if (cancelled.getAsBoolean()) throw new CancellationException("training cancelled at step " + step);
            double loss = trainStep();
            if (listener != null) listener.onStep(step, loss, this);
        }
    }

    /** One optimisation step; returns the batch loss. */
    public double trainStep() {
        int b = config.batch(), per = data.itemSize(), T = schedule.steps();
        long t0 = Profile.start();
        SplittableRandom rng = new NoiseSource(config.seed()).random(1_000_000L + step);
        float[] eps = new NoiseSource(config.seed() ^ 0x5DEECE66DL).gaussian(step, b * per);
        float[] x0 = new float[b * per], xt = new float[b * per], target = new float[b * per];
        double[] ts = new double[b];
        int[] labels = config.conditional() ? new int[b] : null;
        // label dropout draws come from their own stream, so an unconditional run's batches are unchanged
        SplittableRandom drop = labels == null ? null : new NoiseSource(config.seed() ^ 0x1ABE1L).random(step);
        for (int j = 0; j < b; j++) {
            long g = (long) step * b + j;
            int idx = index(g);
            if (labels != null) labels[j] = drop.nextDouble() < config.labelDropout() ? -1 : data.labels()[idx];
            data.copyItem(idx, x0, j * per, config.flip() && rng.nextBoolean());
            int t = rng.nextInt(T);
            ts[j] = t;
            double a = schedule.sqrtAlphaBar(t), s = schedule.sqrtOneMinusAlphaBar(t);
            for (int k = j * per; k < (j + 1) * per; k++) {
                xt[k] = (float) (a * x0[k] + s * eps[k]);
                target[k] = config.prediction().target(x0[k], eps[k], a, s);
            }
        }
        model.zeroGrad();
        t0 = Profile.lap("train.batch", t0);
        float[] out = model.forward(xt, b, TimeFeatures.of(ts, model.timeFeatures()), labels, true);
        double loss = 0;
        t0 = Profile.start();
        float[] grad = new float[out.length];
        float scale = 2f / out.length;
        for (int k = 0; k < out.length; k++) {
            float d = out[k] - target[k];
            loss += (double) d * d;
            grad[k] = scale * d;
        }
        loss /= out.length;
        if (!Double.isFinite(loss)) throw new IllegalStateException("the loss became " + loss + " at step " + step + " (try a lower --lr)");
        t0 = Profile.lap("train.loss", t0);
        model.backward(grad, b);
        t0 = Profile.start();
        update();
        Profile.lap("train.adam+ema", t0);
        step++;
        return loss;
    }

    /** The data index at global position g: epoch e = g / n uses a seeded permutation of the data. */
    private int index(long g) {
        int n = data.size();
        long epoch = g / n;
        if (epoch != permEpoch) {
            perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            SplittableRandom r = new NoiseSource(config.seed()).random(epoch);
            for (int i = n - 1; i > 0; i--) {
                int k = r.nextInt(i + 1), tmp = perm[i];
                perm[i] = perm[k];
                perm[k] = tmp;
            }
            permEpoch = epoch;
        }
        return perm[(int) (g % n)];
    }

    private void update() {
        var params = model.params();
        double norm2 = 0;
        for (Param p : params) for (float g : p.grad) norm2 += (double) g * g;
        double norm = Math.sqrt(norm2), clipScale = config.clip() > 0 && norm > config.clip() ? config.clip() / norm : 1.0;
        int s = step + 1;
        double lr = config.lr() * (config.warmup() > 0 ? Math.min(1.0, (double) s / config.warmup()) : 1.0);
        double bc1 = 1 - Math.pow(BETA1, s), bc2 = 1 - Math.pow(BETA2, s);
        double decay = Math.min(config.emaDecay(), (1.0 + step) / (10.0 + step));
        float fb1 = (float) BETA1, fb2 = (float) BETA2, cs = (float) clipScale;
        float stepSize = (float) (lr / bc1), invBc2 = (float) (1 / bc2), fd = (float) decay, eps = (float) ADAM_EPS;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            float[] v = p.value, g = p.grad, m = adamM[i], vv = adamV[i], e = ema[i];
            for (int k = 0; k < v.length; k++) {
                float gk = g[k] * cs;
                m[k] = fb1 * m[k] + (1 - fb1) * gk;
                vv[k] = fb2 * vv[k] + (1 - fb2) * gk * gk;
                v[k] -= stepSize * m[k] / ((float) Math.sqrt(vv[k] * invBc2) + eps);
                e[k] = fd * e[k] + (1 - fd) * v[k];
            }
        }
    }

    /** Copies the EMA weights into a model of the same architecture (for previews and the final bundle). */
    public void copyEmaInto(EngineModel target) {
        for (int i = 0; i < ema.length; i++) System.arraycopy(ema[i], 0, target.params().get(i).value, 0, ema[i].length);
    }
}

package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.ScheduleSpec;

/**
 * Hyper-parameters of a training run. Everything that changes the result is here, so a resumed run can check that
 * it continues the same run.
 *
 * @param lr           Adam learning rate after warm-up
 * @param warmup       linear warm-up steps
 * @param clip         global gradient-norm clip (0: off)
 * @param emaDecay     EMA decay of the weights (the EMA weights are saved), warmed up as min(decay, (1+s)/(10+s))
 * @param flip         random horizontal flips (images)
 * @param labelDropout conditional training: the probability that an item's class is replaced by "no class", so one
 *                     network learns ε(x_t, c) and ε(x_t, ∅) (classifier-free guidance); −1 for an unconditional run
 */
public record TrainConfig(String data, ScheduleSpec schedule, Prediction prediction, int steps, int batch, double lr,
                          int warmup, double clip, double emaDecay, long seed, boolean flip, int checkpointEvery, double labelDropout) {
    /** An unconditional run. */
    public TrainConfig(String data, ScheduleSpec schedule, Prediction prediction, int steps, int batch, double lr,
                       int warmup, double clip, double emaDecay, long seed, boolean flip, int checkpointEvery) {
        this(data, schedule, prediction, steps, batch, lr, warmup, clip, emaDecay, seed, flip, checkpointEvery, -1);
    }

    public boolean conditional() {
        return labelDropout >= 0;
    }

    public TrainConfig {
        if (!(labelDropout == -1 || (labelDropout >= 0 && labelDropout < 1))) throw new IllegalArgumentException("label dropout must be in [0, 1) (got " + labelDropout + ")");
        if (steps < 1 || steps > 100_000_000) throw new IllegalArgumentException("steps must be between 1 and 100000000 (got " + steps + ")");
        if (batch < 1 || batch > 4096) throw new IllegalArgumentException("batch must be between 1 and 4096 (got " + batch + ")");
        if (!(lr > 0 && lr < 1)) throw new IllegalArgumentException("lr must be in (0, 1) (got " + lr + ")");
        if (warmup < 0) throw new IllegalArgumentException("warmup must be ≥ 0");
        if (!(clip >= 0)) throw new IllegalArgumentException("clip must be ≥ 0");
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("ema must be in [0, 1) (got " + emaDecay + ")");
        if (checkpointEvery < 1) throw new IllegalArgumentException("checkpoint-every must be ≥ 1");
    }

    /** The same run, continued to a new final step count (what --resume may change). */
    public TrainConfig withSteps(int s) {
        return new TrainConfig(data, schedule, prediction, s, batch, lr, warmup, clip, emaDecay, seed, flip, checkpointEvery, labelDropout);
    }
}

package org.diffusionexplorer.core.forward;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Map;
import java.util.TreeMap;

/**
 * The forward process step by step, q(x_t | x_{t−1}) = N(√(1−β_t)·x_{t−1}, β_t·I) (Ho et al. 2020, eq. 2), starting
 * from x_{−1} = x_0 (so the state at index t has the same marginal as the closed form's x_t). Step t draws z_t from
 * stream t+1 of the seeded {@link NoiseSource}, so a path is reproducible and scrubbing back and forth replays it.
 * States are cached every {@code checkpointEvery} steps so that moving t costs at most that many steps.
 */
public final class MarkovChain {
    private final NoiseSchedule schedule;
    private final Tensor x0;
    private final NoiseSource noise;
    private final int checkpointEvery;
    private final TreeMap<Integer, float[]> checkpoints = new TreeMap<>();
    private int currentT = -1;
    private float[] current;
    private final float[] z;

    public MarkovChain(NoiseSchedule schedule, Tensor x0, long seed, int checkpointEvery) {
        this.schedule = schedule;
        this.x0 = x0;
        this.noise = new NoiseSource(seed);
        this.checkpointEvery = Math.max(1, checkpointEvery);
        this.current = x0.data().clone();
        this.z = new float[x0.size()];
    }

    public MarkovChain(NoiseSchedule schedule, Tensor x0, long seed) {
        this(schedule, x0, seed, 25);
    }

    /** The state x_t after steps 0..t (t = −1 gives x_0). */
    public Tensor at(int t) {
        if (t < -1 || t >= schedule.steps()) throw new IllegalArgumentException("t out of range: " + t);
        if (t < currentT) {
            Map.Entry<Integer, float[]> e = checkpoints.floorEntry(t);
            if (e == null) {
                currentT = -1;
                current = x0.data().clone();
            } else {
                currentT = e.getKey();
                current = e.getValue().clone();
            }
        }
        while (currentT < t) {
            int s = currentT + 1;
            noise.fill(s + 1L, z);
            ForwardProcess.mix((float) Math.sqrt(1 - schedule.beta(s)), current, (float) Math.sqrt(schedule.beta(s)), z, current);
            currentT = s;
            if (s % checkpointEvery == 0 && !checkpoints.containsKey(s)) checkpoints.put(s, current.clone());
        }
        return new Tensor(current.clone(), x0.shape());
    }
}

package org.diffusionexplorer.core.schedule;

import java.util.Locale;

/**
 * Which timesteps a sampler with N steps visits, as diffusers' {@code set_timesteps} (descending order).
 * The step after entry i goes to entry i+1, and the step after the last entry goes to ᾱ = 1.
 */
public enum TimestepSpacing {
    /** round(linspace(0, T−1, N)) reversed (round half to even, as numpy). */
    LINSPACE,
    /** arange(N)·(T//N) reversed, plus an offset; never visits T−1. */
    LEADING,
    /** round(arange(T, 0, −T/N)) − 1: always starts at T−1. */
    TRAILING;

    public int[] timesteps(int trainSteps, int n) {
        return timesteps(trainSteps, n, 0);
    }

    public int[] timesteps(int trainSteps, int n, int offset) {
        if (n < 1 || n > trainSteps) {
            throw new IllegalArgumentException("steps must be between 1 and T = " + trainSteps + " (got " + n + ")");
        }
        if (offset < 0 || offset >= trainSteps) {
            throw new IllegalArgumentException("steps_offset must be between 0 and " + (trainSteps - 1) + " (got " + offset + ")");
        }
        int[] ts = new int[n];
        switch (this) {
            case LINSPACE -> {
                for (int i = 0; i < n; i++) {
                    double v = n == 1 ? 0 : (double) (trainSteps - 1) * i / (n - 1);
                    ts[n - 1 - i] = (int) Math.rint(v) + offset;
                }
            }
            case LEADING -> {
                int ratio = trainSteps / n;
                for (int i = 0; i < n; i++) ts[n - 1 - i] = i * ratio + offset;
            }
            case TRAILING -> {
                double ratio = (double) trainSteps / n;
                for (int i = 0; i < n; i++) ts[i] = (int) Math.rint(trainSteps - i * ratio) - 1;
            }
        }
        for (int i = 0; i < n; i++) ts[i] = Math.min(trainSteps - 1, ts[i]);
        return ts;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TimestepSpacing parse(String s) {
        for (TimestepSpacing v : values()) if (v.cliName().equalsIgnoreCase(s)) return v;
        throw new IllegalArgumentException("spacing must be one of linspace, leading, trailing (got '" + s + "')");
    }
}

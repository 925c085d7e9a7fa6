package org.diffusionexplorer.runtime;

import java.util.Arrays;

/**
 * The UNet's hyper-parameters (DDPM-style, Ho et al. 2020): image size and channels, base width, a width multiplier
 * per resolution level, residual blocks per level, GroupNorm groups, the time-embedding size, and optional
 * self-attention at the lowest resolution; with {@code classes} &gt; 0, a class embedding (plus a "no class" row)
 * added to the time embedding, for classifier-free guidance.
 */
public record UNetConfig(int channels, int size, int base, int[] multipliers, int resBlocks, int groups,
                         int timeFeatures, boolean attention, int classes) {
    /** Bounds that keep every size in int range and a network within reach of a desktop (see Architectures.MAX_PARAMETERS). */
    public static final int MAX_MULTIPLIER = 64, MAX_WIDTH = 4096, MAX_TIME_FEATURES = 4096;

    /** An unconditional UNet. */
    public UNetConfig(int channels, int size, int base, int[] multipliers, int resBlocks, int groups, int timeFeatures, boolean attention) {
        this(channels, size, base, multipliers, resBlocks, groups, timeFeatures, attention, 0);
    }

    public UNetConfig {
        if (classes < 0 || classes > 1000) throw new IllegalArgumentException("classes must be 0 (unconditional) to 1000 (got " + classes + ")");
        if (channels < 1 || channels > 4) throw new IllegalArgumentException("channels must be 1..4 (got " + channels + ")");
        if (size < 4 || size > 256) throw new IllegalArgumentException("size must be 4..256 (got " + size + ")");
        if (base < 4 || base > 512) throw new IllegalArgumentException("base must be 4..512 (got " + base + ")");
        if (multipliers == null || multipliers.length < 1 || multipliers.length > 5) throw new IllegalArgumentException("multipliers: 1 to 5 levels");
        if (resBlocks < 1 || resBlocks > 4) throw new IllegalArgumentException("res_blocks must be 1..4 (got " + resBlocks + ")");
        if (groups < 1 || groups > base) throw new IllegalArgumentException("groups must be 1..base (got " + groups + ")");
        int s = size;
        for (int i = 0; i < multipliers.length; i++) {
            if (multipliers[i] < 1 || multipliers[i] > MAX_MULTIPLIER) {
                throw new IllegalArgumentException("every multiplier must be 1.." + MAX_MULTIPLIER + " (got " + multipliers[i] + ")");
            }
            int w = base * multipliers[i];
            if (w > MAX_WIDTH) throw new IllegalArgumentException("level width base × multiplier must be at most " + MAX_WIDTH + " (got " + w + ")");
            if (w % groups != 0) throw new IllegalArgumentException("every level width (base × multiplier) must be divisible by groups = " + groups);
            if (i < multipliers.length - 1) {
                if (s % 2 != 0) throw new IllegalArgumentException("size " + size + " cannot be halved " + (multipliers.length - 1) + " times");
                s /= 2;
            }
        }
        if (timeFeatures < 4 || timeFeatures > MAX_TIME_FEATURES || timeFeatures % 2 != 0) {
            throw new IllegalArgumentException("time_features must be even and 4.." + MAX_TIME_FEATURES + " (got " + timeFeatures + ")");
        }
        multipliers = multipliers.clone();
    }

    /** The width of level i. */
    public int width(int level) {
        return base * multipliers[level];
    }

    /** The same network with a class embedding of {@code n} classes (0: unconditional). */
    public UNetConfig withClasses(int n) {
        return new UNetConfig(channels, size, base, multipliers, resBlocks, groups, timeFeatures, attention, n);
    }

    public int timeEmbedding() {
        return base * 4;
    }

    @Override public int[] multipliers() { return multipliers.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof UNetConfig c && c.channels == channels && c.size == size && c.base == base
                && Arrays.equals(c.multipliers, multipliers) && c.resBlocks == resBlocks && c.groups == groups
                && c.timeFeatures == timeFeatures && c.attention == attention && c.classes == classes;
    }

    @Override public int hashCode() { return Arrays.hashCode(multipliers) * 31 + base * 7 + size; }

    @Override public String toString() {
        return "UNet[" + channels + "×" + size + "², base " + base + ", mult " + Arrays.toString(multipliers) + ", "
                + resBlocks + " res/level, groups " + groups + (attention ? ", attention" : "") + (classes > 0 ? ", " + classes + " classes" : "") + "]";
    }
}

package org.diffusionexplorer.runtime;

/**
 * The 2-D toy model: an MLP on (x, time features) with {@code depth} hidden layers of {@code width} and SiLU; with
 * {@code classes} &gt; 0, a class embedding (plus a "no class" row) added to the first layer's pre-activation.
 */
public record MlpConfig(int dim, int width, int depth, int timeFeatures, int classes) {
    /** An unconditional MLP. */
    public MlpConfig(int dim, int width, int depth, int timeFeatures) {
        this(dim, width, depth, timeFeatures, 0);
    }

    public MlpConfig withClasses(int n) {
        return new MlpConfig(dim, width, depth, timeFeatures, n);
    }

    public MlpConfig {
        if (classes < 0 || classes > 1000) throw new IllegalArgumentException("classes must be 0 (unconditional) to 1000 (got " + classes + ")");
        if (dim < 1 || dim > 16) throw new IllegalArgumentException("dim must be 1..16");
        if (width < 8 || width > 4096) throw new IllegalArgumentException("width must be 8..4096");
        if (depth < 1 || depth > 12) throw new IllegalArgumentException("depth must be 1..12");
        if (timeFeatures < 4 || timeFeatures > UNetConfig.MAX_TIME_FEATURES || timeFeatures % 2 != 0) {
            throw new IllegalArgumentException("time_features must be even and 4.." + UNetConfig.MAX_TIME_FEATURES + " (got " + timeFeatures + ")");
        }
    }
}

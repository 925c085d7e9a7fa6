package org.diffusionexplorer.runtime;

/**
 * Sinusoidal timestep features (Vaswani et al. 2017, as in the DDPM UNet): for k &lt; D/2,
 * f_k = sin(t·ω_k), f_{D/2+k} = cos(t·ω_k), ω_k = 10000^{−k/(D/2−1)}. Computed in Java, fed to the graph.
 */
public final class TimeFeatures {
    private TimeFeatures() {
    }

    public static float[] of(double[] t, int dim) {
        int half = dim / 2;
        float[] out = new float[t.length * dim];
        for (int b = 0; b < t.length; b++) {
            for (int k = 0; k < half; k++) {
                double w = Math.exp(-Math.log(10000) * k / Math.max(1, half - 1));
                out[b * dim + k] = (float) Math.sin(t[b] * w);
                out[b * dim + half + k] = (float) Math.cos(t[b] * w);
            }
        }
        return out;
    }
}

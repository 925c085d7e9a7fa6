package org.diffusionexplorer.core.model;

import java.util.Locale;

/**
 * What a denoiser outputs, and the conversions to x̂_0 and ε̂ (shared/DIFFUSION.md, "Model parameterisations"),
 * with a = √ᾱ_t and b = √(1−ᾱ_t):
 * <pre>
 * EPSILON  x̂_0 = (x_t − b·ε̂)/a
 * SAMPLE   x̂_0 = output,              ε̂ = (x_t − a·x̂_0)/b
 * V        x̂_0 = a·x_t − b·v̂,         ε̂ = a·v̂ + b·x_t      (Salimans and Ho 2022)
 * </pre>
 */
public enum Prediction {
    EPSILON("epsilon"), SAMPLE("sample"), V("v_prediction");

    public final String configName;

    Prediction(String configName) {
        this.configName = configName;
    }

    public static Prediction parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (Prediction p : values()) if (p.configName.equals(k) || p.name().equalsIgnoreCase(k)) return p;
        if (k.equals("eps") || k.equals("x0") || k.equals("v")) return k.equals("eps") ? EPSILON : k.equals("x0") ? SAMPLE : V;
        throw new IllegalArgumentException("prediction must be one of epsilon, sample, v_prediction (got '" + s + "')");
    }

    /**
     * Converts one item's model output to x̂_0 and ε̂ (written into x0Out and epsOut) at ᾱ = alphaBar.
     * Where ᾱ = 0 (zero terminal SNR) an ε-model cannot give x̂_0; it is then taken as 0, the mean of data in [−1, 1].
     */
    public void toX0AndEps(float[] out, float[] x, int from, int len, double alphaBar, float[] x0Out, float[] epsOut) {
        double a = Math.sqrt(alphaBar), b = Math.sqrt(1 - alphaBar);
        for (int i = from; i < from + len; i++) {
            double o = out[i], xt = x[i], x0, eps;
            switch (this) {
                case EPSILON -> {
                    eps = o;
                    x0 = a > 0 ? (xt - b * o) / a : 0.0;
                }
                case SAMPLE -> {
                    x0 = o;
                    eps = b > 0 ? (xt - a * o) / b : 0.0;
                }
                default -> {
                    x0 = a * xt - b * o;
                    eps = a * o + b * xt;
                }
            }
            x0Out[i] = (float) x0;
            epsOut[i] = (float) eps;
        }
    }

    /** The training target for this parameterisation: ε, x_0 or v = a·ε − b·x_0. */
    public float target(float x0, float eps, double a, double b) {
        return switch (this) {
            case EPSILON -> eps;
            case SAMPLE -> x0;
            case V -> (float) (a * eps - b * x0);
        };
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.schedule.KarrasSigmas;
import org.diffusionexplorer.core.schedule.NoiseSchedule;

/**
 * The points a sampler visits: model timesteps t_0 &gt; t_1 &gt; … &gt; t_{N−1} (fractional on a Karras grid) and
 * ᾱ at each, with ᾱ_N = 1 after the last step (σ = 0, the clean sample). Step i goes from t_i to the next entry of
 * this array, never to t_i − T/N (diffusers issue #9261).
 */
public record Grid(double[] t, double[] alphaBar) {
    public int steps() { return t.length; }

    public double sigma(int i) {
        double ab = alphaBar[i];
        return ab >= 1 ? 0.0 : Math.sqrt((1 - ab) / ab);
    }

    public static Grid of(NoiseSchedule s, SamplerConfig c) {
        int n = c.steps();
        if (n > s.steps()) throw new IllegalArgumentException("steps must be between 1 and T = " + s.steps() + " (got " + n + ")");
        double[] t = new double[n], ab = new double[n + 1];
        if (c.karras()) {
            double min = Double.isNaN(c.sigmaMin()) ? s.sigma(0) : c.sigmaMin();
            double max = Double.isNaN(c.sigmaMax()) ? finiteMaxSigma(s) : c.sigmaMax();
            double[] sig = KarrasSigmas.grid(n, min, max, c.rho());
            for (int i = 0; i < n; i++) {
                t[i] = KarrasSigmas.timestepForSigma(s, sig[i]);
                ab[i] = 1 / (1 + sig[i] * sig[i]);
            }
        } else {
            int[] ts = c.spacing().timesteps(s.steps(), n, c.stepsOffset());
            for (int i = 0; i < n; i++) {
                t[i] = ts[i];
                ab[i] = s.alphaBar(ts[i]);
            }
        }
        ab[n] = 1.0;
        return new Grid(t, ab);
    }

    private static double finiteMaxSigma(NoiseSchedule s) {
        double m = s.sigma(s.steps() - 1);
        return Double.isFinite(m) ? m : s.sigma(s.steps() - 2);
    }
}

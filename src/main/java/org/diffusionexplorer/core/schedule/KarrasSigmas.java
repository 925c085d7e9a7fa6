package org.diffusionexplorer.core.schedule;

/**
 * The EDM noise-level grid (Karras et al. 2022, eq. 5):
 * σ_i = (σ_max^{1/ρ} + i/(N−1)·(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ, i = 0..N−1, followed by σ_N = 0.
 */
public final class KarrasSigmas {
    public static final double DEFAULT_RHO = 7.0;

    private KarrasSigmas() {
    }

    public static double[] grid(int n, double sigmaMin, double sigmaMax, double rho) {
        if (n < 1) throw new IllegalArgumentException("steps must be at least 1 (got " + n + ")");
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException("need 0 < sigma_min < sigma_max < ∞ (got " + sigmaMin + ", " + sigmaMax + ")");
        }
        if (!(rho > 0 && rho <= 100)) throw new IllegalArgumentException("rho must be in (0, 100] (got " + rho + ")");
        double[] s = new double[n + 1];
        double a = Math.pow(sigmaMax, 1 / rho), b = Math.pow(sigmaMin, 1 / rho);
        for (int i = 0; i < n; i++) {
            double r = n == 1 ? 0 : (double) i / (n - 1);
            s[i] = Math.pow(a + r * (b - a), rho);
        }
        s[n] = 0;
        return s;
    }

    /** The grid with σ_min and σ_max of a schedule (its σ at t = 0 and t = T−1; infinite σ is not allowed). */
    public static double[] grid(int n, NoiseSchedule schedule, double rho) {
        double max = schedule.sigma(schedule.steps() - 1);
        if (!Double.isFinite(max)) max = schedule.sigma(schedule.steps() - 2);
        return grid(n, schedule.sigma(0), max, rho);
    }

    /**
     * The fractional timestep whose σ equals the given one, interpolating linearly in log σ between the table's
     * entries (as k-diffusion's sigma_to_t); clamps to [0, T−1].
     */
    public static double timestepForSigma(NoiseSchedule schedule, double sigma) {
        int n = schedule.steps();
        double ls = Math.log(sigma);
        if (sigma <= schedule.sigma(0)) return 0;
        int lo = 0, hi = n - 1;
        if (sigma >= schedule.sigma(hi)) return hi;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (schedule.sigma(mid) <= sigma) lo = mid; else hi = mid;
        }
        double l0 = Math.log(schedule.sigma(lo)), l1 = Math.log(schedule.sigma(hi));
        return lo + (ls - l0) / (l1 - l0);
    }
}

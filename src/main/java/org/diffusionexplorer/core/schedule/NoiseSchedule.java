package org.diffusionexplorer.core.schedule;

import static org.diffusionexplorer.core.schedule.InvalidScheduleException.require;

/**
 * Immutable, validated tables of a discrete diffusion schedule for t = 0..T−1 (0-based as in diffusers).
 *
 * <pre>
 * beta[t]              β_t
 * alpha[t]             α_t = 1 − β_t
 * alphaBar[t]          ᾱ_t = ∏_{s≤t} α_s                       forward process, samplers
 * sqrtAlphaBar[t]      √ᾱ_t                                    forward process (signal scale)
 * sqrtOneMinusAlphaBar √(1−ᾱ_t)                                forward process (noise scale)
 * logSnr[t]            λ_t = ln ᾱ_t − ln(1−ᾱ_t)                 plots, DPM-Solver
 * sigma[t]             σ_t = √((1−ᾱ_t)/ᾱ_t)                     Euler/Heun/Karras samplers
 * posteriorVariance[t] β̃_t = (1−ᾱ_{t−1})/(1−ᾱ_t)·β_t, β̃_0 = 0     DDPM "fixed small" (Ho et al. eq. 7)
 * </pre>
 */
public final class NoiseSchedule {
    private final ScheduleSpec spec;
    private final double[] beta, alpha, alphaBar, sqrtAlphaBar, sqrtOneMinusAlphaBar, logSnr, sigma, posteriorVariance;

    private NoiseSchedule(ScheduleSpec spec, double[] beta) {
        this.spec = spec;
        int n = beta.length;
        this.beta = beta;
        alpha = new double[n];
        alphaBar = new double[n];
        sqrtAlphaBar = new double[n];
        sqrtOneMinusAlphaBar = new double[n];
        logSnr = new double[n];
        sigma = new double[n];
        posteriorVariance = new double[n];
        // ᾱ via Σ log(1−β) so that log-SNR and σ stay finite where ᾱ underflows (long schedules, T up to 100 000)
        double logAb = 0.0;
        for (int t = 0; t < n; t++) {
            alpha[t] = 1.0 - beta[t];
            logAb += Math.log1p(-beta[t]);
            double ab = Math.exp(logAb);
            alphaBar[t] = ab;
            sqrtAlphaBar[t] = Math.exp(0.5 * logAb);
            sqrtOneMinusAlphaBar[t] = Math.sqrt(-Math.expm1(logAb));
            logSnr[t] = logAb - Math.log(-Math.expm1(logAb));
            sigma[t] = Math.exp(-0.5 * logSnr[t]);
            double prev = t == 0 ? 1.0 : alphaBar[t - 1];
            posteriorVariance[t] = (1.0 - prev) / (1.0 - ab) * beta[t];
        }
    }

    /** Builds and validates the tables of a spec, with the zero-terminal-SNR rescale if the spec asks for it. */
    public static NoiseSchedule of(ScheduleSpec spec) {
        double[] beta = spec.rawBetas();
        if (spec.zeroTerminalSnr()) beta = rescaleZeroTerminalSnr(beta);
        validate(beta, spec.zeroTerminalSnr());
        return new NoiseSchedule(spec, beta);
    }

    /**
     * Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are Flawed", Algorithm 1:
     * shift and scale √ᾱ so that √ᾱ_{T−1} = 0 while √ᾱ_0 is kept, then recover β.
     */
    static double[] rescaleZeroTerminalSnr(double[] beta) {
        int n = beta.length;
        double[] s = new double[n];
        double prod = 1.0;
        for (int t = 0; t < n; t++) {
            prod *= 1.0 - beta[t];
            s[t] = Math.sqrt(prod);
        }
        double s0 = s[0], sLast = s[n - 1];
        require(s0 > sLast, "zero_terminal_snr needs ᾱ to decrease over the schedule");
        for (int t = 0; t < n; t++) s[t] = (s[t] - sLast) * s0 / (s0 - sLast);
        double[] out = new double[n];
        double prevAlphaBar = 1.0;
        for (int t = 0; t < n; t++) {
            double ab = s[t] * s[t];
            out[t] = 1.0 - ab / prevAlphaBar;
            prevAlphaBar = ab;
        }
        out[n - 1] = 1.0; // exactly, not 1 − 0/x rounding
        return out;
    }

    private static void validate(double[] beta, boolean zeroTerminalSnr) {
        int n = beta.length;
        require(n >= ScheduleSpec.MIN_STEPS && n <= ScheduleSpec.MAX_STEPS,
                "steps (T) must be between " + ScheduleSpec.MIN_STEPS + " and " + ScheduleSpec.MAX_STEPS + " (got " + n + ")");
        for (int t = 0; t < n; t++) {
            double b = beta[t];
            boolean lastRescaled = zeroTerminalSnr && t == n - 1;
            if (lastRescaled) {
                require(b == 1.0, "beta[" + t + "] must be 1 after the zero-terminal-SNR rescale (got " + b + ")");
            } else {
                require(Double.isFinite(b) && b > 0 && b < 1,
                        "beta[" + t + "] must be greater than 0 and less than 1 (got " + b + "); ᾱ must decrease strictly");
            }
        }
    }

    public ScheduleSpec spec() { return spec; }
    public int steps() { return beta.length; }
    public double beta(int t) { return beta[t]; }
    public double alpha(int t) { return alpha[t]; }
    public double alphaBar(int t) { return alphaBar[t]; }
    public double sqrtAlphaBar(int t) { return sqrtAlphaBar[t]; }
    public double sqrtOneMinusAlphaBar(int t) { return sqrtOneMinusAlphaBar[t]; }
    public double logSnr(int t) { return logSnr[t]; }
    public double sigma(int t) { return sigma[t]; }
    public double posteriorVariance(int t) { return posteriorVariance[t]; }

    /**
     * σ at a fractional timestep, interpolating log σ linearly between table entries (the inverse of
     * {@link KarrasSigmas#timestepForSigma}); integer t gives the table value. t is clamped to [0, T−1].
     */
    public double sigmaAt(double t) {
        if (t <= 0) return sigma[0];
        int last = sigma.length - 1;
        if (t >= last) return sigma[last];
        int lo = (int) Math.floor(t);
        double f = t - lo;
        if (f == 0) return sigma[lo];
        if (!Double.isFinite(sigma[lo + 1])) return sigma[lo + 1];
        return Math.exp((1 - f) * Math.log(sigma[lo]) + f * Math.log(sigma[lo + 1]));
    }

    /** ᾱ at a fractional timestep: 1/(1 + σ(t)²); integer t gives the table value. */
    public double alphaBarAt(double t) {
        if (t == Math.rint(t) && t >= 0 && t < alphaBar.length) return alphaBar[(int) t];
        double s = sigmaAt(t);
        return Double.isInfinite(s) ? 0.0 : 1.0 / (1.0 + s * s);
    }

    /** SNR_t = ᾱ_t/(1−ᾱ_t). */
    public double snr(int t) { return alphaBar[t] / (1.0 - alphaBar[t]); }

    /** ᾱ at t, or 1 for t &lt; 0 (the "final" step of a sampler goes to ᾱ = 1, σ = 0). */
    public double alphaBarOrOne(int t) { return t < 0 ? 1.0 : alphaBar[t]; }

    public double[] betas() { return beta.clone(); }
    public double[] alphaBars() { return alphaBar.clone(); }
    public double[] logSnrs() { return logSnr.clone(); }
    public double[] sigmas() { return sigma.clone(); }

    /** Which named table a plot or export wants. */
    public enum Column {
        BETA("beta", "β_t"), ALPHA("alpha", "α_t"), ALPHA_BAR("alpha_bar", "ᾱ_t"),
        SQRT_ALPHA_BAR("sqrt_alpha_bar", "√ᾱ_t"), SQRT_ONE_MINUS_ALPHA_BAR("sqrt_one_minus_alpha_bar", "√(1−ᾱ_t)"),
        LOG_SNR("log_snr", "log-SNR λ_t"), SIGMA("sigma", "σ_t");

        public final String csvName, label;

        Column(String csvName, String label) {
            this.csvName = csvName;
            this.label = label;
        }
    }

    public double value(Column c, int t) {
        return switch (c) {
            case BETA -> beta[t];
            case ALPHA -> alpha[t];
            case ALPHA_BAR -> alphaBar[t];
            case SQRT_ALPHA_BAR -> sqrtAlphaBar[t];
            case SQRT_ONE_MINUS_ALPHA_BAR -> sqrtOneMinusAlphaBar[t];
            case LOG_SNR -> logSnr[t];
            case SIGMA -> sigma[t];
        };
    }

    /** Index of the t whose log-SNR is closest to the given value (the tables are monotone). */
    public int timestepForLogSnr(double target) {
        int lo = 0, hi = beta.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (logSnr[mid] > target) lo = mid; else hi = mid;
        }
        return Math.abs(logSnr[lo] - target) <= Math.abs(logSnr[hi] - target) ? lo : hi;
    }
}

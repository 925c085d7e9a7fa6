package org.diffusionexplorer.core.schedule;

import java.util.List;
import java.util.Locale;

import static org.diffusionexplorer.core.schedule.InvalidScheduleException.inOpenRange;
import static org.diffusionexplorer.core.schedule.InvalidScheduleException.inRange;
import static org.diffusionexplorer.core.schedule.InvalidScheduleException.require;

/**
 * What a noise schedule is made from: a preset with its parameters, a hand-drawn log-SNR curve, or explicit betas.
 * Every variant validates itself on construction; {@link NoiseSchedule#of(ScheduleSpec)} turns it into tables.
 * Formulas: shared/DIFFUSION.md ("β schedules").
 */
public sealed interface ScheduleSpec {
    int MIN_STEPS = 2;
    int MAX_STEPS = 100_000;

    /** T, the number of diffusion steps. */
    int steps();

    /** Whether to rescale to zero terminal SNR (Lin et al. 2023, Algorithm 1). */
    boolean zeroTerminalSnr();

    /** The raw β_t, t = 0..T−1, before the optional zero-terminal-SNR rescale. */
    double[] rawBetas();

    /** The preset's name as used by the CLI and the JSON files. */
    String presetName();

    /** Same spec with another T. */
    ScheduleSpec withSteps(int steps);

    /** Same spec with the zero-terminal-SNR flag set as given. */
    ScheduleSpec withZeroTerminalSnr(boolean on);

    static void checkSteps(int steps) {
        require(steps >= MIN_STEPS && steps <= MAX_STEPS,
                "steps (T) must be between " + MIN_STEPS + " and " + MAX_STEPS + " (got " + steps + ")");
    }

    static void checkBeta(String field, double beta) {
        inOpenRange(field, beta, 0.0, 1.0);
    }

    /** DDPM (Ho et al. 2020): β = linspace(β_start, β_end, T). Defaults 1e-4, 0.02. */
    record Linear(int steps, double betaStart, double betaEnd, boolean zeroTerminalSnr) implements ScheduleSpec {
        public Linear {
            checkSteps(steps);
            checkBeta("beta_start", betaStart);
            checkBeta("beta_end", betaEnd);
        }

        public static Linear defaults() {
            return new Linear(1000, 1e-4, 0.02, false);
        }

        @Override public double[] rawBetas() {
            return Linspace.of(betaStart, betaEnd, steps);
        }

        @Override public String presetName() { return "linear"; }
        @Override public Linear withSteps(int t) { return new Linear(t, betaStart, betaEnd, zeroTerminalSnr); }
        @Override public Linear withZeroTerminalSnr(boolean z) { return new Linear(steps, betaStart, betaEnd, z); }
    }

    /** Latent diffusion: β = linspace(√β_start, √β_end, T)². Defaults 0.00085, 0.012. */
    record ScaledLinear(int steps, double betaStart, double betaEnd, boolean zeroTerminalSnr) implements ScheduleSpec {
        public ScaledLinear {
            checkSteps(steps);
            checkBeta("beta_start", betaStart);
            checkBeta("beta_end", betaEnd);
        }

        public static ScaledLinear defaults() {
            return new ScaledLinear(1000, 0.00085, 0.012, false);
        }

        @Override public double[] rawBetas() {
            double[] b = Linspace.of(Math.sqrt(betaStart), Math.sqrt(betaEnd), steps);
            for (int i = 0; i < b.length; i++) b[i] *= b[i];
            return b;
        }

        @Override public String presetName() { return "scaled-linear"; }
        @Override public ScaledLinear withSteps(int t) { return new ScaledLinear(t, betaStart, betaEnd, zeroTerminalSnr); }
        @Override public ScaledLinear withZeroTerminalSnr(boolean z) { return new ScaledLinear(steps, betaStart, betaEnd, z); }
    }

    /**
     * Improved DDPM (Nichol and Dhariwal 2021, eq. 17): f(u) = cos²((u+s)/(1+s)·π/2),
     * β_i = min(1 − f((i+1)/T)/f(i/T), max_β). Defaults s = 0.008, max_β = 0.999.
     */
    record Cosine(int steps, double s, double maxBeta, boolean zeroTerminalSnr) implements ScheduleSpec {
        public Cosine {
            checkSteps(steps);
            inRange("cosine_s", s, 0.0, 1.0);
            inRange("max_beta", maxBeta, 1e-6, 0.999999);
        }

        public static Cosine defaults() {
            return new Cosine(1000, 0.008, 0.999, false);
        }

        @Override public double[] rawBetas() {
            double[] b = new double[steps];
            for (int i = 0; i < steps; i++) {
                double f0 = f((double) i / steps), f1 = f((double) (i + 1) / steps);
                b[i] = Math.min(1 - f1 / f0, maxBeta);
            }
            return b;
        }

        private double f(double u) {
            double c = Math.cos((u + s) / (1 + s) * Math.PI / 2);
            return c * c;
        }

        @Override public String presetName() { return "cosine"; }
        @Override public Cosine withSteps(int t) { return new Cosine(t, s, maxBeta, zeroTerminalSnr); }
        @Override public Cosine withZeroTerminalSnr(boolean z) { return new Cosine(steps, s, maxBeta, z); }
    }

    /** GeoDiff: β = sigmoid(linspace(−range, range, T))·(β_end − β_start) + β_start. Defaults 1e-4, 0.02, range 6. */
    record Sigmoid(int steps, double betaStart, double betaEnd, double range, boolean zeroTerminalSnr)
            implements ScheduleSpec {
        public Sigmoid {
            checkSteps(steps);
            checkBeta("beta_start", betaStart);
            checkBeta("beta_end", betaEnd);
            inRange("sigmoid_range", range, 0.1, 50);
        }

        public static Sigmoid defaults() {
            return new Sigmoid(1000, 1e-4, 0.02, 6.0, false);
        }

        @Override public double[] rawBetas() {
            double[] x = Linspace.of(-range, range, steps);
            for (int i = 0; i < steps; i++) x[i] = 1 / (1 + Math.exp(-x[i])) * (betaEnd - betaStart) + betaStart;
            return x;
        }

        @Override public String presetName() { return "sigmoid"; }
        @Override public Sigmoid withSteps(int t) { return new Sigmoid(t, betaStart, betaEnd, range, zeroTerminalSnr); }
        @Override public Sigmoid withZeroTerminalSnr(boolean z) { return new Sigmoid(steps, betaStart, betaEnd, range, z); }
    }

    /**
     * A hand-drawn schedule: control points (u, λ) of log-SNR λ against u = t/(T−1) in [0, 1], joined by a monotone
     * cubic (Fritsch–Carlson PCHIP) so that λ, and with it ᾱ = sigmoid(λ), strictly decreases.
     * u must start at 0, end at 1 and increase; λ must strictly decrease and stay within ±{@value #MAX_ABS_LOG_SNR}.
     */
    record Custom(int steps, List<ControlPoint> points, boolean zeroTerminalSnr) implements ScheduleSpec {
        public static final double MAX_ABS_LOG_SNR = 30;
        public static final int MAX_POINTS = 256;

        public Custom {
            checkSteps(steps);
            require(points != null && points.size() >= 2 && points.size() <= MAX_POINTS,
                    "points must hold between 2 and " + MAX_POINTS + " control points (got "
                            + (points == null ? 0 : points.size()) + ")");
            points = List.copyOf(points);
            for (int i = 0; i < points.size(); i++) {
                ControlPoint p = points.get(i);
                require(p != null, "points[" + i + "] is missing");
                inRange("points[" + i + "].u", p.u(), 0, 1);
                inRange("points[" + i + "].log_snr", p.logSnr(), -MAX_ABS_LOG_SNR, MAX_ABS_LOG_SNR);
                if (i > 0) {
                    ControlPoint q = points.get(i - 1);
                    require(p.u() > q.u(), "points[" + i + "].u must be greater than points[" + (i - 1) + "].u");
                    require(p.logSnr() < q.logSnr(),
                            "points[" + i + "].log_snr must be less than points[" + (i - 1) + "].log_snr");
                }
            }
            require(points.get(0).u() == 0.0, "points[0].u must be 0");
            require(points.get(points.size() - 1).u() == 1.0, "the last point's u must be 1");
        }

        @Override public double[] rawBetas() {
            int n = points.size();
            double[] u = new double[n], l = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = points.get(i).u();
                l[i] = points.get(i).logSnr();
            }
            MonotoneCubic curve = new MonotoneCubic(u, l);
            double[] beta = new double[steps];
            double prevAlphaBar = 1.0;
            for (int t = 0; t < steps; t++) {
                double ab = 1 / (1 + Math.exp(-curve.value((double) t / (steps - 1))));
                beta[t] = 1 - ab / prevAlphaBar;
                prevAlphaBar = ab;
            }
            return beta;
        }

        /**
         * About k control points that reproduce a schedule's log-SNR curve: half evenly spaced in t, half evenly spaced
         * in log-SNR (which catches the steep ends of cosine-like schedules). k ≥ 4.
         */
        public static Custom approximating(NoiseSchedule schedule, int k) {
            int steps = schedule.steps(), last = steps - 1;
            java.util.TreeSet<Integer> ts = new java.util.TreeSet<>();
            int half = Math.max(2, k / 2);
            for (int i = 0; i < half; i++) ts.add((int) Math.round((double) i * last / (half - 1)));
            double hi = clampLogSnr(schedule.logSnr(0)), lo = clampLogSnr(schedule.logSnr(last));
            for (int i = 1; i < half - 1; i++) ts.add(schedule.timestepForLogSnr(hi + (lo - hi) * i / (half - 1)));
            java.util.ArrayList<ControlPoint> pts = new java.util.ArrayList<>();
            double prev = Double.POSITIVE_INFINITY;
            for (int t : ts) {
                double l = clampLogSnr(schedule.logSnr(t));
                if (l >= prev) continue;
                pts.add(new ControlPoint((double) t / last, l));
                prev = l;
            }
            if (pts.get(pts.size() - 1).u() != 1.0) pts.add(new ControlPoint(1.0, Math.min(prev - 1e-3, lo)));
            return new Custom(steps, pts, false);
        }

        private static double clampLogSnr(double l) {
            return Math.max(-MAX_ABS_LOG_SNR + 1e-3, Math.min(MAX_ABS_LOG_SNR - 1e-3, l));
        }

        @Override public String presetName() { return "custom"; }
        @Override public Custom withSteps(int t) { return new Custom(t, points, zeroTerminalSnr); }
        @Override public Custom withZeroTerminalSnr(boolean z) { return new Custom(steps, points, z); }
    }

    /** A control point of a {@link Custom} schedule: u = t/(T−1) and the log-SNR there. */
    record ControlPoint(double u, double logSnr) {
    }

    /** Explicit β_t values (for example read from a CSV); each must lie in (0, 1). */
    record Explicit(double[] betas, boolean zeroTerminalSnr) implements ScheduleSpec {
        public Explicit {
            require(betas != null, "betas are missing");
            checkSteps(betas.length);
            betas = betas.clone();
            for (int i = 0; i < betas.length; i++) checkBeta("betas[" + i + "]", betas[i]);
        }

        @Override public int steps() { return betas.length; }
        @Override public double[] rawBetas() { return betas.clone(); }
        @Override public String presetName() { return "explicit"; }

        @Override public Explicit withSteps(int t) {
            throw new InvalidScheduleException("an explicit schedule has a fixed number of steps (" + betas.length + ")");
        }

        @Override public Explicit withZeroTerminalSnr(boolean z) { return new Explicit(betas, z); }

        @Override public boolean equals(Object o) {
            return o instanceof Explicit e && e.zeroTerminalSnr == zeroTerminalSnr && java.util.Arrays.equals(e.betas, betas);
        }

        @Override public int hashCode() { return java.util.Arrays.hashCode(betas) * 31 + Boolean.hashCode(zeroTerminalSnr); }

        @Override public String toString() { return "Explicit[T=" + betas.length + ", zeroTerminalSnr=" + zeroTerminalSnr + "]"; }
    }

    /**
     * A preset with parameters; null parameters keep the preset's defaults. Parameters that the preset does not have
     * are refused, naming them.
     */
    static ScheduleSpec preset(String name, Integer steps, Double betaStart, Double betaEnd, Double cosineS, Double maxBeta,
                               Double sigmoidRange, boolean zeroTerminalSnr) {
        ScheduleSpec base = preset(name);
        int t = steps == null ? base.steps() : steps;
        boolean hasBetas = !(base instanceof Cosine);
        if (!hasBetas && (betaStart != null || betaEnd != null)) {
            throw new InvalidScheduleException("beta_start/beta_end do not apply to the " + base.presetName() + " schedule");
        }
        if (!(base instanceof Cosine) && (cosineS != null || maxBeta != null)) {
            throw new InvalidScheduleException("cosine_s/max_beta apply only to the cosine schedule");
        }
        if (!(base instanceof Sigmoid) && sigmoidRange != null) {
            throw new InvalidScheduleException("sigmoid_range applies only to the sigmoid schedule");
        }
        if (base instanceof Linear d) return new Linear(t, or(betaStart, d.betaStart()), or(betaEnd, d.betaEnd()), zeroTerminalSnr);
        if (base instanceof ScaledLinear d) return new ScaledLinear(t, or(betaStart, d.betaStart()), or(betaEnd, d.betaEnd()), zeroTerminalSnr);
        if (base instanceof Cosine d) return new Cosine(t, or(cosineS, d.s()), or(maxBeta, d.maxBeta()), zeroTerminalSnr);
        Sigmoid d = (Sigmoid) base;
        return new Sigmoid(t, or(betaStart, d.betaStart()), or(betaEnd, d.betaEnd()), or(sigmoidRange, d.range()), zeroTerminalSnr);
    }

    private static double or(Double v, double dflt) {
        return v == null ? dflt : v;
    }

    /** The names accepted by {@link #preset(String)}. */
    List<String> PRESETS = List.of("linear", "scaled-linear", "cosine", "sigmoid");

    /** A preset with its default parameters; unknown names fail, listing the allowed ones. */
    static ScheduleSpec preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear" -> Linear.defaults();
            case "scaled-linear", "scaled_linear" -> ScaledLinear.defaults();
            case "cosine", "squaredcos_cap_v2" -> Cosine.defaults();
            case "sigmoid" -> Sigmoid.defaults();
            default -> throw new InvalidScheduleException(
                    "preset must be one of " + String.join(", ", PRESETS) + " (got '" + name + "')");
        };
    }
}

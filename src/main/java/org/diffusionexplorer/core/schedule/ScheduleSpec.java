package org.diffusionexplorer.core.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.DoubleFunction;

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

    /** The preset's numeric parameters (besides T), in validation order; none for hand-drawn or explicit schedules. */
    default List<ScheduleParameter> parameters() {
        return List.of();
    }

    /** The parameter with this JSON name, if this kind of schedule has it. */
    default Optional<ScheduleParameter> parameter(String name) {
        return parameters().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Same spec with the named parameter set to v; unchanged when this kind of schedule has no such parameter. */
    default ScheduleSpec with(String name, double v) {
        Optional<ScheduleParameter> p = parameter(name);
        return p.isPresent() ? p.get().with(this, v) : this;
    }

    /** Same spec with β_start and/or β_end replaced (null keeps a value); unchanged when the kind has no β range. */
    default ScheduleSpec withBetas(Double betaStart, Double betaEnd) {
        ScheduleSpec s = this;
        if (betaStart != null) s = s.with(BETA_START, betaStart);
        if (betaEnd != null) s = s.with(BETA_END, betaEnd);
        return s;
    }

    /** Whether this is a named preset with parameters (not a hand-drawn curve or an explicit β table). */
    default boolean isPreset() {
        return true;
    }

    /** Whether T is fixed by the spec's own data (an explicit β table), so {@link #withSteps} refuses. */
    default boolean stepsFixed() {
        return false;
    }

    /** The control points of a hand-drawn schedule; empty for every other kind. */
    default List<ControlPoint> controlPoints() {
        return List.of();
    }

    /** Same hand-drawn schedule with other control points; other kinds refuse. */
    default ScheduleSpec withControlPoints(List<ControlPoint> points) {
        throw new InvalidScheduleException("a " + presetName() + " schedule has no control points");
    }

    /**
     * The preset's command-line options, {@code --preset NAME} followed by the flags of the parameters that differ
     * from their defaults, formatted with {@code number}; empty for schedules that are not presets. T and the
     * zero-terminal-SNR flag are left to the caller.
     */
    default Optional<String> presetOptions(DoubleFunction<String> number) {
        if (!isPreset()) return Optional.empty();
        StringBuilder b = new StringBuilder(" --preset ").append(presetName());
        for (ScheduleParameter p : parameters()) {
            double v = p.value(this);
            if (v != p.defaultValue()) b.append(' ').append(p.cliFlag()).append(' ').append(number.apply(v));
        }
        return Optional.of(b.toString());
    }

    String BETA_START = "beta_start";
    String BETA_END = "beta_end";

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

        private static final List<ScheduleParameter> PARAMETERS = List.of(
                ScheduleParameter.of(Linear.class, BETA_START, "β start", "β at t = 0", 0, 1, true, 1e-4,
                        Linear::betaStart, (s, v) -> new Linear(s.steps, v, s.betaEnd, s.zeroTerminalSnr)),
                ScheduleParameter.of(Linear.class, BETA_END, "β end", "β at t = T−1", 0, 1, true, 0.02,
                        Linear::betaEnd, (s, v) -> new Linear(s.steps, s.betaStart, v, s.zeroTerminalSnr)));

        @Override public List<ScheduleParameter> parameters() { return PARAMETERS; }

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

        private static final List<ScheduleParameter> PARAMETERS = List.of(
                ScheduleParameter.of(ScaledLinear.class, BETA_START, "β start", "β at t = 0", 0, 1, true, 0.00085,
                        ScaledLinear::betaStart, (s, v) -> new ScaledLinear(s.steps, v, s.betaEnd, s.zeroTerminalSnr)),
                ScheduleParameter.of(ScaledLinear.class, BETA_END, "β end", "β at t = T−1", 0, 1, true, 0.012,
                        ScaledLinear::betaEnd, (s, v) -> new ScaledLinear(s.steps, s.betaStart, v, s.zeroTerminalSnr)));

        @Override public List<ScheduleParameter> parameters() { return PARAMETERS; }

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

        private static final List<ScheduleParameter> PARAMETERS = List.of(
                ScheduleParameter.of(Cosine.class, "cosine_s", "s", "cosine offset s (Nichol & Dhariwal 2021)",
                        0, 1, false, 0.008, Cosine::s, (c, v) -> new Cosine(c.steps, v, c.maxBeta, c.zeroTerminalSnr)),
                ScheduleParameter.of(Cosine.class, "max_beta", "max β", "cosine: β is clipped to this value",
                        1e-6, 0.999999, false, 0.999, Cosine::maxBeta, (c, v) -> new Cosine(c.steps, c.s, v, c.zeroTerminalSnr)));

        @Override public List<ScheduleParameter> parameters() { return PARAMETERS; }

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

        private static final List<ScheduleParameter> PARAMETERS = List.of(
                ScheduleParameter.of(Sigmoid.class, BETA_START, "β start", "β at t = 0", 0, 1, true, 1e-4,
                        Sigmoid::betaStart, (g, v) -> new Sigmoid(g.steps, v, g.betaEnd, g.range, g.zeroTerminalSnr)),
                ScheduleParameter.of(Sigmoid.class, BETA_END, "β end", "β at t = T−1", 0, 1, true, 0.02,
                        Sigmoid::betaEnd, (g, v) -> new Sigmoid(g.steps, g.betaStart, v, g.range, g.zeroTerminalSnr)),
                ScheduleParameter.of(Sigmoid.class, "sigmoid_range", "range R", "sigmoid: β follows sigmoid(−R..R)",
                        0.1, 50, false, 6.0, Sigmoid::range, (g, v) -> new Sigmoid(g.steps, g.betaStart, g.betaEnd, v, g.zeroTerminalSnr)));

        @Override public List<ScheduleParameter> parameters() { return PARAMETERS; }

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
            TreeSet<Integer> ts = new TreeSet<>();
            int half = Math.max(2, k / 2);
            for (int i = 0; i < half; i++) ts.add((int) Math.round((double) i * last / (half - 1)));
            double hi = clampLogSnr(schedule.logSnr(0)), lo = clampLogSnr(schedule.logSnr(last));
            for (int i = 1; i < half - 1; i++) ts.add(schedule.timestepForLogSnr(hi + (lo - hi) * i / (half - 1)));
            ArrayList<ControlPoint> pts = new ArrayList<>();
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
        @Override public boolean isPreset() { return false; }
        @Override public List<ControlPoint> controlPoints() { return points; }
        @Override public Custom withControlPoints(List<ControlPoint> p) { return new Custom(steps, p, zeroTerminalSnr); }
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
        @Override public boolean isPreset() { return false; }
        @Override public boolean stepsFixed() { return true; }

        @Override public Explicit withSteps(int t) {
            throw new InvalidScheduleException("an explicit schedule has a fixed number of steps (" + betas.length + ")");
        }

        @Override public Explicit withZeroTerminalSnr(boolean z) { return new Explicit(betas, z); }

        @Override public boolean equals(Object o) {
            return o instanceof Explicit e && e.zeroTerminalSnr == zeroTerminalSnr && Arrays.equals(e.betas, betas);
        }

        @Override public int hashCode() { return Arrays.hashCode(betas) * 31 + Boolean.hashCode(zeroTerminalSnr); }

        @Override public String toString() { return "Explicit[T=" + betas.length + ", zeroTerminalSnr=" + zeroTerminalSnr + "]"; }
    }

    /**
     * A preset with parameters; null parameters keep the preset's defaults. Parameters that the preset does not have
     * are refused, naming them.
     */
    static ScheduleSpec preset(String name, Integer steps, Double betaStart, Double betaEnd, Double cosineS, Double maxBeta,
                               Double sigmoidRange, boolean zeroTerminalSnr) {
        ScheduleSpec base = preset(name);
        if (base.parameter(BETA_START).isEmpty() && (betaStart != null || betaEnd != null)) {
            throw new InvalidScheduleException("beta_start/beta_end do not apply to the " + base.presetName() + " schedule");
        }
        if (base.parameter("cosine_s").isEmpty() && (cosineS != null || maxBeta != null)) {
            throw new InvalidScheduleException("cosine_s/max_beta apply only to the cosine schedule");
        }
        if (base.parameter("sigmoid_range").isEmpty() && sigmoidRange != null) {
            throw new InvalidScheduleException("sigmoid_range applies only to the sigmoid schedule");
        }
        // One parameter at a time, in each preset's validation order (T first): the first error is the constructor's.
        ScheduleSpec s = (steps == null ? base : base.withSteps(steps)).withZeroTerminalSnr(zeroTerminalSnr);
        String[] names = {BETA_START, BETA_END, "cosine_s", "max_beta", "sigmoid_range"};
        Double[] values = {betaStart, betaEnd, cosineS, maxBeta, sigmoidRange};
        for (ScheduleParameter p : base.parameters()) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(p.name()) && values[i] != null) s = p.with(s, values[i]);
            }
        }
        return s;
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

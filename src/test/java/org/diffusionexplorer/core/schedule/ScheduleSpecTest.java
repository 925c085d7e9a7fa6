package org.diffusionexplorer.core.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleSpecTest {
    @Test
    void invalidSpecsNameTheFieldAndRange() {
        assertMessage(() -> new ScheduleSpec.Linear(1, 1e-4, 0.02, false), "steps (T) must be between 2 and 100000");
        assertMessage(() -> new ScheduleSpec.Linear(100_001, 1e-4, 0.02, false), "steps (T)");
        assertMessage(() -> new ScheduleSpec.Linear(1000, 0, 0.02, false), "beta_start");
        assertMessage(() -> new ScheduleSpec.Linear(1000, 1e-4, 1.0, false), "beta_end");
        assertMessage(() -> new ScheduleSpec.Linear(1000, Double.NaN, 0.02, false), "beta_start");
        assertMessage(() -> new ScheduleSpec.Cosine(1000, -0.1, 0.999, false), "cosine_s");
        assertMessage(() -> new ScheduleSpec.Cosine(1000, 0.008, 1.0, false), "max_beta");
        assertMessage(() -> new ScheduleSpec.Sigmoid(1000, 1e-4, 0.02, Double.POSITIVE_INFINITY, false), "sigmoid_range");
        assertMessage(() -> ScheduleSpec.preset("quadratic"), "preset must be one of linear, scaled-linear, cosine, sigmoid");
        assertMessage(() -> new ScheduleSpec.Explicit(new double[]{0.1, 1.2, 0.3}, false), "betas[1]");
        assertMessage(() -> new ScheduleSpec.Custom(100, List.of(new ScheduleSpec.ControlPoint(0, 5),
                new ScheduleSpec.ControlPoint(1, 6)), false), "points[1].log_snr must be less than");
    }

    private static void assertMessage(Runnable r, String fragment) {
        InvalidScheduleException e = assertThrows(InvalidScheduleException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void documentedPitfallNumbers() {
        // DIFFUSION.md: T=50 linear 1e-4..0.02 never reaches noise: ᾱ_49 = 0.603
        NoiseSchedule s = NoiseSchedule.of(new ScheduleSpec.Linear(50, 1e-4, 0.02, false));
        assertEquals(0.603, s.alphaBar(49), 5e-4);
        // linear default: ᾱ_999 = 4.04e-5; scaled-linear: √ᾱ_999 = 0.068265, σ_max = 14.615
        assertEquals(4.04e-5, NoiseSchedule.of(ScheduleSpec.Linear.defaults()).alphaBar(999), 1e-7);
        NoiseSchedule sl = NoiseSchedule.of(ScheduleSpec.ScaledLinear.defaults());
        assertEquals(0.068265, sl.sqrtAlphaBar(999), 1e-6);
        assertEquals(14.615, sl.sigma(999), 1e-3);
    }

    @Test
    void zeroTerminalSnrEndsAtPureNoise() {
        for (String p : ScheduleSpec.PRESETS) {
            NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.preset(p).withZeroTerminalSnr(true));
            assertEquals(1.0, s.beta(s.steps() - 1), p);
            assertEquals(0.0, s.alphaBar(s.steps() - 1), p);
            assertEquals(NoiseSchedule.of(ScheduleSpec.preset(p)).sqrtAlphaBar(0), s.sqrtAlphaBar(0), 1e-12, p + " keeps √ᾱ_0");
        }
    }

    @Test
    void everyPresetWorksFromTwoToManySteps() {
        for (String p : ScheduleSpec.PRESETS) {
            for (int steps : new int[]{2, 3, 10, 1000, 100_000}) {
                NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.preset(p).withSteps(steps));
                for (int t = 1; t < steps; t++) assertTrue(s.logSnr(t) < s.logSnr(t - 1), p + " T=" + steps + " t=" + t);
            }
        }
    }

    @Test
    void customCurveIsMonotoneAndHitsItsControlPoints() {
        List<ScheduleSpec.ControlPoint> pts = List.of(new ScheduleSpec.ControlPoint(0, 9),
                new ScheduleSpec.ControlPoint(0.3, 2), new ScheduleSpec.ControlPoint(0.31, 1.9),
                new ScheduleSpec.ControlPoint(0.8, -5), new ScheduleSpec.ControlPoint(1, -10));
        NoiseSchedule s = NoiseSchedule.of(new ScheduleSpec.Custom(1001, pts, false));
        for (int t = 1; t < 1001; t++) assertTrue(s.alphaBar(t) < s.alphaBar(t - 1));
        assertEquals(9, s.logSnr(0), 1e-9);
        assertEquals(2, s.logSnr(300), 1e-9);
        assertEquals(-5, s.logSnr(800), 1e-9);
        assertEquals(-10, s.logSnr(1000), 1e-9);
    }

    @Test
    void customApproximationOfAPresetIsClose() {
        NoiseSchedule cos = NoiseSchedule.of(ScheduleSpec.Cosine.defaults());
        NoiseSchedule approx = NoiseSchedule.of(ScheduleSpec.Custom.approximating(cos, 17));
        for (int t = 0; t < 1000; t += 37) assertEquals(cos.logSnr(t), approx.logSnr(t), 0.25, "t=" + t);
    }

    @Test
    void karrasGridAndSigmaLookup() {
        double[] g = KarrasSigmas.grid(10, 0.03, 14.6, 7);
        assertEquals(11, g.length);
        assertEquals(14.6, g[0], 1e-12);
        assertEquals(0.03, g[9], 1e-12);
        assertEquals(0, g[10]);
        NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.ScaledLinear.defaults());
        for (int t : new int[]{0, 10, 500, 999}) assertEquals(t, KarrasSigmas.timestepForSigma(s, s.sigma(t)), 1e-9);
    }

    @Test
    void spacingRejectsBadStepCounts() {
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.LINSPACE.timesteps(1000, 0));
        assertThrows(IllegalArgumentException.class, () -> TimestepSpacing.TRAILING.timesteps(1000, 1001));
        assertEquals(999, TimestepSpacing.TRAILING.timesteps(1000, 1)[0]);
    }
}

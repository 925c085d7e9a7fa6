package org.diffusionexplorer.core.schedule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our tables against float64 reference tables (shared/reference/schedules, copied to test resources). */
class ScheduleReferenceTest {
    static final double RTOL = 1e-9, ATOL = 1e-15;

    static Stream<Arguments> presets() {
        return Stream.of(
                Arguments.of("linear_T1000.csv", ScheduleSpec.Linear.defaults()),
                Arguments.of("scaled_linear_T1000.csv", ScheduleSpec.ScaledLinear.defaults()),
                Arguments.of("cosine_T1000.csv", ScheduleSpec.Cosine.defaults()),
                Arguments.of("sigmoid_T1000.csv", ScheduleSpec.Sigmoid.defaults()),
                Arguments.of("linear_zero_snr_T1000.csv", ScheduleSpec.Linear.defaults().withZeroTerminalSnr(true)));
    }

    static List<String[]> rows(String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(ScheduleReferenceTest.class.getResourceAsStream("/reference/" + name), name),
                StandardCharsets.UTF_8))) {
            List<String[]> out = new ArrayList<>();
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) out.add(line.split(","));
            return out;
        }
    }

    static double parse(String s) {
        return switch (s) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    static void close(double expected, double actual, String what) {
        if (Double.isInfinite(expected)) {
            assertEquals(expected, actual, what);
            return;
        }
        assertTrue(Math.abs(actual - expected) <= ATOL + RTOL * Math.abs(expected),
                what + ": expected " + expected + " got " + actual);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void tablesMatchReference(String file, ScheduleSpec spec) throws IOException {
        NoiseSchedule s = NoiseSchedule.of(spec);
        List<String[]> ref = rows(file);
        assertEquals(ref.size(), s.steps());
        for (String[] row : ref) {
            int t = Integer.parseInt(row[0]);
            close(parse(row[1]), s.beta(t), file + " beta[" + t + "]");
            close(parse(row[2]), s.alpha(t), file + " alpha[" + t + "]");
            close(parse(row[3]), s.alphaBar(t), file + " alpha_bar[" + t + "]");
            close(parse(row[4]), s.sqrtAlphaBar(t), file + " sqrt_alpha_bar[" + t + "]");
            close(parse(row[5]), s.sqrtOneMinusAlphaBar(t), file + " sqrt_one_minus_alpha_bar[" + t + "]");
            close(parse(row[6]), s.logSnr(t), file + " log_snr[" + t + "]");
        }
    }

    @ParameterizedTest(name = "T={0} N={1} {2} offset {3}")
    @MethodSource("spacings")
    void spacingMatchesReference(int T, int n, String spacing, int offset, int[] expected) {
        assertArrayEquals(expected, TimestepSpacing.parse(spacing).timesteps(T, n, offset));
    }

    static Stream<Arguments> spacings() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String[] r : rows("spacing.csv")) {
            String[] ts = r[4].trim().split(" ");
            int[] exp = new int[ts.length];
            for (int i = 0; i < ts.length; i++) exp[i] = Integer.parseInt(ts[i]);
            out.add(Arguments.of(Integer.parseInt(r[0]), Integer.parseInt(r[1]), r[2], Integer.parseInt(r[3]), exp));
        }
        return out.stream();
    }
}

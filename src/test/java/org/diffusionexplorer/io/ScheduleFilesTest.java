package org.diffusionexplorer.io;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleFilesTest {
    static ScheduleSpec roundTrip(ScheduleSpec s) throws InputException {
        return ScheduleFiles.parseJson(ScheduleFiles.toJson(s), "test.json");
    }

    @Test
    void everyKindRoundTripsExactly() throws Exception {
        List<ScheduleSpec> specs = List.of(
                ScheduleSpec.Linear.defaults(), ScheduleSpec.ScaledLinear.defaults().withZeroTerminalSnr(true),
                new ScheduleSpec.Cosine(777, 0.01, 0.98, false), new ScheduleSpec.Sigmoid(50, 1e-3, 0.05, 4.5, true),
                new ScheduleSpec.Custom(1000, List.of(new ScheduleSpec.ControlPoint(0, 9.123456789012345),
                        new ScheduleSpec.ControlPoint(0.1 + 0.2, 1.0 / 3), new ScheduleSpec.ControlPoint(1, -7.77)), false),
                new ScheduleSpec.Explicit(new double[]{1e-4, 0.0123456789, 0.5, 0.9}, false));
        for (ScheduleSpec s : specs) {
            ScheduleSpec back = roundTrip(s);
            assertEquals(s, back);
            assertArrayEquals(NoiseSchedule.of(s).alphaBars(), NoiseSchedule.of(back).alphaBars());
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndDefaultsFillIn() throws Exception {
        ScheduleSpec s = ScheduleFiles.parseJson("{\"preset\":\"cosine\",\"steps\":200,\"colour\":\"blue\",\"extra\":{\"a\":[1,2]}}", "x");
        assertEquals(new ScheduleSpec.Cosine(200, 0.008, 0.999, false), s);
    }

    @Test
    void hostileFilesAreRefusedWithOneLineNamingTheProblem() {
        String[][] cases = {
                {"", "empty"},
                {"   ", "empty"},
                {"{", "not a valid schedule file"},
                {"{\"preset\":\"linear\",\"steps\":", "not a valid schedule file"},
                {"[1,2,3]", "not a valid schedule file"},
                {"null", "not a valid schedule file"},
                {"{\"preset\":\"quadratic\"}", "preset must be one of"},
                {"{\"steps\":1000}", "preset is missing"},
                {"{\"preset\":\"linear\",\"steps\":-5}", "steps (T) must be between 2 and 100000"},
                {"{\"preset\":\"linear\",\"steps\":99999999999999}", "steps"},
                {"{\"preset\":\"linear\",\"steps\":1e300}", "steps"},
                {"{\"preset\":\"linear\",\"steps\":10.5}", "steps"},
                {"{\"preset\":\"linear\",\"steps\":\"many\"}", "steps"},
                {"{\"preset\":\"linear\",\"beta_start\":NaN}", "not a valid schedule file"},
                {"{\"preset\":\"linear\",\"beta_end\":2}", "beta_end must be"},
                {"{\"preset\":\"linear\",\"beta_end\":-0.1}", "beta_end must be"},
                {"{\"preset\":\"custom\",\"points\":[{\"u\":0,\"log_snr\":5}]}", "points must hold between 2"},
                {"{\"preset\":\"custom\",\"points\":[{\"u\":0,\"log_snr\":5},{\"u\":1}]}", "points[1] needs both"},
                {"{\"preset\":\"custom\",\"points\":[{\"u\":0,\"log_snr\":5},{\"u\":1,\"log_snr\":6}]}", "log_snr must be less"},
                {"{\"preset\":\"explicit\",\"betas\":[0.1,0,0.2]}", "betas[1]"},
                {"{\"version\":99,\"preset\":\"linear\"}", "version must be between 1 and 1"},
                {"{\"preset\":\"linear\"} trailing", "not a valid schedule file"},
                {"{\"a\":".repeat(200) + "1" + "}".repeat(200), "not a valid schedule file"},
        };
        for (String[] c : cases) {
            InputException e = assertThrows(InputException.class, () -> ScheduleFiles.parseJson(c[0], "s.json"), c[0]);
            assertTrue(e.getMessage().contains(c[1]), "'" + e.getMessage() + "' should contain '" + c[1] + "'");
            assertTrue(e.getMessage().startsWith("s.json: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    /** Mutation fuzzing: random edits of valid files either parse to a valid schedule or fail with InputException. */
    @Test
    void fuzzedFilesNeverThrowAnythingElse() {
        List<String> seeds = List.of(ScheduleFiles.toJson(ScheduleSpec.Cosine.defaults()),
                ScheduleFiles.toJson(ScheduleSpec.Custom.approximating(NoiseSchedule.of(ScheduleSpec.Linear.defaults()), 8)),
                ScheduleFiles.toJson(new ScheduleSpec.Explicit(new double[]{0.1, 0.2, 0.3}, true)));
        String alphabet = "{}[]\":,0123456789.-eE+ntrufalsNI \\u";
        SplittableRandom rng = new SplittableRandom(2024);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(seeds.get(rng.nextInt(seeds.size())));
            int edits = 1 + rng.nextInt(4);
            for (int k = 0; k < edits && sb.length() > 0; k++) {
                int pos = rng.nextInt(sb.length());
                switch (rng.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(pos);
                    case 1 -> sb.insert(pos, alphabet.charAt(rng.nextInt(alphabet.length())));
                    default -> sb.setCharAt(pos, alphabet.charAt(rng.nextInt(alphabet.length())));
                }
            }
            try {
                ScheduleSpec s = ScheduleFiles.parseJson(sb.toString(), "f.json");
                NoiseSchedule.of(s); // anything accepted must build valid tables
                parsed++;
            } catch (InputException expected) {
                assertTrue(!expected.getMessage().isBlank());
            } catch (IllegalArgumentException e) {
                // InvalidScheduleException from tables (e.g. ᾱ not decreasing after edits) is a refusal too
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        }
        assertTrue(parsed > 100, "some mutations stay valid: " + parsed);
    }
}

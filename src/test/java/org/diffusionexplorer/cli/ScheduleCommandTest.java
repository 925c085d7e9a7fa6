package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleCommandTest {
    @TempDir
    Path dir;

    @Test
    void csvHasTheContractHeaderAndFullPrecision() throws Exception {
        Path out = dir.resolve("s.csv");
        var r = CliTestSupport.run("schedule", "--preset", "cosine", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("t,beta,alpha,alpha_bar,sqrt_alpha_bar,sqrt_one_minus_alpha_bar,log_snr", lines.get(0));
        assertEquals(1001, lines.size());
        NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.Cosine.defaults());
        String[] row = lines.get(501).split(",");
        assertEquals("500", row[0]);
        assertEquals(s.alphaBar(500), Double.parseDouble(row[3])); // bit-exact: shortest round-trip repr
    }

    @Test
    void zeroTerminalSnrAndParameters() throws Exception {
        Path out = dir.resolve("z.csv");
        var r = CliTestSupport.run("schedule", "--preset", "linear", "--steps", "50", "--beta-start", "0.001",
                "--beta-end", "0.05", "--zero-terminal-snr", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(51, lines.size());
        assertTrue(lines.get(50).startsWith("49,1,0,0,0,1,-inf"), lines.get(50));
    }

    @Test
    void jsonRoundTripsThroughIn() throws Exception {
        Path json = dir.resolve("s.json"), a = dir.resolve("a.csv"), b = dir.resolve("b.csv");
        assertEquals(0, CliTestSupport.run("schedule", "--preset", "sigmoid", "--steps", "300", "--out", json.toString()).exit());
        assertEquals(0, CliTestSupport.run("schedule", "--preset", "sigmoid", "--steps", "300", "--out", a.toString()).exit());
        assertEquals(0, CliTestSupport.run("schedule", "--in", json.toString(), "--out", b.toString()).exit());
        assertEquals(Files.readString(a), Files.readString(b));
        assertEquals(new ScheduleSpec.Sigmoid(300, 1e-4, 0.02, 6, false), ScheduleFiles.readJson(json));
    }

    @Test
    void badUsageExitsTwoWithOneLineAndNoFile() {
        Path out = dir.resolve("bad.csv");
        String[][] cases = {
                {"schedule", "--preset", "quadratic", "--out", out.toString()},
                {"schedule", "--preset", "linear", "--steps", "1", "--out", out.toString()},
                {"schedule", "--preset", "linear", "--beta-end", "1.5", "--out", out.toString()},
                {"schedule", "--preset", "cosine", "--beta-end", "0.1", "--out", out.toString()},
                {"schedule", "--preset", "linear", "--steps", "abc", "--out", out.toString()},
                {"schedule", "--preset", "linear"},
                {"schedule", "--preset", "linear", "--out", dir.resolve("x.txt").toString()},
                {"schedule", "--in", dir.resolve("nope.json").toString(), "--out", out.toString()},
                {"frobnicate"},
        };
        for (String[] c : cases) {
            var r = CliTestSupport.run(c);
            assertEquals(2, r.exit(), String.join(" ", c) + " → " + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(Files.exists(out), "no output for " + String.join(" ", c));
        }
    }

    @Test
    void helpEverywhere() {
        for (String cmd : new String[]{"schedule", "forward"}) {
            var r = CliTestSupport.run(cmd, "--help");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("Usage"), r.out());
        }
        assertEquals(0, CliTestSupport.run("--help").exit());
    }
}

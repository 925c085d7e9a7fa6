package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.runtime.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --conditional and sample --class/--guidance end to end, on every engine, and their bad input. */
class GuidanceCommandTest {
    @TempDir
    Path dir;

    @AfterAll
    static void restore() {
        Engine.select(Engine.fastest());
    }

    @Test
    void conditionalToyModelTrainsAndSamplesGuidedOnEveryEngine() throws Exception {
        Path run = dir.resolve("run");
        var r = CliTestSupport.run("train", "--data", "toy:moons", "--conditional", "--label-dropout", "0.2", "--out", run.toString(),
                "--steps", "60", "--batch", "64", "--model-size", "tiny", "--checkpoint-every", "30");
        assertEquals(0, r.exit(), r.err());
        ModelBundle b = ModelBundle.read(run.resolve("bundle"));
        assertEquals(List.of("upper moon", "lower moon"), b.json().classes);
        assertEquals(2, b.json().architecture.get("classes").asInt());
        assertEquals(0.2, ((Number) b.json().training.get("label_dropout")).doubleValue(), 1e-12);
        float[][] out = new float[3][];
        String[] engines = {"vector", "blas", "samediff"};
        for (int i = 0; i < 3; i++) {
            Path s = dir.resolve("s-" + engines[i]);
            r = CliTestSupport.run("sample", "--engine", engines[i], "--model", run.toString(), "--class", "Lower Moon", "--guidance", "3",
                    "--steps", "10", "--count", "20", "--npy", "--out", s.toString());
            assertEquals(0, r.exit(), r.err());
            out[i] = NpyReader.read(s.resolve("samples.npy")).data();
        }
        for (int i = 1; i < 3; i++) {
            for (int k = 0; k < out[0].length; k++) assertEquals(out[0][k], out[i][k], 1e-3, engines[i] + " element " + k);
        }
        r = CliTestSupport.run("sample", "--model", run.toString(), "--class", "1", "--steps", "5", "--count", "3", "--out", dir.resolve("idx").toString());
        assertEquals(0, r.exit(), "a class by index: " + r.err());
    }

    @Test
    void badClassesAndScalesExitTwo() {
        String out = dir.resolve("x").toString();
        String[][] bad = {
                {"sample", "--model", "mixture:8gaussians", "--class", "nowhere", "--out", out},
                {"sample", "--model", "mixture:8gaussians", "--class", "8", "--out", out},
                {"sample", "--model", "mixture:8gaussians", "--class", "north", "--guidance", "NaN", "--out", out},
                {"sample", "--model", "mixture:8gaussians", "--class", "north", "--guidance", "-1", "--out", out},
                {"sample", "--model", "toy-moons", "--class", "0", "--out", out},
                {"sample", "--model", "toy-moons", "--guidance", "3", "--out", out},
                {"sample", "--model", "mixture:moons", "--out", out},
                {"train", "--data", "toy:swiss-roll", "--conditional", "--out", out},
                {"train", "--data", "toy:moons", "--conditional", "--label-dropout", "1", "--out", out},
        };
        for (String[] a : bad) {
            var r = CliTestSupport.run(a);
            assertEquals(2, r.exit(), String.join(" ", a) + " → " + r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() <= 2, r.err());
        }
        var ok = CliTestSupport.run("sample", "--model", "mixture:8gaussians", "--class", "north", "--guidance", "3", "--steps", "10",
                "--count", "10", "--out", dir.resolve("ok").toString());
        assertEquals(0, ok.exit(), ok.err());
    }

    /**
     * Without --class a conditional model samples a class drawn from the seed for each sample (the same as --class
     * random), so the exact mixture's samples cover all eight components; --guidance 0 alone is the unconditional path.
     */
    @Test
    void withoutAClassEachSampleGetsARandomClass() throws Exception {
        float[][] pts = new float[3][];
        String[][] extra = {{}, {"--class", "random"}, {"--guidance", "0"}};
        for (int i = 0; i < 3; i++) {
            Path s = dir.resolve("r" + i);
            java.util.List<String> a = new java.util.ArrayList<>(List.of("sample", "--model", "mixture:8gaussians", "--steps", "30", "--count", "400",
                    "--seed", "5", "--npy", "--out", s.toString()));
            a.addAll(List.of(extra[i]));
            var r = CliTestSupport.run(a.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            pts[i] = NpyReader.read(s.resolve("samples.npy")).data();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(pts[0], pts[1], "no --class is --class random");
        for (int i : new int[]{0, 2}) {
            int[] perComponent = new int[8];
            for (int k = 0; k < 400; k++) {
                double ang = Math.atan2(pts[i][2 * k + 1], pts[i][2 * k]);
                perComponent[(int) Math.floorMod(Math.round(ang / (Math.PI / 4)), 8)]++;
            }
            for (int c = 0; c < 8; c++) assertTrue(perComponent[c] > 20, "run " + i + ": component " + c + " got " + perComponent[c] + " of 400");
        }
    }
}

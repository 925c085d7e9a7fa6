package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.runtime.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --engine vector|blas|samediff: the same bundle gives the same samples on every engine (a product guarantee). */
class EngineChoiceTest {
    @TempDir
    Path dir;

    @AfterAll
    static void restore() {
        Engine.select(Engine.fastest());
    }

    private float[] sample(String engine, String model, int count) throws Exception {
        Path out = dir.resolve(engine + "-" + model);
        var r = CliTestSupport.run("sample", "--engine", engine, "--model", model, "--sampler", "ddim", "--steps", "20",
                "--count", String.valueOf(count), "--seed", "1", "--npy", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(Engine.parse(engine), Engine.active());
        return NpyReader.read(out.resolve("samples.npy")).data();
    }

    @Test
    void everyEngineGivesTheSameSamples() throws Exception {
        for (String model : new String[]{"fashion-mnist", "toy-moons"}) {
            float[] v = sample("vector", model, 4), b = sample("blas", model, 4), s = sample("samediff", model, 4);
            double vb = 0, vs = 0;
            for (int i = 0; i < v.length; i++) {
                vb = Math.max(vb, Math.abs(v[i] - b[i]));
                vs = Math.max(vs, Math.abs(v[i] - s[i]));
            }
            assertTrue(vb <= 1e-3, model + ": vector and blas differ by " + vb);
            assertTrue(vs <= 1e-3, model + ": vector and samediff differ by " + vs);
        }
    }

    @Test
    void badEngineAndSameDiffTrainingAreRefused() {
        var r = CliTestSupport.run("sample", "--engine", "cuda", "--model", "toy-moons", "--out", dir.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("vector, blas or samediff"), r.err());
        r = CliTestSupport.run("train", "--engine", "samediff", "--data", "toy:moons", "--out", dir.resolve("t").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("training runs on our engine"), r.err());
    }
}

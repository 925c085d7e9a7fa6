package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.sampling.Estimate;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.trajectory.TrajectoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sample --trajectory: the files pair each x_t with the estimates made from it, and read back as a Trajectory. */
class TrajectoryFilesTest {
    @TempDir
    Path dir;

    private Path folderOfTwoImages() throws Exception {
        Path f = Files.createDirectories(dir.resolve("data"));
        for (int seed = 0; seed < 2; seed++) {
            BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) for (int x = 0; x < 12; x++) img.setRGB(x, y, ((x * 20 + seed * 120) % 256) << 16 | (y * 20) << 8 | (seed * 200));
            ImageIO.write(img, "png", f.resolve("img" + seed + ".png").toFile());
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, double atol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= atol + 1e-5 * Math.abs(expected[i]),
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    @Test
    void filesPairEachXtWithItsEstimatesAndDdimFollowsEquation12() throws Exception {
        Path data = folderOfTwoImages(), out = dir.resolve("out");
        int n = 8;
        var r = CliTestSupport.run("sample", "--model", "empirical:" + data, "--size", "12", "--sampler", "ddim", "--steps", String.valueOf(n),
                "--count", "3", "--seed", "4", "--out", out.toString(), "--trajectory", "--npy");
        assertEquals(0, r.exit(), r.err());
        Path t = out.resolve("trajectory");

        List<String> rows = Files.readAllLines(t.resolve("steps.csv"));
        assertEquals("step,t,alpha_bar,sigma,model_calls", rows.get(0));
        assertEquals(n + 1, rows.size(), "one row per step k < N");
        for (int k = 0; k <= n; k++) assertTrue(Files.exists(t.resolve(String.format("xt_step_%03d.npy", k))), "xt_step " + k);
        assertFalse(Files.exists(t.resolve(String.format("x0hat_step_%03d.npy", n))), "no estimate at the final sample");

        NoiseSchedule schedule = NoiseSchedule.of(ScheduleSpec.Linear.defaults());
        var denoiser = new EmpiricalDenoiser(schedule, ImageFolder.load(data, 12, 3).dataset().items());
        var estimator = SamplingRun.estimator(denoiser, true);
        for (int k = 0; k < n; k++) {
            String[] row = rows.get(k + 1).split(",");
            assertEquals(k, Integer.parseInt(row[0]));
            double tk = Double.parseDouble(row[1]), ab = Double.parseDouble(row[2]);
            assertEquals(Math.sqrt((1 - ab) / ab), Double.parseDouble(row[3]), 1e-9 * Double.parseDouble(row[3]), "sigma");
            Tensor xt = NpyReader.read(t.resolve(String.format("xt_step_%03d.npy", k)));
            Tensor x0 = NpyReader.read(t.resolve(String.format("x0hat_step_%03d.npy", k)));
            Tensor eps = NpyReader.read(t.resolve(String.format("epshat_step_%03d.npy", k)));
            assertArrayEquals(new int[]{3, 3, 12, 12}, xt.shape());
            Estimate e = estimator.at(xt, tk, ab);
            assertClose(e.x0().data(), x0.data(), 1e-5, "x0hat_step_" + k + " is the denoiser at xt_step_" + k);
            assertClose(e.eps().data(), eps.data(), 1e-4, "epshat_step_" + k);
            // DDIM, η = 0 (Song et al. 2021, eq. 12): x_{k+1} = √ᾱ'·x̂_0 + √(1−ᾱ')·ε̂
            double abNext = k + 1 < n ? Double.parseDouble(rows.get(k + 2).split(",")[2]) : 1.0;
            float[] expected = new float[xt.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) (Math.sqrt(abNext) * x0.data()[i] + Math.sqrt(1 - abNext) * eps.data()[i]);
            }
            Tensor next = NpyReader.read(t.resolve(String.format("xt_step_%03d.npy", k + 1)));
            assertClose(expected, next.data(), 1e-5, "xt_step_" + (k + 1) + " by eq. 12");
        }
        assertArrayEquals(NpyReader.read(out.resolve("samples.npy")).data(), NpyReader.read(t.resolve(String.format("xt_step_%03d.npy", n))).data(),
                "xt_step_N is the sample");

        Trajectory back = TrajectoryFiles.read(out);
        assertEquals(n, back.steps());
        assertTrue(back.finished() && back.complete());
        assertArrayEquals(NpyReader.read(t.resolve("xt_step_003.npy")).data(), back.frame(3).xt().data());
        assertArrayEquals(NpyReader.read(t.resolve("x0hat_step_003.npy")).data(), back.frame(3).x0Hat().data());
        assertEquals(Double.parseDouble(rows.get(4).split(",")[1]), back.t(3));
    }

    @Test
    void twoDimensionalModelsWriteCsvAndTheFinalStepIsTheSample() throws Exception {
        Path out = dir.resolve("moons");
        var r = CliTestSupport.run("sample", "--model", "toy-moons", "--sampler", "heun", "--steps", "5", "--count", "50",
                "--out", out.toString(), "--trajectory");
        assertEquals(0, r.exit(), r.err());
        Path t = out.resolve("trajectory");
        assertEquals(PointsCsv.read(out.resolve("samples.csv")).items().data().length, PointsCsv.read(t.resolve("xt_step_005.csv")).items().data().length);
        assertArrayEquals(PointsCsv.read(out.resolve("samples.csv")).items().data(), PointsCsv.read(t.resolve("xt_step_005.csv")).items().data());
        assertTrue(Files.exists(t.resolve("epshat_step_004.csv")));
        List<String> rows = Files.readAllLines(t.resolve("steps.csv"));
        assertTrue(rows.get(1).endsWith(",2"), "Heun makes two model calls a step (but records one estimate): " + rows.get(1));
        Trajectory back = TrajectoryFiles.read(t);
        assertEquals(50, back.count());
    }

    @Test
    void pngOnlyTrajectoriesSayHowToMakeThemReadable() throws Exception {
        Path out = dir.resolve("png");
        var r = CliTestSupport.run("sample", "--model", "empirical:" + folderOfTwoImages(), "--size", "12", "--steps", "3",
                "--count", "2", "--out", out.toString(), "--trajectory");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(out.resolve("trajectory/xt_step_000.png")) && Files.exists(out.resolve("trajectory/epshat_step_002.png")));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.diffusionexplorer.io.InputException.class, () -> TrajectoryFiles.read(out));
        assertTrue(e.getMessage().contains("--npy"), e.getMessage());
    }

    @Test
    void oversizedTrajectoriesAreRefusedUpFrontWithTheEstimate() throws Exception {
        Path out = dir.resolve("big");
        var r = CliTestSupport.run("sample", "--model", "fashion-mnist", "--steps", "1000", "--sampler", "ddpm",
                "--count", "1000", "--out", out.toString(), "--trajectory", "--npy");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().matches("(?s).*would write about [0-9.]+ GB.*"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}

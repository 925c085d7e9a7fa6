package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.LoadedModel;
import org.diffusionexplorer.runtime.MlpConfig;
import org.diffusionexplorer.runtime.UNetConfig;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.Param;
import org.diffusionexplorer.runtime.engine.UNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrainingAndBundleTest {
    @org.junit.jupiter.api.BeforeAll
    static void engine() {
        org.diffusionexplorer.runtime.TestEngines.selectForThisRun();
    }

    @TempDir
    Path dir;

    static TrainConfig config(int steps, Prediction p) {
        return new TrainConfig("toy:moons", new ScheduleSpec.Linear(100, 1e-4, 0.05, false), p, steps, 32, 1e-3, 5, 1.0, 0.99, 3, false, 1000);
    }

    @Test
    void lossGoesDown() {
        var data = ToyDatasets.sample("8gaussians", 4000, 1);
        Trainer t = new Trainer(config(400, Prediction.EPSILON), data, new Mlp(new MlpConfig(2, 64, 2, 16), 1));
        double first = 0, last = 0;
        for (int i = 0; i < 400; i++) {
            double l = t.trainStep();
            if (i < 40) first += l;
            if (i >= 360) last += l;
        }
        assertTrue(last < 0.8 * first, "loss fell from " + first / 40 + " to " + last / 40);
    }

    /** A run the disk cannot hold is refused before it starts, with a line that says how much is free and needed. */
    @Test
    void refusesToStartWithoutDiskSpace() throws Exception {
        long need = DiskCheck.bytesNeeded(1_003_649, 20_000);
        assertTrue(need > 40e6 && need < 80e6, "about 40 bytes a parameter plus spare: " + need);
        InputException e = assertThrows(InputException.class, () -> DiskCheck.check(dir, 1_003_649, 20_000, 10_000_000));
        assertTrue(e.getMessage().contains("not enough free disk space") && e.getMessage().contains("10.0 MB free"), e.getMessage());
        DiskCheck.check(dir, 1_003_649, 20_000, need);   // exactly enough
        DiskCheck.check(dir, 1_003_649, 20_000, -1);     // unknown: let it run
        assertTrue(DiskCheck.usableSpace(dir.resolve("not/yet/made")) > 0, "measured on the nearest existing parent");
    }

    /** A resumed run continues exactly as an uninterrupted one: same weights, bit for bit. */
    @Test
    void resumeEqualsUninterrupted() throws Exception {
        for (boolean unet : new boolean[]{false, true}) {
            var data = unet ? new org.diffusionexplorer.core.data.Dataset("img", new org.diffusionexplorer.core.tensor.NoiseSource(4).gaussian(1, 40, 1, 8, 8))
                    : ToyDatasets.sample("moons", 500, 2);
            java.util.function.Supplier<EngineModel> model = () -> unet
                    ? new UNet(new UNetConfig(1, 8, 8, new int[]{1, 2}, 1, 4, 8, false), 9) : new Mlp(new MlpConfig(2, 32, 2, 8), 9);
            TrainConfig c = config(30, Prediction.V);
            Trainer a = new Trainer(c, data, model.get());
            for (int i = 0; i < 30; i++) a.trainStep();

            Trainer b1 = new Trainer(c, data, model.get());
            for (int i = 0; i < 13; i++) b1.trainStep();
            Path ck = dir.resolve(unet ? "u" : "m");
            Checkpoints.save(ck, b1, "run", 1.0);
            Trainer b2 = new Trainer(c, data, model.get());
            Checkpoints.restore(ck, b2, "run");
            assertEquals(13, b2.step());
            while (b2.step() < 30) b2.trainStep();
            for (int i = 0; i < a.model().params().size(); i++) {
                Param pa = a.model().params().get(i), pb = b2.model().params().get(i);
                assertArrayEquals(pa.value, pb.value, pa.name);
                assertArrayEquals(a.ema()[i], b2.ema()[i], "ema " + pa.name);
            }
            assertThrows(InputException.class, () -> Checkpoints.restore(ck, b2, "another run"));
        }
    }

    /** A run stopped and resumed lists its sessions in model.json and the card; an older checkpoint counts as one. */
    @Test
    void resumedRunsRecordTheirSessions() throws Exception {
        TrainingJob.Spec first = new TrainingJob.Spec("toy:moons", null, "tiny", 28, 1, config(20, Prediction.EPSILON), "toy-test", "test");
        TrainingJob.prepare(first, dir.resolve("s"), false).run(null, () -> false);
        TrainingJob.Spec more = new TrainingJob.Spec("toy:moons", null, "tiny", 28, 1, config(35, Prediction.EPSILON), "toy-test", "test");
        Path bundle = TrainingJob.prepare(more, dir.resolve("s"), true).run(null, () -> false);
        var sessions = (java.util.List<?>) ModelBundle.read(bundle).json().training.get("sessions");
        assertEquals(2, sessions.size());
        assertEquals(20, ((java.util.Map<?, ?>) sessions.get(0)).get("to"));
        assertEquals(35, ((java.util.Map<?, ?>) sessions.get(1)).get("to"));
        assertTrue(Files.readString(bundle.resolve("README.md")).contains("| 2 | 20–35 |"));
        // a checkpoint written without sessions (an older build) becomes one session of unknown commit
        Trainer t = new Trainer(config(30, Prediction.EPSILON), ToyDatasets.sample("moons", 200, 1), new Mlp(new MlpConfig(2, 16, 1, 8), 1));
        for (int i = 0; i < 13; i++) t.trainStep();
        Checkpoints.save(dir.resolve("old"), t, "run", 42.0);
        Checkpoints.Resumed r = Checkpoints.restore(dir.resolve("old"), t, "run");
        assertEquals("0-13@unknown:42", r.sessions());
        assertEquals(1, Sessions.parse(Sessions.append(r.sessions(), 13, 13, "abc", 1)).size(), "a session without steps adds nothing");
        assertEquals("abc1234-dirty", Sessions.parse(Sessions.append(r.sessions(), 13, 20, "abc1234-dirty", 5)).get(1).get("commit"));
    }

    /** Preview grids (what the Train view shows every N steps) do not change the run: same weights as without. */
    @Test
    void previewsDoNotChangeTheRun() throws Exception {
        float[][] weights = new float[2][];
        for (int k = 0; k < 2; k++) {
            TrainingJob.Spec spec = new TrainingJob.Spec("toy:moons", null, "tiny", 28, 1, config(40, Prediction.EPSILON), "toy-test", "test");
            TrainingJob job = TrainingJob.prepare(spec, dir.resolve("p" + k), false);
            job.run(new TrainingJob.Listener() {
                @Override
                public void onStep(int step, int total, double loss, double itPerSec) {
                }
            }, () -> false, k == 0 ? 0 : 10);
            weights[k] = job.trainer().model().params().get(0).value.clone();
        }
        assertArrayEquals(weights[0], weights[1]);
    }

    @Test
    void bundleReloadsBitForBitAndBadBundlesAreRefused() throws Exception {
        TrainingJob.Spec spec = new TrainingJob.Spec("toy:circles", null, "tiny", 28, 1, config(20, Prediction.EPSILON), "toy-test", "test");
        TrainingJob job = TrainingJob.prepare(spec, dir.resolve("run"), false);
        Path bundleDir = job.run(null, () -> false);
        assertTrue(Files.isRegularFile(bundleDir.resolve("README.md")) && Files.isRegularFile(bundleDir.resolve("samples.png")));
        LoadedModel m = LoadedModel.load(ModelBundle.read(bundleDir));
        EngineModel ema = Architectures.create(Architectures.describe(job.trainer().model()), 0);
        job.trainer().copyEmaInto(ema);
        for (int i = 0; i < ema.params().size(); i++) {
            assertArrayEquals(ema.params().get(i).value, m.engineModel().params().get(i).value, ema.params().get(i).name);
        }
        assertEquals(20, ModelBundle.read(bundleDir).json().training.get("steps"));
        // a second prepare without --resume refuses to overwrite
        assertThrows(InputException.class, () -> TrainingJob.prepare(spec, dir.resolve("run"), false));

        // corrupt weights: checksum mismatch
        Path w = bundleDir.resolve("weights.safetensors");
        byte[] b = Files.readAllBytes(w);
        b[b.length - 1] ^= 1;
        Files.write(w, b);
        InputException e = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(bundleDir)));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        // wrong shapes: weights of another architecture, checksum removed
        Path other = dir.resolve("other");
        TrainingJob.prepare(new TrainingJob.Spec("toy:circles", null, "small", 28, 1, config(2, Prediction.EPSILON), "x", "t"), other, false)
                .run(null, () -> false);
        Files.copy(other.resolve("bundle/weights.safetensors"), w, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String json = Files.readString(bundleDir.resolve("model.json")).replaceAll("\"sha256\" : \"[0-9a-f]+\",?", "");
        Files.writeString(bundleDir.resolve("model.json"), json);
        e = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(bundleDir)));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        Files.writeString(bundleDir.resolve("model.json"), "{\"format\":\"something else\"}");
        assertThrows(InputException.class, () -> ModelBundle.read(bundleDir));
    }

    @Test
    void aConditionalImageBundleCarriesItsGuidanceSweep() throws Exception {
        try {
            FashionMnist.locate(null);
        } catch (InputException e) {
            assumeTrue(false, "skipped: no Fashion-MNIST here (" + e.getMessage() + ")");
        }
        TrainConfig c = new TrainConfig("fashion-mnist", new ScheduleSpec.Linear(100, 1e-4, 0.05, false), Prediction.EPSILON,
                2, 8, 1e-3, 0, 1.0, 0.99, 3, false, 1000, 0.1);
        TrainingJob.Spec spec = new TrainingJob.Spec("fashion-mnist", null, "tiny", 28, 1, c, "fm-cond-test", "test");
        Path bundle = TrainingJob.prepare(spec, dir.resolve("cond"), false).run(null, () -> false);
        BufferedImage sweep = ImageIO.read(bundle.resolve("guidance.png").toFile());
        // ten class rows of 2× 28 px cells, five blocks (w = 0, 1, 2, 4, 7) of four columns
        assertEquals(24 + 10 * 58 + 2, sweep.getHeight());
        assertEquals(96 + 5 * 4 * 58 + 4 * 14 + 2, sweep.getWidth());
        assertTrue(Files.readString(bundle.resolve("README.md")).contains("![guidance sweep](guidance.png)"));
        assertEquals(10, LoadedModel.load(ModelBundle.read(bundle)).denoiser().classes());
    }
}

package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.io.NpyWriter;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelJson;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Param;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bundles cross the Java/PyTorch boundary unchanged (tools/torch): a PyTorch-written UNet and MLP give PyTorch's
 * outputs on every engine (vector, blas, samediff) within 1e-4, a Java-written bundle gives Java's outputs in
 * PyTorch, and broken PyTorch bundles are refused naming the tensor and both shapes. Needs /usr/bin/python3 with
 * torch (Debian's python3-torch, installed by .ci/setup); skipped with a message where it is absent.
 */
class TorchInteropTest {
    static final String PYTHON = System.getProperty("python", "/usr/bin/python3");
    static final Path TOOLS = Path.of("tools", "torch").toAbsolutePath();
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTorch() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
            ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "skipped: " + PYTHON + " has no torch (Debian: apt-get install python3-torch; .ci/setup installs it)");
    }

    @AfterAll
    static void restore() {
        Engine.select(Engine.fastest());
    }

    static void python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, TOOLS.resolve("interop.py").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double[] times(Tensor t) {
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) d[i] = t.data()[i];
        return d;
    }

    @Test
    void pytorchBundlesRunOnEveryEngine() throws Exception {
        python("make", dir.toString());
        for (String net : new String[]{"unet", "mlp", "cunet"}) {
            Tensor x = NpyReader.read(dir.resolve(net + "_x.npy")), t = NpyReader.read(dir.resolve(net + "_t.npy"));
            int[] labels = null;
            if (net.equals("cunet")) { // a class-conditional UNet: classes 2, none, 0, 1
                float[] l = NpyReader.read(dir.resolve(net + "_labels.npy")).data();
                labels = new int[l.length];
                for (int i = 0; i < l.length; i++) labels[i] = (int) l[i];
            }
            float[] want = NpyReader.read(dir.resolve(net + "_out.npy")).data();
            double scale = 0;
            for (float v : want) scale = Math.max(scale, Math.abs(v));
            assertTrue(scale > 0.05, "a non-trivial output");
            for (Engine e : Engine.values()) {
                Engine.select(e);
                LoadedModel m = LoadedModel.load(ModelBundle.read(dir.resolve(net)), e);
                double d = maxAbsDiff(want, m.denoiser().predict(x, times(t), labels).data());
                assertTrue(d <= 1e-4, net + " on " + e.cliName() + ": max |Java − PyTorch| = " + d);
            }
        }
    }

    @Test
    void javaBundlesRunInPytorch() throws Exception {
        UNetConfig uc = new UNetConfig(1, 12, 8, new int[]{1, 2, 2}, 1, 4, 16, false);
        MlpConfig mc = new MlpConfig(2, 32, 3, 8);
        SplittableRandom r = new SplittableRandom(5);
        for (EngineModel m : new EngineModel[]{new org.diffusionexplorer.runtime.engine.UNet(uc, 3), new org.diffusionexplorer.runtime.engine.Mlp(mc, 4)}) {
            for (Param p : m.params()) for (int i = 0; i < p.value.length; i++) p.value[i] += (float) (0.05 * r.nextGaussian());
            String name = m instanceof org.diffusionexplorer.runtime.engine.UNet ? "unet" : "mlp";
            Path b = dir.resolve("java-" + name);
            ModelJson j = new ModelJson();
            j.id = "java-" + name;
            j.description = "interop test network";
            j.architecture = Architectures.describe(m);
            j.inputShape = m.itemShape();
            j.prediction = "epsilon";
            j.schedule = ModelBundle.mapper().readTree(ScheduleFiles.toJson(ScheduleSpec.Linear.defaults()));
            ModelBundle.write(b, j, Architectures.weights(m), "# test\n");
            int n = 3, per = 1;
            for (int s : m.itemShape()) per *= s;
            int[] shape = new int[m.itemShape().length + 1];
            shape[0] = n;
            System.arraycopy(m.itemShape(), 0, shape, 1, m.itemShape().length);
            float[] xs = new float[n * per];
            for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
            Tensor x = new Tensor(xs, shape), t = new Tensor(new float[]{3, 480.5f, 990}, 3);
            NpyWriter.write(dir.resolve(name + "-x.npy"), x);
            NpyWriter.write(dir.resolve(name + "-t.npy"), t);
            python("eval", b.toString(), dir.resolve(name + "-x.npy").toString(), dir.resolve(name + "-t.npy").toString(), dir.resolve(name + "-out.npy").toString());
            Engine.select(Engine.fastest());
            float[] java = LoadedModel.load(ModelBundle.read(b)).denoiser().predict(x, times(t)).data();
            double d = maxAbsDiff(java, NpyReader.read(dir.resolve(name + "-out.npy")).data());
            assertTrue(d <= 1e-4, name + ": max |PyTorch − Java| = " + d);
        }
    }

    @Test
    void brokenPytorchBundlesAreRefusedNamingTheTensor() throws Exception {
        python("bad", dir.toString());
        LoadedModel.load(ModelBundle.read(dir.resolve("good"))); // the unbroken one loads
        String missing = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(dir.resolve("missing-tensor")))).getMessage();
        assertTrue(missing.contains("down.1.res.0.conv1.weight") && missing.contains("missing"), missing);
        String transposed = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(dir.resolve("transposed-weight")))).getMessage();
        assertTrue(transposed.contains("'time.0.weight' has shape [16, 32], the architecture needs [32, 16]"), transposed);
        String f64 = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(dir.resolve("float64")))).getMessage();
        assertTrue(f64.contains("'time.0.weight' has dtype F64"), f64);
        String arch = assertThrows(InputException.class, () -> LoadedModel.load(ModelBundle.read(dir.resolve("wrong-architecture")))).getMessage();
        assertTrue(arch.contains("'time.0.weight' has shape [32, 16], the architecture needs [64, 16]"), arch);
    }
}

package org.diffusionexplorer.runtime;

import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.Param;
import org.diffusionexplorer.runtime.engine.UNet;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GEMM engine against the SameDiff graph of the same network with the same weights. */
class EngineVsSameDiffTest {
    @org.junit.jupiter.api.BeforeAll
    static void engine() {
        org.diffusionexplorer.runtime.TestEngines.selectForThisRun();
    }

    static void perturb(Iterable<Param> params, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Param p : params) for (int i = 0; i < p.value.length; i++) p.value[i] += (float) (0.05 * r.nextGaussian());
    }

    @Test
    void unetOutputsAgree() {
        unetOutputsAgree(new double[]{0, 400, 999});
    }

    /**
     * A batch large enough for the upsampling convolution from 6×6 to run without the upsampled image (five chunks of
     * tile rows, {@code SubPixelConv}) on the vector engine; without the incubator module it must not be touched.
     */
    @Test
    void unetOutputsAgreeAtABatchWhereTheUpsamplingRunsInPlace() {
        double[] t = new double[100];
        for (int i = 0; i < t.length; i++) t[i] = 10 * i;
        unetOutputsAgree(t);
    }

    private static void unetOutputsAgree(double[] t) {
        UNetConfig c = new UNetConfig(1, 12, 8, new int[]{1, 2, 2}, 1, 4, 16, false);
        UNet engine = new UNet(c, 7);
        perturb(engine.params(), 1); // make the zero-initialised layers matter
        SameDiffReference ref = SameDiffReference.unet(c);
        assertEquals(engine.params().size(), ref.parameterTensors(), "same parameter list");
        ref.load(Architectures.weights(engine));
        int n = t.length;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[n * 144];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] tf = TimeFeatures.of(t, 16);
        float[] a = engine.forward(x, n, tf, false), b = ref.forward(x, new long[]{n, 1, 12, 12}, tf, 16);
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxAbs = Math.max(maxAbs, Math.abs(b[i]));
        }
        assertTrue(maxAbs > 0.1, "the output is not trivially zero");
        assertTrue(maxDiff < 1e-3 * Math.max(1, maxAbs), "engine and SameDiff differ by " + maxDiff + " (scale " + maxAbs + ")");
    }

    @Test
    void mlpOutputsAgree() {
        MlpConfig c = new MlpConfig(2, 32, 3, 8);
        Mlp engine = new Mlp(c, 5);
        SameDiffReference ref = SameDiffReference.mlp(c);
        ref.load(Architectures.weights(engine));
        float[] x = {0.1f, -0.5f, 1.2f, 0.3f, -2f, 0.7f};
        float[] tf = TimeFeatures.of(new double[]{1, 500, 999}, 8);
        float[] a = engine.forward(x, 3, tf, false), b = ref.forward(x, new long[]{3, 2}, tf, 8);
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-4, "element " + i);
    }
}

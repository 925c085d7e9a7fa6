package org.diffusionexplorer.runtime.engine;

import org.diffusionexplorer.runtime.MlpConfig;
import org.diffusionexplorer.runtime.UNetConfig;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backward passes against central finite differences of L = Σ out·R. */
class GradientCheckTest {
    @org.junit.jupiter.api.BeforeAll
    static void engine() {
        org.diffusionexplorer.runtime.TestEngines.selectForThisRun();
    }

    static double loss(EngineModel m, float[] x, int n, float[] tf, int[] labels, float[] r) {
        float[] out = m.forward(x, n, tf, labels, false);
        double l = 0;
        for (int i = 0; i < out.length; i++) l += (double) out[i] * r[i];
        return l;
    }

    static void check(EngineModel m, int n, long seed) {
        check(m, n, seed, null);
    }

    static void check(EngineModel m, int n, long seed, int[] labels) {
        SplittableRandom rng = new SplittableRandom(seed);
        int item = 1;
        for (int d : m.itemShape()) item *= d;
        float[] x = new float[n * item], tf = new float[n * m.timeFeatures()], r = new float[n * item];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < tf.length; i++) tf[i] = (float) rng.nextGaussian();
        for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
        // make zero-initialised layers non-zero so every path carries gradient
        for (Param p : m.params()) for (int i = 0; i < p.value.length; i++) p.value[i] += (float) (0.05 * rng.nextGaussian());
        m.zeroGrad();
        m.forward(x, n, tf, labels, true);
        m.backward(r, n);
        int checked = 0;
        double worst = 0;
        for (Param p : m.params()) {
            for (int s = 0; s < 3; s++) {
                int i = rng.nextInt(p.size());
                float old = p.value[i];
                float h = 1e-2f * Math.max(1f, Math.abs(old));
                p.value[i] = old + h;
                double lp = loss(m, x, n, tf, labels, r);
                p.value[i] = old - h;
                double lm = loss(m, x, n, tf, labels, r);
                p.value[i] = old;
                double num = (lp - lm) / (2 * h), ana = p.grad[i];
                double err = Math.abs(num - ana) / Math.max(1e-2, Math.abs(num) + Math.abs(ana));
                worst = Math.max(worst, err);
                assertTrue(err < 0.05, p.name + "[" + i + "]: numeric " + num + " analytic " + ana);
                checked++;
            }
        }
        assertTrue(checked > 20, "checked " + checked + " gradients, worst relative error " + worst);
    }

    @Test
    void unetBackwardMatchesFiniteDifferences() {
        check(new UNet(new UNetConfig(1, 8, 8, new int[]{1, 2}, 1, 4, 8, false), 3), 2, 11);
    }

    @Test
    void unetWithTwoBlocksAndThreeLevels() {
        check(new UNet(new UNetConfig(2, 8, 4, new int[]{1, 2, 2}, 2, 2, 8, false), 5), 2, 12);
    }

    /**
     * With chunks of one tile row, the weight gradient in chunks ({@link RowWinogradWeightGradient#weightGradientChunked}) and the
     * upsampling convolution without the upsampled image ({@link SubPixelConv}) run inside the UNet (on the vector
     * engine; the other engines take the paths of the tests above).
     */
    @Test
    void unetBackwardMatchesFiniteDifferencesOnTheChunkedPaths() {
        boolean module = VecSupport.moduleLoaded(); // RowWinograd's class needs the incubator module
        int was = module ? RowWinograd.chunkColumns : 0;
        try {
            if (module) RowWinograd.chunkColumns = 1;
            Profile.reset();
            Profile.enable(true);
            check(new UNet(new UNetConfig(1, 8, 32, new int[]{1, 2}, 1, 8, 8, false), 3), 2, 13);
            Profile.enable(false);
            String rows = Profile.report(1);
            if (VecSupport.enabled()) {
                assertTrue(rows.contains("conv3.bwd.wino.dW.chunked") && rows.contains("conv3.fwd.subpixel"), rows);
            }
        } finally {
            Profile.enable(false);
            if (module) RowWinograd.chunkColumns = was;
        }
    }

    /** The class embedding's gradient reaches the rows of the labels used (and the "no class" row for −1). */
    @Test
    void conditionalNetworksBackwardMatchesFiniteDifferences() {
        check(new UNet(new UNetConfig(1, 8, 8, new int[]{1, 2}, 1, 4, 8, false, 3), 3), 3, 21, new int[]{2, -1, 2});
        check(new Mlp(new MlpConfig(2, 16, 2, 8, 4), 4), 5, 22, new int[]{0, 3, -1, 1, 3});
    }

    @Test
    void mlpBackwardMatchesFiniteDifferences() {
        check(new Mlp(new MlpConfig(2, 16, 3, 8), 4), 5, 13);
    }

    /**
     * A forward and backward pass give the same bits on one thread as on all of them (the window leaves a core to
     * the FX thread, the command line does not, and a resumed run must reproduce an uninterrupted one), at a batch
     * large enough for the chunked Winograd path and with a one-channel output convolution (4 ∤ its rows). The
     * one-thread run comes first, while much of the code is not compiled yet: GroupNorm's sums once used
     * reduceLanes, whose order differs between the interpreter and C2, and this test caught that.
     */
    @Test
    void gradientsDoNotDependOnTheThreadCount() {
        // the OpenBLAS engine is not: its GEMM chunks are sized by the thread count, and OpenBLAS's summation order
        // follows the chunk's shape
        org.junit.jupiter.api.Assumptions.assumeTrue(VecSupport.enabled(), "the vector engine only");
        float[][] one = run(1), all = run(Par.threads());
        for (int i = 0; i < one.length; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(one[i], all[i], "tensor " + i);
    }

    private static float[][] run(int threads) {
        int was = Par.threads();
        Par.limit(threads);
        try {
            UNet m = new UNet(new UNetConfig(1, 28, 16, new int[]{1, 2}, 1, 4, 8, false), 7);
            SplittableRandom rng = new SplittableRandom(5);
            int n = 8;
            float[] x = new float[n * 784], tf = new float[n * 8], r = new float[n * 784];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            for (int i = 0; i < tf.length; i++) tf[i] = (float) rng.nextGaussian();
            for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
            for (Param p : m.params()) for (int i = 0; i < p.value.length; i++) p.value[i] += (float) (0.05 * rng.nextGaussian());
            m.zeroGrad();
            java.util.List<float[]> out = new java.util.ArrayList<>();
            out.add(m.forward(x, n, tf, null, true).clone());
            m.backward(r, n);
            for (Param p : m.params()) out.add(p.grad.clone());
            return out.toArray(new float[0][]);
        } finally {
            Par.limit(was);
        }
    }
}

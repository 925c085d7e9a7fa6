package org.diffusionexplorer.core.forward;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardProcessTest {
    static final NoiseSchedule LINEAR = NoiseSchedule.of(ScheduleSpec.Linear.defaults());

    @Test
    void closedFormIsTheFormula() {
        Tensor x0 = new NoiseSource(1).gaussian(9, 3, 8, 8);
        Tensor eps = ForwardProcess.noise(2, 3, 8, 8);
        for (int t : new int[]{0, 1, 250, 999}) {
            Tensor xt = ForwardProcess.closedForm(LINEAR, t, x0, eps);
            for (int i = 0; i < xt.size(); i++) {
                double expect = LINEAR.sqrtAlphaBar(t) * x0.data()[i] + LINEAR.sqrtOneMinusAlphaBar(t) * eps.data()[i];
                assertEquals(expect, xt.data()[i], 1e-5);
            }
        }
    }

    @Test
    void meanAndVarianceOverSeedsMatchTheClosedForm() {
        // x_0 fixed; over many seeds x_t ~ N(√ᾱ x_0, 1 − ᾱ) for every element
        float[] x0v = {-1f, -0.3f, 0f, 0.5f, 1f};
        Tensor x0 = new Tensor(x0v, 5);
        int seeds = 20_000;
        for (int t : new int[]{10, 300, 900}) {
            double[] sum = new double[5], sq = new double[5];
            for (int s = 0; s < seeds; s++) {
                Tensor xt = ForwardProcess.closedForm(LINEAR, t, x0, ForwardProcess.noise(s, 5));
                for (int i = 0; i < 5; i++) {
                    sum[i] += xt.data()[i];
                    sq[i] += xt.data()[i] * (double) xt.data()[i];
                }
            }
            double var = 1 - LINEAR.alphaBar(t);
            for (int i = 0; i < 5; i++) {
                double mean = sum[i] / seeds, v = sq[i] / seeds - mean * mean;
                double se = Math.sqrt(var / seeds);
                assertEquals(LINEAR.sqrtAlphaBar(t) * x0v[i], mean, 5 * se, "mean t=" + t);
                assertEquals(var, v, 5 * var * Math.sqrt(2.0 / seeds), "variance t=" + t);
            }
        }
    }

    @Test
    void noiseDoesNotDependOnTAndParallelFillIsDeterministic() {
        float[] a = new NoiseSource(42).gaussian(1 << 20);
        float[] b = new NoiseSource(42).gaussian(1 << 20);
        assertArrayEquals(a, b);
        float[] c = new NoiseSource(43).gaussian(1 << 20);
        assertTrue(!Arrays.equals(a, c));
        double m = 0, v = 0;
        for (float x : a) m += x;
        m /= a.length;
        for (float x : a) v += (x - m) * (x - m);
        v /= a.length;
        assertEquals(0, m, 0.005);
        assertEquals(1, v, 0.005);
    }

    @Test
    void markovChainAgreesWithClosedFormInDistribution() {
        // Two-sample Kolmogorov–Smirnov test at a few t: n values from the chain (one x_0 element, many seeds packed
        // as many elements of one tensor) against n values from the closed form.
        int n = 4000;
        float[] x0v = new float[n];
        Arrays.fill(x0v, 0.7f);
        Tensor x0 = new Tensor(x0v, n);
        MarkovChain chain = new MarkovChain(LINEAR, x0, 7);
        Tensor eps = ForwardProcess.noise(99, n);
        for (int t : new int[]{5, 100, 500, 999}) {
            float[] a = chain.at(t).data().clone();
            float[] b = ForwardProcess.closedForm(LINEAR, t, x0, eps).data().clone();
            double d = ksStatistic(a, b);
            double critical = 1.95 * Math.sqrt(2.0 / n); // α ≈ 0.001
            assertTrue(d < critical, "KS statistic " + d + " at t=" + t + " exceeds " + critical);
        }
        // going back replays the same path
        float[] at500 = chain.at(500).data();
        chain.at(999);
        assertArrayEquals(at500, chain.at(500).data());
    }

    static double ksStatistic(float[] a, float[] b) {
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0, j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            if (a[i] <= b[j]) i++; else j++;
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    @Test
    void rendererRoundTripsBytesAndComputesPsnr() {
        for (int p = 0; p < 256; p++) assertEquals(p, FrameRenderer.toByte(FrameRenderer.fromByte(p)));
        float[] x = {-1f, 0f, 1f, 0.5f};
        int[] argb = new int[4];
        FrameRenderer.render(1f, x, 0f, null, 1, argb);
        assertEquals(0xFF000000, argb[0]);
        assertEquals(0xFFFFFFFF, argb[2]);
        float[] e = {0.3f, -2f, 1f, 0.1f};
        double direct = 0;
        for (int i = 0; i < 4; i++) direct += Math.pow((0.5f * x[i] + 0.8f * e[i]) - x[i], 2);
        double sq2 = FrameRenderer.Moments.of(x, e).sumSquaredError(0.5, 0.8);
        assertEquals(direct, sq2, 1e-6);
        assertEquals(10 * Math.log10(4 / (sq2 / 4)), FrameRenderer.psnr(sq2, 4), 1e-9);
        for (float v = -1.2f; v < 1.2f; v += 0.0001f) { // the fast path and toByte agree everywhere
            float[] one = {v};
            int[] px = new int[1];
            FrameRenderer.render(1f, one, 0f, null, 1, px);
            assertEquals(FrameRenderer.toByte(v), px[0] & 255, "v=" + v);
        }
    }

    @Test
    void largeRenderEqualsElementwiseComputation() {
        int w = 700, h = 500;
        Tensor x0 = new NoiseSource(3).gaussian(5, 3, h, w);
        Tensor eps = ForwardProcess.noise(4, 3, h, w);
        int[] argb = new int[w * h];
        FrameRenderer.render(0.6f, x0.data(), 0.8f, eps.data(), 3, argb);
        int n = w * h;
        for (int i = 0; i < n; i += 997) {
            int r = FrameRenderer.toByte(0.6f * x0.data()[i] + 0.8f * eps.data()[i]);
            int b = FrameRenderer.toByte(0.6f * x0.data()[2 * n + i] + 0.8f * eps.data()[2 * n + i]);
            assertEquals(r, argb[i] >> 16 & 255);
            assertEquals(b, argb[i] & 255);
        }
    }

    @Test
    void everyPathGivesToBytesPixelsOnHostileValuesAndTies() {
        // values whose v·127.5 + 127.5 is an exact tie (k + 0.5), exact integers, NaN, infinities, huge values,
        // in arrays whose length is not a multiple of any vector length and large enough for parallel chunks
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        int n = 3 * (1 << 15) + 13;
        for (int channels : new int[]{1, 3}) {
            float[] x = new float[channels * n], e = new float[channels * n];
            float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, -3e38f, -0f, 1f, -1f};
            for (int i = 0; i < x.length; i++) {
                int kind = i % 4;
                x[i] = kind == 0 ? (float) ((r.nextInt(600) - 300 + 0.5) / 127.5 - 1) // ties
                        : kind == 1 ? (r.nextInt(600) - 300) / 127.5f - 1f                 // integers
                        : kind == 2 ? specials[r.nextInt(specials.length)]
                        : (float) (r.nextGaussian() * 1.5);
                e[i] = (float) r.nextGaussian();
            }
            // first whatever path is in use (the scalar loops while the vector ones warm up), then the vector loops
            for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                try {
                    assertEquals(FrameRenderer.vectorLoopsAvailable(), FrameRenderer.awaitVectorLoops(), "the warm-up ends with the vector loops compiled");
                } catch (InterruptedException ex) {
                    throw new AssertionError(ex);
                }
            }
            int[] argb = new int[n], signal = new int[n], mixed = new int[n];
            FrameRenderer.render(1f, x, 0f, null, channels, argb);
            FrameRenderer.renderWithSignal(0.7f, x, 0.3f, e, channels, mixed, signal);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int shift = channels == 1 ? 0 : 16 - 8 * c, k = c * n + i;
                    assertEquals(FrameRenderer.toByte(x[k]), argb[i] >> shift & 255, "x=" + x[k]);
                    assertEquals(FrameRenderer.toByte(0.7f * x[k]), signal[i] >> shift & 255, "signal of x=" + x[k]);
                    float v = 0.7f * x[k] + 0.3f * e[k];
                    assertEquals(FrameRenderer.toByte(v), mixed[i] >> shift & 255, "x_t=" + v);
                }
                assertEquals(0xFF, argb[i] >>> 24);
            }
            }
        }
        assertEquals(0, FrameRenderer.toByte(Float.NaN));
        assertEquals(128, FrameRenderer.toByte(0f)); // 127.5 rounds half to even
        assertEquals(255, FrameRenderer.toByte(Float.POSITIVE_INFINITY));
    }

    /**
     * Compiled, the vector loops allocate nothing, even after thousands of calls of every entry (C2 recompiles the
     * callers then; when it inlined two loops into one caller it boxed every vector: 19 MB per 1024² frame, seen in
     * the window and a probe; which compilation does it depends on the JIT's order, so this guards, not reproduces).
     */
    @Test
    void theVectorLoopsStayCompiledWithoutGarbage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FrameRenderer.vectorLoopsAvailable() && FrameRenderer.awaitVectorLoops(), "no vector loops here");
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 4096;
        float[][] x = new float[4][], e = new float[4][];
        for (int c = 1; c <= 3; c += 2) {
            x[c] = new float[c * n];
            e[c] = new float[c * n];
            for (int i = 0; i < c * n; i++) {
                x[c][i] = (float) Math.sin(i * 0.01);
                e[c][i] = (float) Math.cos(i * 0.7);
            }
        }
        int[] argb = new int[n], signal = new int[n];
        Runnable all = () -> {
            for (int c = 1; c <= 3; c += 2) {
                FrameRenderer.render(0.6f, x[c], 0.8f, e[c], c, argb);
                FrameRenderer.render(0.6f, x[c], 0f, null, c, argb);
                FrameRenderer.renderWithSignal(0.6f, x[c], 0.8f, e[c], c, argb, signal);
            }
        };
        for (int k = 0; k < 20_000; k++) all.run(); // past every caller's compile threshold
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < 1_000; k++) all.run();
        long perCall = (mx.getCurrentThreadAllocatedBytes() - before) / 6_000;
        assertTrue(perCall < 64, perCall + " bytes allocated per frame of 4 096 pixels (boxed vectors: ~100 kB)");
    }
}

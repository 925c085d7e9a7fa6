package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.model.GaussianMixtureDenoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classifier-free guidance on the exact class-conditional denoiser of a Gaussian mixture (8gaussians). */
class GuidanceTest {
    final NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.Linear.defaults());
    final GaussianMixtureDenoiser gmm = ToyDatasets.mixture("8gaussians", s);

    @Test
    void theGuidedFieldIsTheClosedFormMixOfTheTwoPredictions() {
        Tensor x = new Tensor(new NoiseSource(4).gaussian(0, 12), 6, 2);
        double[] t = {900, 900, 900, 900, 900, 900};
        int[] labels = {0, 3, 3, 7, 1, 5};
        Tensor c = gmm.predict(x, t, labels), u = gmm.predict(x, t, new int[]{-1, -1, -1, -1, -1, -1});
        for (double w : new double[]{0, 1, 2.5, 7}) {
            float[] g = SamplingRun.guided(gmm, x, t, new Guidance(labels, w)).data();
            for (int i = 0; i < g.length; i++) {
                assertEquals(u.data()[i] + w * (c.data()[i] - u.data()[i]), g[i], 1e-5, "w = " + w + ", element " + i);
            }
        }
        // the unconditional branch is the whole mixture
        assertArrayEquals(gmm.predict(x, t).data(), u.data());
    }

    @Test
    void conditionalSamplingDrawsTheClassAtTheNoiseFloor() {
        int n = 2000, cls = 2;
        // Heun on a linspace grid (ends at t = 0): first-order DDIM with 50 steps draws a 0.1-wide class 20% too narrow
        SamplerConfig cfg = SamplerConfig.of(50).withSpacing(org.diffusionexplorer.core.schedule.TimestepSpacing.LINSPACE);
        Tensor samples = new SamplingRun(gmm, s, SamplerKind.HEUN, cfg, 1, n).withGuidance(Guidance.of(cls, n, 1)).run(null, () -> false);
        Dataset data = ToyDatasets.sample("8gaussians", 40_000, 9), ref = classOnly(data, cls, n), ref2 = classOnly(ToyDatasets.sample("8gaussians", 40_000, 10), cls, n);
        double sw = ToyDatasets.slicedWasserstein(samples.data(), ref.items().data(), 64, 3);
        double floor = ToyDatasets.slicedWasserstein(ref2.items().data(), ref.items().data(), 64, 3);
        assertTrue(sw < 2 * floor + 0.01, "conditional samples vs class " + cls + " data: SW " + sw + " (two data draws: " + floor + ")");
    }

    private static Dataset classOnly(Dataset d, int cls, int n) {
        float[] out = new float[2 * n];
        int k = 0;
        for (int i = 0; i < d.size() && k < n; i++) {
            if (d.labels()[i] != cls) continue;
            out[2 * k] = d.items().data()[2 * i];
            out[2 * k + 1] = d.items().data()[2 * i + 1];
            k++;
        }
        assertEquals(n, k);
        return new Dataset("class", new Tensor(out, n, 2));
    }

    @Test
    void scaleZeroIsUnconditionalAndLargerScalesSharpen() {
        int n = 500;
        Tensor plain = new SamplingRun(gmm, s, SamplerKind.DDIM, SamplerConfig.of(30), 5, n).run(null, () -> false);
        Tensor w0 = new SamplingRun(gmm, s, SamplerKind.DDIM, SamplerConfig.of(30), 5, n).withGuidance(Guidance.of(4, n, 0)).run(null, () -> false);
        assertArrayEquals(plain.data(), w0.data(), "w = 0 is sampling without a class");
        double spread1 = spread(new SamplingRun(gmm, s, SamplerKind.DDIM, SamplerConfig.of(30), 5, n).withGuidance(Guidance.of(4, n, 1)).run(null, () -> false));
        double spread4 = spread(new SamplingRun(gmm, s, SamplerKind.DDIM, SamplerConfig.of(30), 5, n).withGuidance(Guidance.of(4, n, 4)).run(null, () -> false));
        assertTrue(spread4 < spread1, "guidance trades diversity for fidelity: spread " + spread1 + " at w = 1, " + spread4 + " at w = 4");
    }

    private static double spread(Tensor pts) {
        float[] d = pts.data();
        int n = d.length / 2;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += d[2 * i]; my += d[2 * i + 1]; }
        mx /= n;
        my /= n;
        double v = 0;
        for (int i = 0; i < n; i++) v += Math.pow(d[2 * i] - mx, 2) + Math.pow(d[2 * i + 1] - my, 2);
        return Math.sqrt(v / n);
    }

    @Test
    void badGuidanceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Guidance(new int[]{0}, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Guidance(new int[]{0}, -1));
        assertThrows(IllegalArgumentException.class, () -> new SamplingRun(gmm, s, SamplerKind.DDIM, SamplerConfig.of(5), 1, 2).withGuidance(Guidance.of(8, 2, 1)));
        var unconditional = new GaussianMixtureDenoiser(s, new double[]{1}, new float[][]{{0, 0}}, new double[]{1});
        assertThrows(IllegalArgumentException.class, () -> new SamplingRun(unconditional, s, SamplerKind.DDIM, SamplerConfig.of(5), 1, 2).withGuidance(Guidance.of(0, 2, 1)));
    }

    /** Random classes come from the seed alone: a longer run starts with the shorter one's classes; all classes, evenly. */
    @Test
    void randomClassesAreSeededAndUniform() {
        int[] a = Guidance.randomClasses(10, 20_000, 1, 7).labels(), b = Guidance.randomClasses(10, 50, 1, 7).labels();
        assertArrayEquals(java.util.Arrays.copyOf(a, 50), b, "the same seed, the same classes, whatever the count");
        for (int k = 0; k < 50; k++) assertEquals(b[k], Guidance.randomClasses(10, 1, 1, 7 + k).labels()[0], "item k's class comes from seed + k, as its noise");
        assertTrue(!java.util.Arrays.equals(b, Guidance.randomClasses(10, 50, 1, 8).labels()), "another seed, other classes");
        int[] n = new int[10];
        for (int l : a) n[l]++;
        for (int c = 0; c < 10; c++) assertEquals(2000, n[c], 200, "class " + c + " drawn " + n[c] + " times of 20 000"); // ±4.7 σ
        assertThrows(IllegalArgumentException.class, () -> Guidance.randomClasses(0, 5, 1, 0));
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.model.GaussianDenoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samplers against exact (closed-form) denoisers: no training needed, so every property is checkable. */
class SamplerExactnessTest {
    static final NoiseSchedule LINEAR = NoiseSchedule.of(ScheduleSpec.Linear.defaults());
    // ancestral samplers are first order in the noise: at 50 steps Euler ancestral gives 0.064 for a variance of 0.09
    static final int STOCHASTIC_STEPS = 200;
    static final NoiseSchedule COSINE = NoiseSchedule.of(ScheduleSpec.Cosine.defaults());

    static Tensor image(long seed, int... shape) {
        Tensor t = new NoiseSource(seed).gaussian(9, shape);
        for (int i = 0; i < t.size(); i++) t.data()[i] = (float) Math.tanh(t.data()[i]);
        return t;
    }

    static List<SamplerConfig> configs() {
        List<SamplerConfig> out = new ArrayList<>();
        for (TimestepSpacing s : TimestepSpacing.values()) for (int n : new int[]{1, 2, 7, 25}) out.add(SamplerConfig.of(n).withSpacing(s));
        out.add(SamplerConfig.of(12).withKarras(true));
        out.add(SamplerConfig.of(20).withEta(1.0));
        out.add(SamplerConfig.of(20).withFixedLarge(true).withClip(true));
        return out;
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void oneImageDataEndsExactlyOnThatImage(SamplerKind kind) {
        Tensor y = image(1, 3, 6, 5);
        for (NoiseSchedule s : new NoiseSchedule[]{LINEAR, COSINE}) {
            EmpiricalDenoiser d = new EmpiricalDenoiser(s, Tensor.stack(List.of(y)));
            for (SamplerConfig c : configs()) {
                for (long seed : new long[]{0, 7, 123456789}) {
                    Tensor out = new SamplingRun(d, s, kind, c, seed, 2).run(null, () -> false);
                    for (int k = 0; k < 2; k++) assertArrayEquals(y.data(), out.item(k).data(), kind + " " + c + " seed " + seed);
                }
            }
        }
    }

    @Test
    void zeroTerminalSnrWorksWithDdpmAndDdim() {
        NoiseSchedule zts = NoiseSchedule.of(ScheduleSpec.Linear.defaults().withZeroTerminalSnr(true));
        Tensor y = image(4, 1, 4, 4);
        EmpiricalDenoiser d = new EmpiricalDenoiser(zts, Tensor.stack(List.of(y)));
        for (SamplerKind k : new SamplerKind[]{SamplerKind.DDPM, SamplerKind.DDIM, SamplerKind.DPMPP_2M}) {
            Tensor out = new SamplingRun(d, zts, k, SamplerConfig.of(10), 3, 1).run(null, () -> false);
            assertArrayEquals(y.data(), out.item(0).data(), k.cliName);
        }
    }

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void twoImagesEachSampleLandsOnOneAndBothAppear(SamplerKind kind) {
        Tensor a = image(2, 1, 5, 5), b = image(3, 1, 5, 5);
        EmpiricalDenoiser d = new EmpiricalDenoiser(LINEAR, Tensor.stack(List.of(a, b)));
        Tensor out = new SamplingRun(d, LINEAR, kind, SamplerConfig.of(30), 11, 24).run(null, () -> false);
        int na = 0, nb = 0;
        for (int k = 0; k < 24; k++) {
            float[] s = out.item(k).data();
            if (java.util.Arrays.equals(s, a.data())) na++;
            else if (java.util.Arrays.equals(s, b.data())) nb++;
        }
        assertEquals(24, na + nb, kind + ": every sample is exactly one of the images");
        assertTrue(na > 0 && nb > 0, kind + ": both appear (" + na + "/" + nb + ")");
    }

    @ParameterizedTest
    @EnumSource(value = SamplerKind.class, names = {"DDPM", "EULER_ANCESTRAL", "DDIM", "EULER", "HEUN", "DPMPP_2M"})
    void gaussianDataMeanAndVarianceAreReproduced(SamplerKind kind) {
        int dim = 4, n = 3000;
        float[] mu = {0.5f, -0.3f, 0f, 0.2f};
        double var = 0.09;
        GaussianDenoiser d = new GaussianDenoiser(LINEAR, mu, var);
        SamplerConfig c = SamplerConfig.of(kind.stochastic ? STOCHASTIC_STEPS : 50);
        Tensor out = new SamplingRun(d, LINEAR, kind, c, 99, n).run(null, () -> false);
        for (int j = 0; j < dim; j++) {
            double m = 0, v = 0;
            for (int k = 0; k < n; k++) m += out.data()[k * dim + j];
            m /= n;
            for (int k = 0; k < n; k++) v += Math.pow(out.data()[k * dim + j] - m, 2);
            v /= n - 1;
            assertEquals(mu[j], m, 5 * Math.sqrt(var / n), kind + " mean[" + j + "]");
            assertEquals(var, v, 6 * var * Math.sqrt(2.0 / n) + 0.004, kind + " variance[" + j + "]");
        }
    }

    @Test
    void ddimEtaZeroAndEulerAgree() {
        GaussianDenoiser d = new GaussianDenoiser(LINEAR, new float[]{0.3f, -0.2f}, 0.2);
        for (int steps : new int[]{5, 20, 100}) {
            Tensor ddim = new SamplingRun(d, LINEAR, SamplerKind.DDIM, SamplerConfig.of(steps), 5, 50).run(null, () -> false);
            Tensor euler = new SamplingRun(d, LINEAR, SamplerKind.EULER, SamplerConfig.of(steps), 5, 50).run(null, () -> false);
            for (int i = 0; i < ddim.size(); i++) assertEquals(ddim.data()[i], euler.data()[i], 2e-4, "steps " + steps);
        }
    }

    @Test
    void ddimInversionThenSamplingReconstructsTheInput() {
        GaussianDenoiser d = new GaussianDenoiser(LINEAR, new float[]{0.1f, 0.4f, -0.5f}, 0.3);
        Tensor x0 = new Tensor(new float[]{0.3f, 0.2f, -0.9f, -0.4f, 0.8f, 0.0f}, 2, 3);
        SamplerConfig c = SamplerConfig.of(200);
        SamplingRun run = new SamplingRun(d, LINEAR, SamplerKind.DDIM, c, 0, 2);
        Tensor xT = SamplingRun.ddimInvert(d, run.grid(), x0);
        Tensor back = run.runFrom(xT, null, () -> false);
        for (int i = 0; i < x0.size(); i++) assertEquals(x0.data()[i], back.data()[i], 0.02, "element " + i);
    }

    @Test
    void sameSeedSameResultAndItemsDoNotDependOnBatchSize() {
        Tensor a = image(2, 1, 3, 3), b = image(3, 1, 3, 3);
        EmpiricalDenoiser d = new EmpiricalDenoiser(LINEAR, Tensor.stack(List.of(a, b)));
        SamplerConfig c = SamplerConfig.of(15);
        Tensor r1 = new SamplingRun(d, LINEAR, SamplerKind.DDPM, c, 42, 4).run(null, () -> false);
        Tensor r2 = new SamplingRun(d, LINEAR, SamplerKind.DDPM, c, 42, 4).run(null, () -> false);
        assertArrayEquals(r1.data(), r2.data());
        Tensor single = new SamplingRun(d, LINEAR, SamplerKind.DDPM, c, 44, 1).run(null, () -> false);
        assertArrayEquals(r1.item(2).data(), single.item(0).data(), "item k of seed s is item 0 of seed s+k");
    }

    @Test
    void listenerSeesEveryStepAndCancelStops() {
        GaussianDenoiser d = new GaussianDenoiser(LINEAR, new float[]{0f}, 1);
        List<StepResult> steps = new ArrayList<>();
        new SamplingRun(d, LINEAR, SamplerKind.HEUN, SamplerConfig.of(10), 1, 3).run((s, n) -> steps.add(s), () -> false);
        assertEquals(10, steps.size());
        assertEquals(999, steps.get(0).t());
        assertEquals(-1, steps.get(9).tNext());
        assertEquals(2, steps.get(0).modelCalls());
        int[] seen = {0};
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class, () ->
                new SamplingRun(d, LINEAR, SamplerKind.DDIM, SamplerConfig.of(10), 1, 1).run((s, n) -> seen[0]++, () -> seen[0] >= 3));
        assertEquals(3, seen[0]);
    }
}

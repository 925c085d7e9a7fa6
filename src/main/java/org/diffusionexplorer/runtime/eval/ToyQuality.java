package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.runtime.LoadedModel;

import java.util.function.Consumer;

/**
 * Sample quality of the 2-D models trained on a toy set: sliced Wasserstein distances to the true distribution, with
 * the exact (empirical) denoiser and a second draw of the data itself as references.
 */
public final class ToyQuality {
    /** Samples per model and reference sets. */
    public static final int COUNT = 2000;

    private ToyQuality() {
    }

    /** One model's distances: SW(model, data), SW(exact denoiser, data), SW(data, data). */
    public record Row(String id, double model, double exactDenoiser, double data) {
    }

    /** Scores every 2-D model trained on a toy set (bundled or the user's), reporting each as it is done. */
    public static void scoreToyModels(Consumer<Row> each) throws InputException {
        for (var e : ModelRegistry.list().entrySet()) {
            ModelBundle bundle = ModelRegistry.resolve(e.getKey());
            Object data = bundle.json().training.get("data");
            if (!(data instanceof String d) || !d.startsWith("toy:") || !ToyDatasets.NAMES.contains(d.substring(4))) continue;
            each.accept(score(e.getKey(), LoadedModel.load(bundle), d.substring(4)));
        }
    }

    /** DDIM 50 steps, seed 1, against the toy set drawn with seeds 123 (reference), 456 (data floor) and 789 (training points). */
    static Row score(String id, LoadedModel m, String toySet) {
        int n = COUNT;
        Tensor ref = ToyDatasets.sample(toySet, n, 123).items();
        Tensor ref2 = ToyDatasets.sample(toySet, n, 456).items();
        Tensor train = ToyDatasets.sample(toySet, n, 789).items();
        Tensor s = new SamplingRun(m.denoiser(), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50), 1, n).run(null, () -> false);
        Tensor ex = new SamplingRun(new EmpiricalDenoiser(m.schedule(), train), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50), 1, n)
                .run(null, () -> false);
        return new Row(id, ToyDatasets.slicedWasserstein(s.data(), ref.data(), 64, 1),
                ToyDatasets.slicedWasserstein(ex.data(), ref.data(), 64, 1), ToyDatasets.slicedWasserstein(ref2.data(), ref.data(), 64, 1));
    }

    /** A guided model's distance to the exact guided mixture: SW(model, exact) and the floor SW(exact, exact). */
    public record GuidedRow(double scale, double modelToExact, double exactToExact) {
    }

    /**
     * A class-conditional model of the 8-Gaussian mixture sampled with guidance w (COUNT samples, class i mod 8 for
     * sample i, DDIM 50, seed 1) against the exact mixture's closed-form guided field sampled the same way (seed 1 000 001),
     * and two exact draws against each other (seeds 1 000 001 and 2 000 001): the noise floor of the distance.
     */
    public static GuidedRow guided(LoadedModel m, double w) {
        NoiseSchedule s = m.schedule();
        Denoiser exact = ToyDatasets.mixture("8gaussians", s);
        int classes = m.denoiser().classes();
        if (exact == null || classes != exact.classes()) {
            throw new IllegalArgumentException("a guided toy comparison needs a class-conditional toy:8gaussians model");
        }
        Guidance g = Guidance.everyClass(classes, COUNT, w);
        Tensor model = guidedRun(m.denoiser(), s, g, 1);
        // sample i uses seed + i: the three runs take disjoint noise
        Tensor e2 = guidedRun(exact, s, g, 1_000_001), e3 = guidedRun(exact, s, g, 2_000_001);
        return new GuidedRow(w, ToyDatasets.slicedWasserstein(model.data(), e2.data(), 64, 1),
                ToyDatasets.slicedWasserstein(e3.data(), e2.data(), 64, 1));
    }

    private static Tensor guidedRun(Denoiser d, NoiseSchedule s, Guidance g, long seed) {
        return new SamplingRun(d, s, SamplerKind.DDIM, SamplerConfig.of(50), seed, g.labels().length)
                .withGuidance(g).run(null, () -> false);
    }
}

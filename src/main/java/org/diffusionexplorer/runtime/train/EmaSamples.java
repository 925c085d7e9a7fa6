package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.EngineDenoiser;
import org.diffusionexplorer.runtime.engine.EngineModel;

/**
 * Samples from the current EMA weights of a run (DDIM, seed 1: the same noise every time), for the previews during
 * training and the bundle's sample grid. The EMA weights go into a copy of the network, so training is untouched.
 */
final class EmaSamples {
    private final TrainingJob.Spec spec;
    private final EngineModel model;
    private final Trainer trainer;

    EmaSamples(TrainingJob.Spec spec, EngineModel model, Trainer trainer) {
        this.spec = spec;
        this.model = model;
        this.trainer = trainer;
    }

    /** A network of the same architecture holding the current EMA weights. */
    EngineModel emaCopy() {
        EngineModel m;
        try {
            m = Architectures.create(Architectures.describe(model), 0);
        } catch (InputException e) {
            throw new IllegalStateException(e); // the description comes from a model we built
        }
        trainer.copyEmaInto(m);
        return m;
    }

    boolean points() {
        return model.itemShape().length == 1;
    }

    /** A preview: count images (500 points for a 2-D model) with at most steps DDIM steps. */
    Tensor preview(int count, int steps) {
        boolean points = points();
        return sample(emaCopy(), Math.min(steps, trainer.schedule().steps()), points ? 500 : count);
    }

    /** count samples of the given EMA copy with steps DDIM steps (x̂₀ clipped for images). */
    Tensor sample(EngineModel emaModel, int steps, int count) {
        return sample(emaModel, steps, count, null);
    }

    /** As {@link #sample(EngineModel, int, int)}, with classifier-free guidance (null: none). */
    Tensor sample(EngineModel emaModel, int steps, int count, Guidance guidance) {
        EngineDenoiser den = new EngineDenoiser(emaModel, spec.config().prediction(), spec.id());
        return new SamplingRun(den, trainer.schedule(), SamplerKind.DDIM, SamplerConfig.of(steps).withClip(!points()), 1, count)
                .withGuidance(guidance).run(null, () -> false);
    }
}

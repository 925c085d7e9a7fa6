package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.util.Arrays;
import java.util.Map;

/**
 * A model bundle made runnable on the active {@link Engine}: its denoiser and its training schedule. The weights are
 * always validated against our engine's network first ({@code engineModel}), whatever engine then runs them.
 */
public record LoadedModel(ModelBundle bundle, Denoiser denoiser, EngineModel engineModel, NoiseSchedule schedule) {
    /** Builds the network from model.json, validates and loads the weights, for the active engine. */
    public static LoadedModel load(ModelBundle b) throws InputException {
        return load(b, Engine.active());
    }

    public static LoadedModel load(ModelBundle b, Engine engine) throws InputException {
        // bounds and parameter count first, then the weights' header against them, and only then allocate
        Map<String, long[]> shapes;
        try {
            shapes = Architectures.parameterShapes(b.json().architecture);
        } catch (InputException e) {
            throw new InputException(b.dir() + "/model.json: " + e.getMessage());
        }
        int[] shape = Architectures.itemShape(b.json().architecture);
        if (!Arrays.equals(shape, b.json().inputShape)) {
            throw new InputException(b.dir() + ": input_shape " + Arrays.toString(b.json().inputShape)
                    + " does not match the architecture's " + Arrays.toString(shape));
        }
        var weights = b.weights(shapes);
        EngineModel m = Architectures.create(b.json().architecture, 0);
        if (m.classes() > 0 && (b.json().classes == null || b.json().classes.size() != m.classes())) {
            throw new InputException(b.dir() + "/model.json: the network has " + m.classes() + " classes but \"classes\" lists "
                    + (b.json().classes == null ? "none" : b.json().classes.size() + " names"));
        }
        Architectures.load(m, weights, b.weightsFile().getFileName().toString());
        Prediction p;
        try {
            p = Prediction.parse(b.json().prediction);
        } catch (IllegalArgumentException e) {
            throw new InputException(b.dir() + "/model.json: " + e.getMessage());
        }
        Denoiser d = engine == Engine.SAMEDIFF ? new SameDiffDenoiser(m, weights, p, b.id()) : new EngineDenoiser(m, p, b.id());
        return new LoadedModel(b, d, m, NoiseSchedule.of(b.schedule()));
    }
}

package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.runtime.engine.EngineModel;

/** A model bundle made runnable: its denoiser and its training schedule. */
public record LoadedModel(ModelBundle bundle, EngineDenoiser denoiser, NoiseSchedule schedule) {
    /** Builds the network from model.json, validates and loads the weights. */
    public static LoadedModel load(ModelBundle b) throws InputException {
        // bounds and parameter count first, then the weights' header against them, and only then allocate
        java.util.Map<String, long[]> shapes;
        try {
            shapes = Architectures.parameterShapes(b.json().architecture);
        } catch (InputException e) {
            throw new InputException(b.dir() + "/model.json: " + e.getMessage());
        }
        int[] shape = Architectures.itemShape(b.json().architecture);
        if (!java.util.Arrays.equals(shape, b.json().inputShape)) {
            throw new InputException(b.dir() + ": input_shape " + java.util.Arrays.toString(b.json().inputShape)
                    + " does not match the architecture's " + java.util.Arrays.toString(shape));
        }
        var weights = b.weights(shapes);
        EngineModel m = Architectures.create(b.json().architecture, 0);
        Architectures.load(m, weights, b.weightsFile().getFileName().toString());
        Prediction p;
        try {
            p = Prediction.parse(b.json().prediction);
        } catch (IllegalArgumentException e) {
            throw new InputException(b.dir() + "/model.json: " + e.getMessage());
        }
        return new LoadedModel(b, new EngineDenoiser(m, p, b.id()), NoiseSchedule.of(b.schedule()));
    }
}

package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.runtime.engine.EngineModel;

/** A trained network as a {@link Denoiser}; batches are split into chunks, and calls are serialised. */
public final class EngineDenoiser extends ChunkedDenoiser {
    public static final int CHUNK = ChunkedDenoiser.CHUNK;
    private final EngineModel model;
    private final Prediction prediction;
    private final String name;

    public EngineDenoiser(EngineModel model, Prediction prediction, String name) {
        this.model = model;
        this.prediction = prediction;
        this.name = name;
    }

    @Override public Prediction prediction() { return prediction; }
    @Override public int[] itemShape() { return model.itemShape(); }
    @Override public String describe() { return name + " (" + model.parameterCount() + " parameters)"; }
    public EngineModel model() { return model; }

    @Override public int classes() { return model.classes(); }

    @Override
    protected float[] forward(float[] x, int m, double[] t, int[] labels) {
        return model.forward(x, m, TimeFeatures.of(t, model.timeFeatures()), labels, false);
    }
}

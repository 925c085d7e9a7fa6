package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.UNet;

import java.util.Map;

/**
 * A bundle's network run as an ND4J SameDiff graph ({@link UNetGraph}, {@link MlpGraph}): the same weights, the
 * same outputs as our engine within float tolerance (tested), on ND4J's backend. Batches go in chunks of 64; calls
 * are serialised.
 */
public final class SameDiffDenoiser extends ChunkedDenoiser {
    private final SameDiffReference graph;
    private final Prediction prediction;
    private final int[] itemShape;
    private final int timeFeatures;
    private final String name;
    private final long parameters;
    private final int classes;

    /** @param validated the engine model the weights were checked against (its configuration builds the graph) */
    SameDiffDenoiser(EngineModel validated, Map<String, SafeTensors.Entry> weights, Prediction prediction, String name) {
        if (validated instanceof UNet u) graph = SameDiffReference.unet(u.config());
        else if (validated instanceof Mlp m) graph = SameDiffReference.mlp(m.config());
        else throw new IllegalArgumentException("no SameDiff graph for " + validated.getClass().getSimpleName());
        graph.load(weights);
        this.prediction = prediction;
        this.itemShape = validated.itemShape();
        this.timeFeatures = validated.timeFeatures();
        this.name = name;
        this.parameters = validated.parameterCount();
        this.classes = validated.classes();
    }

    @Override public Prediction prediction() { return prediction; }
    @Override public int[] itemShape() { return itemShape.clone(); }
    @Override public String describe() { return name + " (" + parameters + " parameters, SameDiff)"; }

    @Override public int classes() { return classes; }

    @Override
    protected float[] forward(float[] x, int m, double[] t, int[] labels) {
        long[] shape = new long[itemShape.length + 1];
        shape[0] = m;
        for (int i = 0; i < itemShape.length; i++) shape[i + 1] = itemShape[i];
        return graph.forward(x, shape, TimeFeatures.of(t, timeFeatures), timeFeatures, labels);
    }
}

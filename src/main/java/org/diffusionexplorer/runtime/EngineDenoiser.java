package org.diffusionexplorer.runtime;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.runtime.engine.EngineModel;

/** A trained network as a {@link Denoiser}; batches are split into chunks, and calls are serialised. */
public final class EngineDenoiser implements Denoiser {
    public static final int CHUNK = 64;
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
    public Tensor predict(Tensor xt, double[] t) {
        return predict(xt, t, null);
    }

    @Override
    public synchronized Tensor predict(Tensor xt, double[] t, int[] labels) {
        int n = xt.dim(0), per = xt.size() / n;
        float[] out = new float[xt.size()];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            float[] x = new float[m * per];
            System.arraycopy(xt.data(), from * per, x, 0, m * per);
            double[] ts = java.util.Arrays.copyOfRange(t, from, from + m);
            int[] ls = labels == null ? null : java.util.Arrays.copyOfRange(labels, from, from + m);
            float[] y = model.forward(x, m, TimeFeatures.of(ts, model.timeFeatures()), ls, false);
            System.arraycopy(y, 0, out, from * per, m * per);
        }
        return new Tensor(out, xt.shape());
    }
}

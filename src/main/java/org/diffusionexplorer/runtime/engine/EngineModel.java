package org.diffusionexplorer.runtime.engine;

import java.util.List;

/** A network on the GEMM engine: forward (optionally keeping what backward needs) and backward. */
public interface EngineModel {
    List<Param> params();

    int[] itemShape();

    int timeFeatures();

    /** Forward on a batch in the app's layout [n][item...]; with keep, remembers what {@link #backward} needs. */
    default float[] forward(float[] x, int n, float[] tfeat, boolean keep) {
        return forward(x, n, tfeat, null, keep);
    }

    /**
     * As {@link #forward(float[], int, float[], boolean)}, with a class label per item for a conditional network
     * (−1: no class; null: no class for every item). Unconditional networks refuse labels other than null/−1.
     */
    float[] forward(float[] x, int n, float[] tfeat, int[] labels, boolean keep);

    /** Classes of a conditional network (0: unconditional). */
    default int classes() {
        return 0;
    }

    /** Accumulates dL/dθ into each parameter's grad, from dL/d(output) of the last kept forward. */
    void backward(float[] dOut, int n);

    default long parameterCount() {
        long s = 0;
        for (Param p : params()) s += p.size();
        return s;
    }

    default void zeroGrad() {
        for (Param p : params()) p.zeroGrad();
    }
}

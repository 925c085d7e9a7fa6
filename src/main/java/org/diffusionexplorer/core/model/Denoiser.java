package org.diffusionexplorer.core.model;

import org.diffusionexplorer.core.tensor.Tensor;

/**
 * A denoising model: given a batch x_t (N×item shape) and one timestep per item (fractional t allowed; samplers on a
 * σ grid use them), returns its output, interpreted according to {@link #prediction()}.
 */
public interface Denoiser {
    Prediction prediction();

    /** The shape of one item, e.g. {1, 28, 28} for Fashion-MNIST or {2} for 2-D points. */
    int[] itemShape();

    Tensor predict(Tensor xt, double[] t);

    /**
     * A class-conditional prediction: one label per item, −1 for "no class" (the unconditional branch of
     * classifier-free guidance). Unconditional denoisers accept only −1.
     */
    default Tensor predict(Tensor xt, double[] t, int[] labels) {
        if (labels != null) {
            for (int l : labels) if (l != -1) throw new IllegalArgumentException(describe() + " is not class-conditional");
        }
        return predict(xt, t);
    }

    /** Classes of a conditional denoiser (0: unconditional). */
    default int classes() {
        return 0;
    }

    /** A short description for logs and the UI. */
    default String describe() {
        return getClass().getSimpleName();
    }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.tensor.Tensor;

/** What the model says about x_t: the clean-sample estimate x̂_0 and the noise estimate ε̂ (batches, same shape). */
public record Estimate(Tensor x0, Tensor eps) {
}

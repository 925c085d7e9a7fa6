package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.tensor.Tensor;

/** One model evaluation at x (VP space, x = √ᾱ·x_0 + √(1−ᾱ)·ε) at timestep t with the given ᾱ. */
@FunctionalInterface
public interface Estimator {
    Estimate at(Tensor x, double t, double alphaBar);
}

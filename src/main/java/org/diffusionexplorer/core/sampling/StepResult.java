package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.tensor.Tensor;

/**
 * One sampler step from t to t' (the next grid entry; t' = −1 means the clean end, ᾱ = 1): the new state x_{t'}
 * (VP space), and the model's x̂_0 and ε̂ at t. {@code modelCalls} counts evaluations (Heun: 2).
 */
public record StepResult(int index, double t, double tNext, Tensor xPrev, Tensor x0Hat, Tensor epsHat, int modelCalls) {
}

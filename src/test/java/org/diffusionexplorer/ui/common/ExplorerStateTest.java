package org.diffusionexplorer.ui.common;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The shared x₀, ε, seed and t: ε follows the seed and the image's shape. */
class ExplorerStateTest {
    @Test
    void epsIsTheSeedsNoiseForTheImagesShape() {
        ExplorerState s = new ExplorerState();
        assertNull(s.x0());
        assertNull(s.eps());
        Tensor x0 = new Tensor(new float[2 * 3 * 4], 2, 3, 4);
        s.seedProperty().set(5);
        s.setImage(x0, "a.png");
        assertSame(x0, s.x0());
        assertArrayEquals(ForwardProcess.noise(5, x0.shape()).data(), s.eps().data());
        s.seedProperty().set(6);
        assertSame(x0, s.x0(), "a new seed keeps x₀");
        assertArrayEquals(ForwardProcess.noise(6, x0.shape()).data(), s.eps().data());
    }
}

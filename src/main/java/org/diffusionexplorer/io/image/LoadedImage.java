package org.diffusionexplorer.io.image;

import org.diffusionexplorer.core.tensor.Tensor;

/**
 * A decoded image in model space: C×H×W floats in [−1, 1], C = 1 for greyscale sources and 3 otherwise.
 * {@code originalWidth/Height} are the file's dimensions before any downscaling.
 */
public record LoadedImage(Tensor pixels, int originalWidth, int originalHeight, String format, String name) {
    public int channels() { return pixels.dim(0); }
    public int height() { return pixels.dim(1); }
    public int width() { return pixels.dim(2); }
    public boolean downscaled() { return width() != originalWidth || height() != originalHeight; }
}

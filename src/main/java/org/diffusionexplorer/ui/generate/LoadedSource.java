package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.List;

/**
 * A {@link Source} made runnable.
 *
 * @param images    image items (C×H×W), else 2-D points
 * @param data      the data the exact denoiser is built on (for "which data image did it end on" and the particles'
 *                  background); for a toy model, points of its training set; null when unknown
 * @param dataNames names of the data items (file names), or null
 * @param cliModel  the {@code --model} argument that reproduces it with {@code sample}, or null when there is none
 */
public record LoadedSource(Source source, Denoiser denoiser, NoiseSchedule schedule, boolean images, Tensor data,
                           List<String> dataNames, String cliModel) {
    /** Whether the sampler should clip x̂₀ to [−1, 1] by default (images). */
    public boolean clipByDefault() {
        return images;
    }
}

package org.diffusionexplorer.ui.generate;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.LatestWins;
import org.diffusionexplorer.ui.common.TaskRunner;

/**
 * The denoiser's field for 2-D models at one step: on a G×G grid of points x over the view, the arrow from x to
 * x̂₀(x, t). Computed on the worker, newest request wins; the result is {x, y, x̂₀x, x̂₀y} per grid point.
 */
public final class ParticleField {
    public static final int GRID = 17;
    private final ReadOnlyObjectWrapper<float[]> arrows = new ReadOnlyObjectWrapper<>(this, "arrows");
    private final LatestWins<Request, float[]> field;

    private record Request(Denoiser d, double t, double alphaBar, double range) {
    }

    ParticleField(TaskRunner worker) {
        this.field = worker.latestWins(r -> compute(r.d(), r.t(), r.alphaBar(), r.range()), (r, result, newest) -> arrows.set(result));
    }

    void request(Denoiser d, double t, double alphaBar, double range) {
        field.submit(new Request(d, t, alphaBar, range));
    }

    /** x̂₀ at the grid points (pure; for tests). */
    static float[] compute(Denoiser d, double t, double alphaBar, double range) {
        int g = GRID;
        float[] x = new float[2 * g * g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                int p = i * g + j;
                x[2 * p] = (float) (-range + 2 * range * (j + 0.5) / g);
                x[2 * p + 1] = (float) (-range + 2 * range * (i + 0.5) / g);
            }
        }
        Tensor x0 = SamplingRun.estimator(d, false).at(new Tensor(x, g * g, 2), t, alphaBar).x0();
        float[] out = new float[4 * g * g];
        for (int p = 0; p < g * g; p++) {
            out[4 * p] = x[2 * p];
            out[4 * p + 1] = x[2 * p + 1];
            out[4 * p + 2] = x0.data()[2 * p];
            out[4 * p + 3] = x0.data()[2 * p + 1];
        }
        return out;
    }

    public ReadOnlyObjectProperty<float[]> arrowsProperty() { return arrows.getReadOnlyProperty(); }
}

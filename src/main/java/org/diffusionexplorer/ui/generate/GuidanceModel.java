package org.diffusionexplorer.ui.generate;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.tensor.Tensor;

import org.diffusionexplorer.ui.common.LatestWins;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.util.List;
import java.util.Locale;

/**
 * The Generate tab's classifier-free guidance: a class-conditional source's class names, the class to sample (−1:
 * none) and the scale w; the guidance of the shown run; and, for its focused sample at the shown step, the two
 * predictions the sampler mixed (x̂₀ without a class, x̂₀ with it).
 */
final class GuidanceModel {
    final ObservableList<String> classNames = FXCollections.observableArrayList();
    final IntegerProperty classIndex = new SimpleIntegerProperty(this, "classIndex", -1);
    final DoubleProperty scale = new SimpleDoubleProperty(this, "guidance", 1.0);
    /** The guidance of the shown main run, or null. */
    Guidance ofRun;
    private final ReadOnlyObjectWrapper<Tensor[]> predictions = new ReadOnlyObjectWrapper<>(this, "guidePredictions");
    private final LatestWins<Request, Tensor[]> work;
    private int generation;

    /** x (one item, batch of 1) at (t, ᾱ) for a class label; {@code generation} tells a stale answer. */
    private record Request(Denoiser d, boolean clip, Tensor one, int label, double t, double alphaBar, int generation) {
    }

    GuidanceModel(TaskRunner worker) {
        this.work = worker.latestWins(GuidanceModel::predict, (r, pr, newest) -> {
            if (pr != null && r.generation() == generation) predictions.set(pr);
        });
    }

    private static Tensor[] predict(Request r) {
        Tensor none = SamplingRun.estimator(r.d(), r.clip(), new Guidance(new int[]{-1}, 1)).at(r.one(), r.t(), r.alphaBar()).x0();
        Tensor with = SamplingRun.estimator(r.d(), r.clip(), new Guidance(new int[]{r.label()}, 1)).at(r.one(), r.t(), r.alphaBar()).x0();
        return new Tensor[]{none.item(0), with.item(0)};
    }

    /** A new source with these class names (empty: unconditional): no class chosen. */
    void sourceChanged(List<String> names) {
        classNames.setAll(names);
        classIndex.set(-1);
    }

    /** Guidance for a run of count samples, or null (no class chosen, or an unconditional denoiser). */
    Guidance forRun(Denoiser d, int count) {
        int c = classIndex.get();
        if (c < 0 || d.classes() == 0 || c >= d.classes()) return null;
        return Guidance.of(c, count, scale.get());
    }

    /** The sample command's options for the chosen class, or "". */
    String cliOptions() {
        return classIndex.get() < 0 ? "" : String.format(Locale.ROOT, " --class %d --guidance %s", classIndex.get(), CliCommand.num(scale.get()));
    }

    /** A new run is shown: no predictions until asked. */
    void runShown(Guidance g) {
        ofRun = g;
        predictions.set(null);
    }

    /** No predictions to show (not a guided image run, not idle, or at the end). */
    void clear() {
        generation++;
        if (predictions.get() != null) predictions.set(null);
    }

    /**
     * Computes, off the FX thread, x̂₀ without a class and with sample's class for x (one item, C×H×W) at (t, ᾱ);
     * the latest request wins.
     */
    void request(Denoiser d, boolean clip, Tensor x, int sample, double t, double alphaBar) {
        int gen = ++generation;
        int label = ofRun.labels()[Math.min(sample, ofRun.labels().length - 1)];
        int[] shape = x.shape(), batch = new int[shape.length + 1];
        batch[0] = 1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        work.submit(new Request(d, clip, x.reshape(batch), label, t, alphaBar, gen));
    }

    ReadOnlyObjectProperty<Tensor[]> predictionsProperty() { return predictions.getReadOnlyProperty(); }
}

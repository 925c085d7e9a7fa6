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
 * The Generate tab's classifier-free guidance: a class-conditional source's class names, the class to sample
 * ({@link #RANDOM}: a class drawn from the seed for each sample, the default; {@link #NONE}: no class) and the scale w; the guidance of the shown run; and, for its focused sample at the shown step, the two
 * predictions the sampler mixed (x̂₀ without a class, x̂₀ with it).
 */
final class GuidanceModel {
    /** Class index: no class (the unconditional path; w does not apply). */
    static final int NONE = -1;
    /** Class index: a class drawn from the run's seed for each sample (as {@code sample} does without --class). */
    static final int RANDOM = -2;
    final ObservableList<String> classNames = FXCollections.observableArrayList();
    final IntegerProperty classIndex = new SimpleIntegerProperty(this, "classIndex", RANDOM);
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

    /** A new source with these class names (empty: unconditional): a random class for each sample. */
    void sourceChanged(List<String> names) {
        classNames.setAll(names);
        classIndex.set(RANDOM);
    }

    /** Guidance for a run of count samples from seed, or null (no class, or an unconditional denoiser). */
    Guidance forRun(Denoiser d, int count, long seed) {
        int c = classIndex.get();
        if (d.classes() == 0 || c >= d.classes() || (c < 0 && c != RANDOM)) return null;
        return c == RANDOM ? Guidance.randomClasses(d.classes(), count, scale.get(), seed) : Guidance.of(c, count, scale.get());
    }

    /** The sample command's options for the chosen class ("" for its defaults: a random class, w = 1). */
    String cliOptions() {
        int c = classIndex.get();
        if (classNames.isEmpty()) return "";
        if (c == NONE) return " --guidance 0";
        String w = scale.get() == 1.0 ? "" : " --guidance " + CliCommand.num(scale.get());
        return c == RANDOM ? w : String.format(Locale.ROOT, " --class %d", c) + w;
    }

    /** " · class 7, w = 3.0", " · random classes, w = 1.0" for a run's title ("" without guidance). */
    static String describe(Guidance g, boolean random) {
        if (g == null) return "";
        return String.format(Locale.ROOT, " · %s, w = %.1f", random ? "random classes" : "class " + g.labels()[0], g.scale());
    }

    /** The shown run's guidance with item i's class replaced by that of {@code one} (a one-item run), if both exist. */
    void replaceItem(int i, Guidance one) {
        if (ofRun == null || one == null || i >= ofRun.labels().length) return;
        int[] l = ofRun.labels().clone();
        l[i] = one.labels()[0];
        ofRun = new Guidance(l, ofRun.scale());
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

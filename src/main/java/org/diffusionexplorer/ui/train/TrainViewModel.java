package org.diffusionexplorer.ui.train;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.runtime.train.TrainConfig;
import org.diffusionexplorer.runtime.train.TrainingJob;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The Train view's state: data source, model size, steps, batch and learning rate; the run's state (running, paused
 * at a checkpoint, done, failed), live progress, a loss curve, preview grids and the model list. No files and no
 * threads here: {@link TrainActions} runs the job, installs the model and deletes cancelled runs, and reports back
 * through the package-private methods below (on the FX thread).
 */
public final class TrainViewModel {
    public enum State { IDLE, RUNNING, PAUSED, DONE, FAILED }

    /** A run that may start: what to train, where its folder is, and whether it continues a paused one. */
    record Run(TrainingJob.Spec spec, Path folder, boolean resume, boolean images) {
    }

    private final StringProperty data = new SimpleStringProperty(this, "data", "toy:moons");
    private final StringProperty modelSize = new SimpleStringProperty(this, "modelSize", "small");
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", 3000);
    private final IntegerProperty batch = new SimpleIntegerProperty(this, "batch", 128);
    private final DoubleProperty lr = new SimpleDoubleProperty(this, "lr", 1e-3);
    private final ObjectProperty<Path> runFolder = new SimpleObjectProperty<>(this, "runFolder");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyObjectWrapper<Double> fraction = new ReadOnlyObjectWrapper<>(this, "fraction", 0.0);
    private final ReadOnlyObjectWrapper<Tensor> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyObjectWrapper<Tensor> reference = new ReadOnlyObjectWrapper<>(this, "reference");
    private final ObservableList<double[]> loss = FXCollections.observableArrayList(); // {step, loss}
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private volatile boolean stopRequested, cancelRequested;
    private String runId;

    public TrainViewModel() {
        // defaults per kind of data: the toy recipe for points, the bundled fashion-mnist recipe for images
        data.addListener((o, a, b) -> {
            if (state.get() == State.RUNNING || state.get() == State.PAUSED) return;
            boolean wasImages = a != null && !a.trim().startsWith("toy:"), images = b != null && !b.trim().startsWith("toy:");
            if (wasImages != images) applyDefaults(images);
        });
    }

    /** Toy sets: 3 000 steps × 128 at lr 1e-3 (a minute or two). Images: the bundled model's batch 64 and lr 5e-4, 4 000 steps (≈ 40 min here; it used 20 000). */
    void applyDefaults(boolean images) {
        steps.set(images ? 4000 : 3000);
        batch.set(images ? 64 : 128);
        lr.set(images ? 5e-4 : 1e-3);
    }

    /** Preview grids: early and often for images (a step takes ~0.5 s), every 250 steps for points. */
    static int previewEvery(boolean images) {
        return images ? 50 : 250;
    }

    /** "12 min left", "1 h 05 min left" from the rate so far. */
    static String eta(int step, int total, double itPerSec) {
        if (!(itPerSec > 0) || step >= total) return "";
        long s = Math.round((total - step) / itPerSec);
        if (s < 90) return " · " + s + " s left";
        if (s < 3600) return " · " + Math.round(s / 60.0) + " min left";
        return String.format(java.util.Locale.ROOT, " · %d h %02d min left", s / 3600, (s % 3600) / 60);
    }

    private TrainingJob.Spec spec(boolean resume) {
        String d = data.get().trim();
        int bs = batch.get();
        TrainConfig c = new TrainConfig(d, ScheduleSpec.Linear.defaults(), Prediction.EPSILON, steps.get(), bs, lr.get(),
                Math.min(200, Math.max(1, steps.get() / 10)), 1.0, emaFor(steps.get()), 0, false, 250);
        String id = d.startsWith("toy:") ? "toy-" + d.substring(4) : d.equals("fashion-mnist") ? "fashion-mnist" : "folder-" + Path.of(d).getFileName();
        // a name of its own for every run, so a new run never replaces the last model trained on the same data
        if (!resume || runId == null) runId = id + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new TrainingJob.Spec(d, null, modelSize.get(), 28, 1, c, runId, "(trained in the Train view)");
    }

    /** An EMA horizon of about a twentieth of the run (0.999 at most), so short runs are not dominated by early weights. */
    static double emaFor(int steps) {
        return Math.max(0.9, Math.min(0.999, 1 - 20.0 / steps));
    }

    /**
     * Start (or Resume): validates the settings and enters RUNNING; a new run gets a fresh folder under {@code runs}.
     * Returns the run to execute, or null (already running, or a bad setting: then FAILED with the reason).
     */
    Run begin(Path runs) {
        if (state.get() == State.RUNNING) return null;
        boolean resume = state.get() == State.PAUSED && runFolder.get() != null;
        TrainingJob.Spec spec;
        try {
            spec = spec(resume);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return null;
        }
        if (!resume) {
            runFolder.set(runs.resolve(spec.id()));
            loss.clear();
            preview.set(null);
        }
        stopRequested = false;
        cancelRequested = false;
        state.set(State.RUNNING);
        progress.set(resume ? "resuming…" : "loading data…");
        return new Run(spec, runFolder.get(), resume, !spec.data().startsWith("toy:"));
    }

    /** For 2-D data, the training points drawn under the previews. */
    void reference(Tensor points) {
        reference.set(points);
    }

    /** A point of the loss curve: the mean loss since the last point. */
    void step(int step, int total, double itPerSec, double meanLoss) {
        loss.add(new double[]{step, meanLoss});
        fraction.set((double) step / total);
        progress.set(String.format(java.util.Locale.ROOT, "step %d / %d · %.2f it/s · loss %.4f", step, total, itPerSec, meanLoss) + eta(step, total, itPerSec));
    }

    void preview(Tensor samples) {
        preview.set(samples);
    }

    /** The run finished and its model was installed at dest. */
    void done(String id, Path dest) {
        state.set(State.DONE);
        progress.set("done: the model '" + id + "' is in the model list (" + dest + ")");
    }

    /** The run stopped at a checkpoint (Pause). */
    void paused() {
        state.set(State.PAUSED);
        progress.set("paused at a checkpoint; Resume continues exactly where it stopped");
    }

    /** The run was cancelled and its folder deleted (or not). */
    void cancelled(boolean deleted, Path out) {
        state.set(State.IDLE);
        runFolder.set(null);
        progress.set(deleted ? "cancelled; the run and its checkpoint were deleted" : "cancelled; its folder could not be deleted: " + out);
    }

    void fail(String message) {
        state.set(State.FAILED);
        progress.set("error: " + message);
    }

    /** Stops at the next step boundary with a checkpoint (Resume continues). */
    public void pause() {
        if (state.get() == State.RUNNING) stopRequested = true;
    }

    /**
     * Asks the run to stop and be forgotten: a running one ends at its next step; returns whether there is no job to
     * wait for (a paused or failed run), so its folder can go now.
     */
    boolean requestCancel() {
        cancelRequested = true;
        stopRequested = true;
        return state.get() == State.PAUSED || state.get() == State.FAILED;
    }

    /** Polled by the job before each step. */
    boolean stopRequested() { return stopRequested; }

    /** Whether a stop was a cancel (else a pause). */
    boolean cancelRequested() { return cancelRequested; }

    public StringProperty dataProperty() { return data; }
    public StringProperty modelSizeProperty() { return modelSize; }
    public IntegerProperty stepsProperty() { return steps; }
    public IntegerProperty batchProperty() { return batch; }
    public DoubleProperty lrProperty() { return lr; }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Double> fractionProperty() { return fraction.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Tensor> previewProperty() { return preview.getReadOnlyProperty(); }

    /** For 2-D data, up to 2000 training points (drawn under the preview samples); null for images. */
    public ReadOnlyObjectProperty<Tensor> referenceProperty() { return reference.getReadOnlyProperty(); }
    public ObservableList<double[]> loss() { return loss; }
    public ObservableList<String> models() { return models; }
    public ObjectProperty<Path> runFolderProperty() { return runFolder; }
}

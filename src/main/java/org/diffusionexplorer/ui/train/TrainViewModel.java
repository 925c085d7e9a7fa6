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
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.runtime.train.TrainConfig;
import org.diffusionexplorer.runtime.train.TrainingJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The Train view's state: data source, model size, steps, batch and learning rate; start, pause (checkpoint and stop),
 * resume, cancel; live progress, a loss curve and preview grids; the trained model is copied into the user's model
 * folder and the model list refreshed. Training runs on {@code worker}; updates reach the FX thread through
 * {@code fx} at most every ~50 ms.
 */
public final class TrainViewModel {
    public enum State { IDLE, RUNNING, PAUSED, DONE, FAILED }

    private final Executor worker;
    private final Consumer<Runnable> fx;
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
    private volatile long lastPush;

    public TrainViewModel(Executor worker, Consumer<Runnable> fx) {
        this.worker = worker;
        this.fx = fx;
        refreshModels();
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

    public void refreshModels() {
        models.setAll(ModelRegistry.list().keySet());
    }

    private String runId;

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

    /** Starts a new run in a fresh folder, or resumes the paused one. */
    public void start() {
        if (state.get() == State.RUNNING) return;
        boolean resume = state.get() == State.PAUSED && runFolder.get() != null;
        TrainingJob.Spec spec;
        try {
            spec = spec(resume);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (!resume) {
            runFolder.set(ModelRegistry.userModels().getParent().resolve("runs").resolve(spec.id()));
            loss.clear();
            preview.set(null);
        }
        Path out = runFolder.get();
        boolean images = !spec.data().startsWith("toy:");
        stopRequested = false;
        cancelRequested = false;
        state.set(State.RUNNING);
        progress.set(resume ? "resuming…" : "loading data…");
        worker.execute(() -> {
            try (TrainingJob job = TrainingJob.prepare(spec, out, resume)) {
                Tensor items = job.data().items();
                Tensor ref = items.rank() == 2 ? new Tensor(java.util.Arrays.copyOf(items.data(), Math.min(items.dim(0), 2000) * items.dim(1)),
                        Math.min(items.dim(0), 2000), items.dim(1)) : null;
                fx.accept(() -> reference.set(ref));
                double[] sum = {0};
                int[] count = {0};
                Path bundle = job.run(new TrainingJob.Listener() {
                    @Override
                    public void onStep(int step, int total, double l, double itps) {
                        sum[0] += l;
                        count[0]++;
                        long now = System.nanoTime();
                        boolean push = now - lastPush > 50_000_000L || step == total;
                        if (!push) return;
                        lastPush = now;
                        double mean = sum[0] / count[0]; // the mean since the last point, not one noisy batch
                        sum[0] = 0;
                        count[0] = 0;
                        fx.accept(() -> {
                            loss.add(new double[]{step, mean});
                            fraction.set((double) step / total);
                            progress.set(String.format(java.util.Locale.ROOT, "step %d / %d · %.2f it/s · loss %.4f", step, total, itps, mean) + eta(step, total, itps));
                        });
                    }

                    @Override
                    public void onPreview(int step, Tensor samples) {
                        fx.accept(() -> preview.set(samples));
                    }
                }, () -> stopRequested, previewEvery(images));
                Path dest = ModelRegistry.userModels().resolve(spec.id());
                ModelBundle.install(bundle, dest); // whole, by one swap: never a half-copied model in the list
                fx.accept(() -> {
                    state.set(State.DONE);
                    progress.set("done: the model '" + spec.id() + "' is in the model list (" + dest + ")");
                    refreshModels();
                });
            } catch (java.util.concurrent.CancellationException e) {
                if (cancelRequested) {
                    boolean deleted = deleteRun(out);
                    fx.accept(() -> {
                        state.set(State.IDLE);
                        runFolder.set(null);
                        progress.set(deleted ? "cancelled; the run and its checkpoint were deleted" : "cancelled; its folder could not be deleted: " + out);
                    });
                } else {
                    fx.accept(() -> {
                        state.set(State.PAUSED);
                        progress.set("paused at a checkpoint; Resume continues exactly where it stopped");
                    });
                }
            } catch (Exception e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                fx.accept(() -> fail(m));
            }
        });
    }

    private void fail(String message) {
        state.set(State.FAILED);
        progress.set("error: " + message);
    }

    /** Stops at the next step boundary with a checkpoint (Resume continues). */
    public void pause() {
        if (state.get() == State.RUNNING) stopRequested = true;
    }

    /** Stops and forgets the run: it ends at the next step and its folder (checkpoint and loss log) is deleted. */
    public void cancel() {
        cancelRequested = true;
        stopRequested = true;
        if (state.get() == State.PAUSED || state.get() == State.FAILED) {
            Path out = runFolder.get();
            boolean deleted = out == null || deleteRun(out);
            state.set(State.IDLE);
            runFolder.set(null);
            progress.set(deleted ? "cancelled; the run and its checkpoint were deleted" : "cancelled; its folder could not be deleted: " + out);
        }
    }

    /** Deletes a run folder of the Train view (only under the app's runs folder). */
    static boolean deleteRun(Path out) {
        Path runs = ModelRegistry.userModels().getParent().resolve("runs").toAbsolutePath().normalize();
        Path p = out.toAbsolutePath().normalize();
        if (!p.startsWith(runs) || p.equals(runs)) return false;
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

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

package org.diffusionexplorer.ui.train;

import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.runtime.train.TrainingJob;
import org.diffusionexplorer.ui.common.ProgressThrottle;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The Train view's commands that reach outside: choose or drop a data folder, run the training job on the training
 * runner (a checkpoint on Pause, progress through the one {@link ProgressThrottle}), install the finished model into
 * the user's model folder (whole, by one swap) and refresh the model list, delete a cancelled run's folder.
 */
public final class TrainActions {
    private final TrainViewModel vm;
    private final TaskRunner training;
    private final Supplier<Window> window;

    public TrainActions(TrainViewModel vm, TaskRunner training, Supplier<Window> window) {
        this.vm = vm;
        this.training = training;
        this.window = window;
        refreshModels();
    }

    /** The bundled and the user's models. */
    public void refreshModels() {
        vm.models().setAll(ModelRegistry.list().keySet());
    }

    public void chooseFolder() {
        File f = new DirectoryChooser().showDialog(window.get());
        if (f != null) vm.dataProperty().set(f.getAbsolutePath());
    }

    public void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    /** A dropped folder of images becomes the data. */
    public void onDragDropped(DragEvent e) {
        List<File> files = e.getDragboard().getFiles();
        boolean ok = files != null && !files.isEmpty();
        if (ok) vm.dataProperty().set(files.get(0).getAbsolutePath());
        e.setDropCompleted(ok);
        e.consume();
    }

    /** Starts a new run in a fresh folder, or resumes the paused one. */
    public void start() {
        TrainViewModel.Run run = vm.begin(runsFolder());
        if (run != null) training.execute(() -> train(run));
    }

    /** Stops and forgets the run: it ends at the next step and its folder (checkpoint and loss log) is deleted. */
    public void cancel() {
        if (!vm.requestCancel()) return; // a running job deletes its folder when it has stopped
        Path out = vm.runFolderProperty().get();
        vm.cancelled(out == null || deleteRun(out), out);
    }

    /** On the training thread: the job from data to installed model; every outcome reaches the view model. */
    private void train(TrainViewModel.Run run) {
        Path out = run.folder();
        try (TrainingJob job = TrainingJob.prepare(run.spec(), out, run.resume())) {
            Tensor items = job.data().items();
            Tensor ref = items.rank() == 2 ? new Tensor(Arrays.copyOf(items.data(), Math.min(items.dim(0), 2000) * items.dim(1)),
                    Math.min(items.dim(0), 2000), items.dim(1)) : null;
            training.fx(() -> vm.reference(ref));
            Path bundle = job.run(new TrainingJob.Listener() {
                private final ProgressThrottle throttle = new ProgressThrottle();
                private double sum;
                private int count;

                @Override
                public void onStep(int step, int total, double l, double itps) {
                    sum += l;
                    count++;
                    if (!throttle.due() && step != total) return;
                    double mean = sum / count; // the mean since the last point, not one noisy batch
                    sum = 0;
                    count = 0;
                    training.fx(() -> vm.step(step, total, itps, mean));
                }

                @Override
                public void onPreview(int step, Tensor samples) {
                    training.fx(() -> vm.preview(samples));
                }
            }, vm::stopRequested, TrainViewModel.previewEvery(run.images()));
            Path dest = ModelRegistry.userModels().resolve(run.spec().id());
            ModelBundle.install(bundle, dest); // whole, by one swap: never a half-copied model in the list
            training.fx(() -> {
                vm.done(run.spec().id(), dest);
                refreshModels();
            });
        } catch (CancellationException e) {
            if (vm.cancelRequested()) {
                boolean deleted = deleteRun(out);
                training.fx(() -> vm.cancelled(deleted, out));
            } else {
                training.fx(vm::paused);
            }
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            training.fx(() -> vm.fail(m));
        }
    }

    /** Where the Train view's runs keep their checkpoints. */
    static Path runsFolder() {
        return ModelRegistry.userModels().getParent().resolve("runs");
    }

    /** Deletes a run folder of the Train view (only under the app's runs folder). */
    static boolean deleteRun(Path out) {
        Path runs = runsFolder().toAbsolutePath().normalize();
        Path p = out.toAbsolutePath().normalize();
        if (!p.startsWith(runs) || p.equals(runs)) return false;
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

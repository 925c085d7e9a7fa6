package org.diffusionexplorer.ui.generate;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.export.ComparisonFrames;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.export.ParticleFrames;
import org.diffusionexplorer.io.export.ReverseFrames;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.trajectory.TrajectoryFiles;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Generate view's commands that reach outside: choose or drop a folder, open a trajectory folder, copy the CLI line,
 * export what is on screen (through the one Export dialog: this only builds the {@link ExportRequest}), save the grid.
 */
public final class GenerateActions {
    public static final String LAYOUT_GRID = "grid of all samples", LAYOUT_SINGLE = "focused sample: x_t | x̂₀",
            LAYOUT_PARTICLES = "particles", LAYOUT_TRAILS = "particles with trails";
    private final GenerateViewModel vm;
    private final TaskRunner tasks;
    private final StatusModel status;
    private final Supplier<Window> window;
    private final ExportRequest.Service export;

    public GenerateActions(GenerateViewModel vm, TaskRunner tasks, StatusModel status, Supplier<Window> window, ExportRequest.Service export) {
        this.vm = vm;
        this.tasks = tasks;
        this.status = status;
        this.window = window;
        this.export = export;
    }

    public void chooseFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("A folder of images to sample from (its exact denoiser)");
        File f = dc.showDialog(window.get());
        if (f != null) vm.useFolder(f.getAbsolutePath());
    }

    public void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    /** A dropped folder of images becomes the source (its exact denoiser). */
    public void onDragDropped(DragEvent e) {
        List<File> files = e.getDragboard().getFiles();
        boolean ok = files != null && !files.isEmpty() && files.get(0).isDirectory();
        if (ok) vm.useFolder(files.get(0).getAbsolutePath());
        else vm.fail("Drop a folder of images here (its exact denoiser becomes the source)");
        e.setDropCompleted(ok);
        e.consume();
    }

    /** File › Open trajectory…: a folder written by {@code sample --trajectory} (with --npy for images). */
    public void openTrajectory() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a trajectory (a folder written by sample --trajectory --npy)");
        File f = dc.showDialog(window.get());
        if (f != null) openTrajectory(f.toPath());
    }

    public void openTrajectory(Path folder) {
        status.info("Reading the trajectory in " + folder + "…");
        ProgressTask<Trajectory> task = ProgressTask.of(() -> TrajectoryFiles.read(folder));
        status.track(task);
        tasks.run(task, tr -> {
            vm.showTrajectory(tr, folder.getFileName() == null ? folder.toString() : folder.getFileName().toString());
            status.info(vm.messageProperty().get());
        }, err -> status.error("Could not open the trajectory: " + err.getMessage()));
    }

    public void copyCli() {
        ClipboardContent c = new ClipboardContent();
        c.putString(vm.cliProperty().get());
        Clipboard.getSystemClipboard().setContent(c);
        status.info("Copied: " + vm.cliProperty().get());
    }

    /** The reverse trajectory (or its particles) as an animation, through the Export dialog. */
    public void exportAnimation() {
        ExportRequest r = trajectoryRequest();
        if (r == null) {
            status.error("Nothing to export yet: sample first");
            return;
        }
        export.open(r);
    }

    /** The comparison side by side as an animation, aligned by the fraction of the way. */
    public void exportComparison() {
        ExportRequest r = comparisonRequest();
        if (r == null) {
            status.error("Run a comparison of two to four configurations first");
            return;
        }
        export.open(r);
    }

    ExportRequest trajectoryRequest() {
        Trajectory tr = vm.trajectoryProperty().get();
        if (tr == null) return null;
        int[] kept = keptUpTo(tr);
        boolean images = tr.frame(0).xt().rank() == 4;
        String sampler = vm.runLabelProperty().get();
        int focus = vm.selectedProperty().get();
        Tensor data = vm.loadedProperty().get() == null ? null : vm.loadedProperty().get().data();
        List<String> layouts = images ? List.of(LAYOUT_GRID, LAYOUT_SINGLE) : List.of(LAYOUT_PARTICLES, LAYOUT_TRAILS);
        return new ExportRequest("Reverse trajectory", images ? "reverse" : "particles", kept.length, i -> label(tr, kept[i]), layouts,
                (layout, frames, scale, overlay) -> {
                    int[] steps = new int[frames.length];
                    for (int i = 0; i < frames.length; i++) steps[i] = kept[frames[i]];
                    if (images) {
                        return new ReverseFrames(tr, steps, layout.equals(LAYOUT_SINGLE) ? ReverseFrames.Layout.SINGLE : ReverseFrames.Layout.GRID,
                                focus, scale, overlay, sampler);
                    }
                    return new ParticleFrames(tr.only(steps), data, scale > 0 ? Math.min(4096, 256 * scale) : 512, layout.equals(LAYOUT_TRAILS), overlay, sampler);
                });
    }

    ExportRequest comparisonRequest() {
        List<Trajectory> parts = vm.compareResultsProperty().get();
        if (parts.size() < 2) return null;
        List<String> titles = vm.compareConfigs().stream().map(RunConfig::label).toList();
        boolean images = parts.get(0).frame(0).xt().rank() == 4;
        Tensor data = vm.loadedProperty().get() == null ? null : vm.loadedProperty().get().data();
        return new ExportRequest("Comparison", "comparison", 101, i -> i + "%", List.of("side by side"), (layout, frames, scale, overlay) -> {
            List<FrameSource> src = new ArrayList<>();
            for (Trajectory p : parts) {
                int[] steps = new int[frames.length];
                for (int i = 0; i < frames.length; i++) steps[i] = p.nearestKept(Math.min(p.completed(), (int) Math.round(frames[i] / 100.0 * p.steps())));
                src.add(images ? new ReverseFrames(p, steps, ReverseFrames.Layout.GRID, 0, scale, overlay, null)
                        : new ParticleFrames(p.only(steps), data, 320, false, overlay, null));
            }
            return new ComparisonFrames(src, titles.size() == parts.size() ? titles : titles.subList(0, Math.min(titles.size(), parts.size())));
        });
    }

    private static String label(Trajectory tr, int k) {
        return k == tr.steps() ? "step " + k + " (sample)" : "step " + k;
    }

    private static int[] keptUpTo(Trajectory tr) {
        return java.util.Arrays.stream(tr.keptSteps()).filter(k -> k <= tr.completed()).toArray();
    }


    /** The grid at the shown step as a PNG (2-D: a scatter plot over the data). */
    public void saveGridPng() {
        Trajectory tr = vm.trajectoryProperty().get();
        if (tr == null) {
            status.error("Nothing to save yet: sample first");
            return;
        }
        int k = vm.shownStep();
        Tensor x = tr.frame(k).xt();
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the grid as PNG");
        fc.setInitialFileName("samples_step_" + k + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        Tensor data = vm.loadedProperty().get() == null ? null : vm.loadedProperty().get().data();
        double range = vm.range();
        ProgressTask<Path> task = ProgressTask.of(() -> {
            if (x.rank() == 4) {
                int cols = (int) Math.ceil(Math.sqrt(x.dim(0)));
                ImageWriter.writePng(f.toPath(), ImageGrid.grid(x, cols, Math.max(1, 128 / x.dim(3))));
            } else {
                ImageWriter.writePng(f.toPath(), ImageGrid.scatter(x, data, range, 640));
            }
            return f.toPath();
        });
        tasks.run(task, p -> status.info("Saved " + p), err -> status.error("Could not save: " + err.getMessage()));
    }
}

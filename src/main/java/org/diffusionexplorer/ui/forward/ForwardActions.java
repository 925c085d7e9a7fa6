package org.diffusionexplorer.ui.forward;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.export.ForwardFrames;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The forward explorer's commands that talk to the outside world: open, paste, drop, recent files, save the frame,
 * export the scrub (through the one Export dialog). Decoding and encoding run on workers; failures become one line in the status bar and the
 * current image stays.
 */
public final class ForwardActions {
    private final ForwardViewModel vm;
    private final TaskRunner tasks;
    private final StatusModel status;
    private final Settings settings;
    private final Supplier<Window> window;
    private final ExportRequest.Service exports;
    private Runnable onRecentChanged = () -> { };

    public ForwardActions(ForwardViewModel vm, TaskRunner tasks, StatusModel status, Settings settings, Supplier<Window> window,
                          ExportRequest.Service exports) {
        this.vm = vm;
        this.exports = exports;
        this.tasks = tasks;
        this.status = status;
        this.settings = settings;
        this.window = window;
    }

    public void setOnRecentChanged(Runnable r) {
        onRecentChanged = r;
    }

    private ImageLoader loader() {
        return new ImageLoader(settings.maxSide(), 1f);
    }

    public void openImage() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open an image");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.tif", "*.tiff"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File f = fc.showOpenDialog(window.get());
        if (f != null) load(f.toPath());
    }

    /** Loads an image file on a worker; on success it replaces x_0 and joins the recent files. */
    public void load(Path path) {
        ImageLoader loader = loader();
        status.info("Loading " + path.getFileName() + "…");
        ProgressTask<LoadedImage> task = ProgressTask.of(() -> loader.load(path));
        status.track(task);
        tasks.run(task, img -> {
            vm.setImage(img);
            settings.addRecent(path);
            settings.save();
            onRecentChanged.run();
            status.info("Loaded " + img.name() + " (" + img.width() + "×" + img.height() + ")");
        }, err -> status.error(err.getMessage()));
    }

    public List<Path> recentFiles() {
        return settings.recentFiles();
    }

    /** Ctrl+V: an image on the clipboard, or the first file of a copied file list. */
    public void paste() {
        Clipboard cb = Clipboard.getSystemClipboard();
        if (cb.hasFiles() && !cb.getFiles().isEmpty()) {
            load(cb.getFiles().get(0).toPath());
        } else if (cb.hasImage()) {
            var fx = cb.getImage();
            vm.setImage(loader().fromBufferedImage(SwingFXUtils.fromFXImage(fx, null), "pasted image"));
            status.info("Pasted an image (" + (int) fx.getWidth() + "×" + (int) fx.getHeight() + ")");
        } else {
            status.error("The clipboard holds no image or image file");
        }
    }

    public void onDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
        e.consume();
    }

    public void onDragDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
        if (ok) load(e.getDragboard().getFiles().get(0).toPath());
        e.setDropCompleted(ok);
        e.consume();
    }

    public void saveFrame() {
        if (vm.x0() == null) return;
        FileChooser fc = new FileChooser();
        fc.setTitle("Save x_t as PNG");
        fc.setInitialFileName("x_" + vm.shownTProperty().get() + ".png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        Tensor xt = vm.currentXt();
        ProgressTask<Path> task = ProgressTask.of(() -> {
            ImageWriter.writePng(f.toPath(), xt);
            return f.toPath();
        });
        tasks.run(task, p -> status.info("Saved " + p), err -> status.error("Could not save: " + err.getMessage()));
    }

    /**
     * Ctrl+E: the Export dialog for the forward process over t (x_t alone or the four panels) at the current image,
     * schedule and noise.
     */
    public void exportAnimation() {
        if (vm.x0() == null) return;
        exports.open(request());
    }

    /** What the Export dialog writes for the forward view (frames are t = 0..T−1). */
    public ExportRequest request() {
        NoiseSchedule s = vm.scheduleModel().schedule();
        Tensor x0 = vm.x0(), eps = vm.eps();
        String name = vm.scheduleModel().spec().presetName();
        return new ExportRequest("Forward process (" + name + ", T = " + s.steps() + ")", "forward-" + name, s.steps(), t -> "t = " + t,
                List.of("x_t", "x₀ | x_t | ε | √ᾱ·x₀"),
                (layout, ts, scale, overlay) -> new ForwardFrames(x0, eps, s, null, ts, !layout.equals("x_t"), scale, overlay));
    }
}

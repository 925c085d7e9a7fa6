package org.diffusionexplorer.ui.forward;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.animation.ForwardAnimation;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.controls.NumberField;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The forward explorer's commands that talk to the outside world: open, paste, drop, recent files, save the frame,
 * export the scrub as a GIF. Decoding and encoding run on workers; failures become one line in the status bar and the
 * current image stays.
 */
public final class ForwardActions {
    private final ForwardViewModel vm;
    private final TaskRunner tasks;
    private final StatusModel status;
    private final Settings settings;
    private final Supplier<Window> window;
    private Runnable onRecentChanged = () -> { };

    public ForwardActions(ForwardViewModel vm, TaskRunner tasks, StatusModel status, Settings settings, Supplier<Window> window) {
        this.vm = vm;
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
        ProgressTask<LoadedImage> task = new ProgressTask<>() {
            @Override
            protected LoadedImage call() throws InputException {
                return loader.load(path);
            }
        };
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
        ProgressTask<Path> task = new ProgressTask<>() {
            @Override
            protected Path call() throws Exception {
                ImageWriter.writePng(f.toPath(), xt);
                return f.toPath();
            }
        };
        tasks.run(task, p -> status.info("Saved " + p), err -> status.error("Could not save: " + err.getMessage()));
    }

    /** Asks for the t range, stride and fps, then writes the GIF on a worker with progress and cancel. */
    public void exportGif() {
        if (vm.x0() == null) return;
        NoiseSchedule s = vm.scheduleModel().schedule();
        int last = s.steps() - 1;
        NumberField from = new NumberField(0, true, "first t");
        NumberField to = new NumberField(last, true, "last t");
        NumberField stride = new NumberField(Math.max(1, s.steps() / 100), true, "every n-th t");
        NumberField fps = new NumberField(25, false, "frames per second");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        g.addRow(0, new Label("from t"), from);
        g.addRow(1, new Label("to t"), to);
        g.addRow(2, new Label("stride"), stride);
        g.addRow(3, new Label("fps"), fps);
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(window.get());
        d.setTitle("Export the scrub as an animated GIF");
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (d.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) return;
        int[] ts;
        try {
            int a = (int) from.value(), b = (int) to.value();
            if (a < 0 || b < 0 || a > last || b > last) throw new IllegalArgumentException("t must be between 0 and " + last);
            ts = ForwardAnimation.timesteps(a, b, (int) stride.value());
            if (!(fps.value() > 0 && fps.value() <= 100)) throw new IllegalArgumentException("fps must be between 0 and 100");
        } catch (IllegalArgumentException ex) {
            status.error("Export: " + ex.getMessage());
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the animation");
        fc.setInitialFileName("forward.gif");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("GIF animation", "*.gif"));
        File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        startGifExport(f.toPath(), ts, fps.value());
    }

    /** Writes the GIF on a worker (public for tests and the menu). */
    public ProgressTask<Path> startGifExport(Path out, int[] ts, double fps) {
        NoiseSchedule s = vm.scheduleModel().schedule();
        Tensor x0 = vm.x0(), eps = vm.eps();
        ProgressTask<Path> task = new ProgressTask<>() {
            @Override
            protected Path call() throws Exception {
                ForwardAnimation.writeGif(out, s, x0, eps, ts, fps,
                        f -> progress(f, "frame " + Math.round(f * ts.length) + " of " + ts.length), this::isCancelled);
                return out;
            }
        };
        task.setOnCancelled(e -> status.info("Export cancelled; nothing was written"));
        status.track(task);
        status.info("Exporting " + ts.length + " frames…");
        tasks.run(task, p -> status.info("Saved " + p + " (" + ts.length + " frames)"),
                err -> status.error("Export failed: " + err.getMessage()));
        return task;
    }
}

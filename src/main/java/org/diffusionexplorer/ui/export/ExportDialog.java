package org.diffusionexplorer.ui.export;

import javafx.beans.Observable;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.controlsfx.control.RangeSlider;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.Debouncer;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one Export dialog: previews of the first and last frames, the frame range (a ControlsFX RangeSlider) and
 * stride, layout, format and encoding options, a size estimate, then progress with ETA and Cancel (button or Esc).
 * Files are written atomically by {@link org.diffusionexplorer.io.export.Exporter}; the last folder and format are
 * remembered.
 */
public final class ExportDialog {
    private final ExportViewModel vm;
    private final Stage stage = new Stage();
    private final TaskRunner tasks;
    private final Settings settings;
    private final StatusModel status;
    private final ImageView first = new ImageView(), last = new ImageView();
    private final Label firstLabel = new Label(), lastLabel = new Label(), summary = new Label(), message = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button exportButton = new Button("Export…"), close = new Button("Close");
    private final Debouncer debounce = new Debouncer(Duration.millis(150), this::refreshPreview);
    private Task<?> running;
    private int previewGeneration;

    /** Opens the dialog (returns at once; the dialog is modal to its owner). */
    public static ExportDialog show(Window owner, ExportRequest request, TaskRunner tasks, Settings settings, StatusModel status) {
        ExportDialog d = new ExportDialog(owner, request, tasks, settings, status);
        d.stage.show();
        return d;
    }

    private ExportDialog(Window owner, ExportRequest request, TaskRunner tasks, Settings settings, StatusModel status) {
        this.vm = new ExportViewModel(request, settings.exportFormat());
        this.tasks = tasks;
        this.settings = settings;
        this.status = status;
        Label header = new Label("Export: " + request.title());
        header.getStyleClass().add("title-3");
        header.setStyle("-fx-font-size: 1.3em; -fx-font-weight: bold;");
        VBox previews = new VBox(6, caption("First frame"), first, firstLabel, caption("Last frame"), last, lastLabel);
        previews.setMinWidth(260);
        for (ImageView v : new ImageView[]{first, last}) {
            v.setFitWidth(240);
            v.setFitHeight(170);
            v.setPreserveRatio(true);
            v.setSmooth(false);
        }
        BorderPane root = new BorderPane();
        root.setTop(header);
        BorderPane.setMargin(header, new Insets(0, 0, 12, 0));
        HBox center = new HBox(20, previews, controls());
        root.setCenter(center);
        HBox bottom = bottomBar();
        root.setBottom(bottom);
        BorderPane.setMargin(bottom, new Insets(12, 0, 0, 0));
        root.setPadding(new Insets(16, 20, 16, 20));
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        scene.getStylesheets().add(Objects.requireNonNull(ExportDialog.class.getResource("/org/diffusionexplorer/ui/export/range-slider.css")).toExternalForm());
        scene.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                cancelOrClose();
            }
        });
        stage.setScene(scene);
        stage.setTitle("Export — " + request.title());
        if (owner != null) stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setOnCloseRequest(e -> {
            if (running != null) {
                e.consume();
                cancelOrClose();
            }
        });
        for (Observable o : new Observable[]{vm.layout, vm.from, vm.to, vm.stride, vm.scale, vm.overlay}) o.addListener(x -> debounce.trigger());
        for (Observable o : new Observable[]{vm.format, vm.fps, vm.hold, vm.boomerang, vm.sheetFrames, vm.quality}) o.addListener(x -> updateSummary());
        refreshPreview();
    }

    private static Label caption(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-opacity: 0.75;");
        return l;
    }

    private GridPane controls() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        g.getColumnConstraints().addAll(labels, new ColumnConstraints(260, 320, Double.MAX_VALUE));
        int row = 0;
        ExportRequest r = vm.request();
        if (r.layouts().size() > 1) {
            ChoiceBox<String> layout = new ChoiceBox<>();
            layout.getItems().setAll(r.layouts());
            layout.valueProperty().bindBidirectional(vm.layout);
            g.addRow(row++, new Label("Show"), layout);
        }
        int max = r.frameCount() - 1;
        if (max > 0) {
            RangeSlider range = new RangeSlider(0, max, 0, max);
            range.setShowTickMarks(false);
            range.setMinWidth(240);
            range.setBlockIncrement(1);
            Label rangeText = new Label();
            Runnable sync = () -> {
                vm.from.set((int) Math.round(range.getLowValue()));
                vm.to.set((int) Math.round(range.getHighValue()));
                rangeText.setText("from " + r.label().apply(vm.from.get()) + " to " + r.label().apply(vm.to.get()));
            };
            range.lowValueProperty().addListener(o -> sync.run());
            range.highValueProperty().addListener(o -> sync.run());
            sync.run();
            Spinner<Integer> stride = new Spinner<>(1, Math.max(1, max), vm.stride.get());
            stride.setEditable(true);
            stride.setPrefWidth(90);
            stride.valueProperty().addListener((o, a, b) -> vm.stride.set(b));
            stride.setTooltip(new Tooltip("Every n-th frame"));
            g.addRow(row++, new Label("Frames"), new VBox(4, range, rangeText));
            g.addRow(row++, new Label("Every"), stride);
        }
        ChoiceBox<ExportFormat> format = new ChoiceBox<>();
        format.getItems().setAll(ExportFormat.values());
        format.setConverter(new StringConverter<>() {
            @Override public String toString(ExportFormat f) {
                if (f == null) return "";
                String why = f.unavailableReason();
                return f.description + (why == null ? "" : " — not available here");
            }
            @Override public ExportFormat fromString(String s) { return null; }
        });
        format.valueProperty().bindBidirectional(vm.format);
        g.addRow(row++, new Label("Format"), format);

        Spinner<Double> fps = new Spinner<>(1.0, 120.0, vm.fps.get(), 1.0);
        fps.setEditable(true);
        fps.setPrefWidth(90);
        fps.valueProperty().addListener((o, a, b) -> vm.fps.set(b));
        Spinner<Double> hold = new Spinner<>(0.0, 60.0, 0.0, 0.5);
        hold.setEditable(true);
        hold.setPrefWidth(90);
        hold.valueProperty().addListener((o, a, b) -> vm.hold.set(b));
        CheckBox boomerang = check("Boomerang", "Play forward, then back", vm.boomerang);
        CheckBox endless = check("Loop endlessly", "GIF and APNG: loop forever (else play once)", vm.endless);
        g.addRow(row++, new Label("Frames/s"), new HBox(10, fps, new Label("hold last"), hold, new Label("s")));
        g.addRow(row++, new Label("Playback"), new HBox(14, endless, boomerang));
        ChoiceBox<Integer> scale = new ChoiceBox<>();
        scale.getItems().setAll(0, 1, 2, 3, 4, 6, 8, 12, 16);
        scale.setConverter(new StringConverter<>() {
            @Override public String toString(Integer s) { return s == null ? "" : s == 0 ? "automatic (small images ×8)" : "×" + s; }
            @Override public Integer fromString(String s) { return null; }
        });
        scale.setValue(0);
        scale.valueProperty().addListener((o, a, b) -> vm.scale.set(b));
        g.addRow(row++, new Label("Scale"), scale);
        g.addRow(row++, new Label("Captions"), check("t, ᾱ, step and sampler on each frame", "Draw a caption band on every frame", vm.overlay));
        CheckBox global = check("One palette", "GIF: one colour table for all frames (else one per frame)", vm.globalPalette);
        CheckBox dither = check("Dither", "GIF: Floyd–Steinberg dithering", vm.dither);
        HBox gif = new HBox(14, global, dither);
        Slider quality = new Slider(1, 100, vm.quality.get());
        quality.valueProperty().addListener((o, a, b) -> vm.quality.set(b.intValue()));
        quality.setTooltip(new Tooltip("Video quality: higher gives larger files closer to the frames"));
        Spinner<Integer> sheet = new Spinner<>(1, 256, vm.sheetFrames.get());
        sheet.setPrefWidth(90);
        sheet.valueProperty().addListener((o, a, b) -> vm.sheetFrames.set(b));
        Label gifLabel = new Label("GIF"), qLabel = new Label("Quality"), sheetLabel = new Label("Sheet frames");
        g.addRow(row++, gifLabel, gif);
        g.addRow(row++, qLabel, quality);
        g.addRow(row++, sheetLabel, sheet);
        Runnable visibility = () -> {
            ExportFormat f = vm.format.get();
            show(f == ExportFormat.GIF, gifLabel, gif);
            show(f.video(), qLabel, quality);
            show(f == ExportFormat.SHEET, sheetLabel, sheet);
            String why = f.unavailableReason();
            exportButton.setDisable(why != null || running != null);
            if (why != null) message.setText(why);
            else if (running == null) message.setText("");
        };
        vm.format.addListener(o -> visibility.run());
        visibility.run();
        summary.setWrapText(true);
        g.add(summary, 0, row++, 2, 1);
        return g;
    }

    private static void show(boolean on, javafx.scene.Node... nodes) {
        for (javafx.scene.Node n : nodes) {
            n.setVisible(on);
            n.setManaged(on);
        }
    }

    private static CheckBox check(String text, String tip, javafx.beans.property.BooleanProperty p) {
        CheckBox c = new CheckBox(text);
        c.selectedProperty().bindBidirectional(p);
        c.setTooltip(new Tooltip(tip));
        return c;
    }

    private HBox bottomBar() {
        progress.setPrefWidth(220);
        progress.setVisible(false);
        exportButton.setDefaultButton(true);
        exportButton.setOnAction(e -> chooseAndExport());
        close.setOnAction(e -> cancelOrClose());
        close.setTooltip(new Tooltip("Cancel the export, or close (Esc)"));
        close.setMinWidth(90);
        exportButton.setMinWidth(90);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        message.setWrapText(true);
        HBox box = new HBox(10, progress, message, spacer, close, exportButton);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void refreshPreview() {
        int gen = ++previewGeneration;
        Task<Object[]> t = new Task<>() {
            @Override
            protected Object[] call() {
                FrameSource src = vm.source();
                int n = src.frameCount();
                return new Object[]{src, src.frame(0), src.frame(n - 1)};
            }
        };
        tasks.run(t, res -> {
            if (gen != previewGeneration) return;
            FrameSource src = (FrameSource) res[0];
            first.setImage(image((int[]) res[1], src.width(), src.height()));
            last.setImage(image((int[]) res[2], src.width(), src.height()));
            firstLabel.setText(src.label(0));
            lastLabel.setText(src.label(src.frameCount() - 1));
            summaryFor = src;
            updateSummary();
        }, err -> message.setText("Cannot show these frames: " + err.getMessage()));
    }

    private FrameSource summaryFor;

    private void updateSummary() {
        if (summaryFor == null) return;
        try {
            summary.setText(vm.summary(summaryFor));
        } catch (IllegalArgumentException e) {
            summary.setText(e.getMessage());
        }
    }

    private static WritableImage image(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    private void chooseAndExport() {
        ExportFormat f = vm.format.get();
        Path folder = settings.exportFolder();
        File chosen;
        if (f.folder) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Choose a folder for the frames (a new subfolder " + vm.fileName() + " is made in it)");
            if (folder != null && Files.isDirectory(folder)) dc.setInitialDirectory(folder.toFile());
            File parent = dc.showDialog(stage);
            chosen = parent == null ? null : new File(parent, vm.fileName());
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export as " + f.description);
            fc.setInitialFileName(vm.fileName());
            if (folder != null && Files.isDirectory(folder)) fc.setInitialDirectory(folder.toFile());
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.description, "*" + (f == ExportFormat.SHEET ? ".png" : f.extension)));
            chosen = fc.showSaveDialog(stage);
        }
        if (chosen != null) start(chosen.toPath());
    }

    /** Starts writing to out (public for tests). */
    public ProgressTask<Path> start(Path out) {
        ProgressTask<Path> task = vm.exportTask(out);
        running = task;
        exportButton.setDisable(true);
        close.setText("Cancel");
        progress.setVisible(true);
        progress.progressProperty().bind(task.progressProperty());
        message.textProperty().bind(task.messageProperty());
        task.stateProperty().addListener((o, a, s) -> {
            if (s == Worker.State.SUCCEEDED || s == Worker.State.FAILED || s == Worker.State.CANCELLED) finished(task, s, out);
        });
        tasks.run(task, p -> { }, err -> { });
        return task;
    }

    private void finished(ProgressTask<Path> task, Worker.State s, Path out) {
        running = null;
        progress.progressProperty().unbind();
        message.textProperty().unbind();
        close.setText("Close");
        exportButton.setDisable(false);
        switch (s) {
            case SUCCEEDED -> {
                settings.setExportFolder(out.toAbsolutePath().getParent());
                settings.setExportFormat(vm.format.get().cliName);
                settings.save();
                if (status != null) status.info("Exported " + out);
                stage.close();
            }
            case CANCELLED -> {
                progress.setVisible(false);
                message.setText("Cancelled; nothing was written.");
            }
            default -> {
                progress.setVisible(false);
                Throwable e = task.getException();
                message.setText("Export failed: " + (e == null ? "unknown error" : e.getMessage()));
            }
        }
    }

    private void cancelOrClose() {
        if (running != null) running.cancel();
        else stage.close();
    }

    public Stage stage() { return stage; }
    public ExportViewModel viewModel() { return vm; }
}

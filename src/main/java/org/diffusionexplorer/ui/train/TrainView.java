package org.diffusionexplorer.ui.train;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.CurvePlot;
import org.diffusionexplorer.ui.controls.ImagePanel;
import org.diffusionexplorer.ui.controls.NumberField;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Layout and bindings of the Train view (state in {@link TrainViewModel}, commands that reach outside in
 * {@link TrainActions}). Drop a folder of images to train on it.
 */
public final class TrainView extends BorderPane {
    private final TrainViewModel vm;
    private final CurvePlot lossPlot = new CurvePlot("training loss", true);
    private final ImagePanel preview = new ImagePanel("preview (EMA weights, DDIM 20 steps)", "Samples from the model as it trains");

    /** @param openInGenerate opens a model id in the Generate tab (its button and a double-click), or null */
    public TrainView(TrainViewModel vm, TrainActions actions, java.util.function.Consumer<String> openInGenerate) {
        this.vm = vm;
        ComboBox<String> data = new ComboBox<>();
        data.setEditable(true);
        for (String t : ToyDatasets.NAMES) data.getItems().add("toy:" + t);
        data.getItems().add("fashion-mnist");
        data.valueProperty().bindBidirectional(vm.dataProperty());
        data.setTooltip(new Tooltip("A 2-D toy set, fashion-mnist (Debian's dataset-fashion-mnist), or a folder of images (drop it here)"));
        data.setMaxWidth(Double.MAX_VALUE);
        Button folder = new Button("Choose folder…");
        folder.setTooltip(new Tooltip("Train on a folder of images (centre-cropped and resized to 28×28 grey)"));
        folder.setOnAction(e -> actions.chooseFolder());
        ChoiceBox<String> size = new ChoiceBox<>();
        size.getItems().addAll("tiny", "small", "medium", "large");
        size.valueProperty().bindBidirectional(vm.modelSizeProperty());
        size.setTooltip(new Tooltip("Model size preset: UNet width for images, MLP width for points"));
        NumberField steps = new NumberField(vm.stepsProperty().get(), true, "Optimisation steps");
        steps.setOnCommit(v -> vm.stepsProperty().set((int) Math.max(1, Math.min(10_000_000, v))));
        vm.stepsProperty().addListener((o, a, b) -> steps.setValue(b.intValue()));
        NumberField batch = new NumberField(vm.batchProperty().get(), true, "Batch size");
        batch.setOnCommit(v -> vm.batchProperty().set((int) Math.max(1, Math.min(4096, v))));
        NumberField lr = new NumberField(vm.lrProperty().get(), false, "Adam learning rate");
        lr.setOnCommit(v -> vm.lrProperty().set(v));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        form.addRow(0, new Label("model"), size);
        form.addRow(1, new Label("steps"), steps);
        form.addRow(2, new Label("batch"), batch);
        form.addRow(3, new Label("lr"), lr);

        Button start = new Button("Start"), pause = new Button("Pause"), cancel = new Button("Cancel");
        start.setTooltip(new Tooltip("Start training (or resume a paused run)"));
        pause.setTooltip(new Tooltip("Stop at the next step with a checkpoint; Resume continues exactly"));
        cancel.setTooltip(new Tooltip("Stop and forget this run (its folder and checkpoint are deleted)"));
        for (Button b : new Button[]{start, pause, cancel}) b.setMinWidth(76); // "Resume" must not push the others sideways
        start.setOnAction(e -> actions.start());
        pause.setOnAction(e -> vm.pause());
        cancel.setOnAction(e -> actions.cancel());
        vm.stateProperty().addListener((o, a, s) -> {
            start.setText(s == TrainViewModel.State.PAUSED ? "Resume" : "Start");
            start.setDisable(s == TrainViewModel.State.RUNNING);
            pause.setDisable(s != TrainViewModel.State.RUNNING);
        });
        pause.setDisable(true);
        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.fractionProperty());
        Label progress = new Label();
        progress.setWrapText(true);
        progress.textProperty().bind(vm.progressProperty());
        ListView<String> models = new ListView<>(vm.models());
        models.setPrefHeight(160);
        models.setTooltip(new Tooltip(openInGenerate == null ? "Bundled and trained models (sample them with the CLI: sample --model ID)"
                : "Bundled and trained models: double-click one (or Open in Generate) to sample it and watch it denoise"));
        Button open = new Button("Open in Generate");
        open.setTooltip(new Tooltip("Sample the selected model in the Generate tab"));
        open.setVisible(openInGenerate != null);
        open.setManaged(openInGenerate != null);
        open.disableProperty().bind(models.getSelectionModel().selectedItemProperty().isNull());
        if (openInGenerate != null) {
            open.setOnAction(e -> openInGenerate.accept(models.getSelectionModel().getSelectedItem()));
            models.setOnMouseClicked(e -> {
                String id = models.getSelectionModel().getSelectedItem();
                if (e.getClickCount() == 2 && id != null) openInGenerate.accept(id);
            });
        }

        VBox side = new VBox(8, section("Data"), data, folder, new Separator(), section("Model and training"), form,
                new HBox(6, start, pause, cancel), bar, progress, new Separator(), section("Models"), models, open, new Separator(),
                new org.diffusionexplorer.ui.controls.Explainer(
                        "loss = ‖ ε − ε_θ(√ᾱ_t · x₀ + √(1 − ᾱ_t) · ε, t) ‖²,   t ~ U{0 … T−1},   ε ~ N(0, I)",
                        "Training (Ho et al. 2020, Algorithm 1): take a training image x₀, a random t and fresh noise ε, make the "
                                + "noisy x_t, and teach the network to say which noise was added. The loss curve is that error, "
                                + "averaged; it falls quickly and then slowly (most of it is noise no network can predict at large "
                                + "t). The previews sample with the current weights (an average of them, the EMA, which is what "
                                + "gets saved), so you can watch shapes appear long before the loss stops moving."));
        side.setPadding(new Insets(10));
        side.setPrefWidth(280);
        ScrollPane sp = new ScrollPane(side);
        sp.setFitToWidth(true);
        setLeft(sp);
        lossPlot.setPrefSize(600, 260);
        lossPlot.setXName("step");
        lossPlot.setEmptyText("The loss appears here once training starts");
        preview.setPrefSize(420, 420);
        VBox center = new VBox(8, lossPlot, preview);
        VBox.setVgrow(preview, Priority.ALWAYS);
        center.setPadding(new Insets(8));
        setCenter(center);
        vm.loss().addListener((ListChangeListener<double[]>) c -> showLoss());
        vm.previewProperty().addListener((o, a, t) -> showPreview(t));
        setOnDragOver(actions::onDragOver);
        setOnDragDropped(actions::onDragDropped);
    }

    /** The loss plot's colours for the theme (and the 2-D preview's background at the next preview). */
    public void applyTheme(boolean dark) {
        Color axis = dark ? Color.gray(0.6) : Color.gray(0.45), grid = dark ? Color.gray(0.25) : Color.gray(0.9), text = dark ? Color.gray(0.85) : Color.gray(0.2);
        lossPlot.setColors(axis, grid, text);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.SECTION);
        return l;
    }

    /** The loss against the step (the view model reports a mean loss now and then; in between, linear). */
    private void showLoss() {
        var l = vm.loss();
        if (l.isEmpty()) return;
        int last = (int) l.get(l.size() - 1)[0];
        double[] v = new double[last + 1];
        int j = 0;
        for (int s = 0; s <= last; s++) {
            while (j + 1 < l.size() && l.get(j + 1)[0] <= s) j++;
            double[] a = l.get(j), b = l.get(Math.min(j + 1, l.size() - 1));
            v[s] = s <= a[0] || b[0] == a[0] ? a[1] : a[1] + (b[1] - a[1]) * (s - a[0]) / (b[0] - a[0]);
        }
        lossPlot.setSeries(List.of(new CurvePlot.Series("loss", v, Color.web("#2563eb"), false)));
        lossPlot.setCurrentT(last);
    }

    private void showPreview(Tensor t) {
        if (t == null) return;
        // 2-D data: the samples in blue over the training data in grey
        boolean dark = getScene() != null && getScene().getStylesheets().stream().anyMatch(s -> s.contains("app-dark"));
        BufferedImage img = t.rank() == 2 ? ImageGrid.scatter(t, vm.referenceProperty().get(), 3.0, 400, dark) : ImageGrid.grid(t, 4, 4);
        int w = img.getWidth(), h = img.getHeight();
        preview.setPixels(img.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    public TrainViewModel viewModel() { return vm; }
}

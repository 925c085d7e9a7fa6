package org.diffusionexplorer.ui.schedule;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleDiagnostics;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.CurvePlot;
import org.diffusionexplorer.ui.controls.ImagePanel;
import org.diffusionexplorer.ui.controls.NumberField;
import org.diffusionexplorer.ui.controls.SchedulePresetPanel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schedule editor: presets and parameters, a draggable log-SNR curve, live plots of β, ᾱ, √ᾱ, √(1−ᾱ) and σ,
 * pinned overlays with x_t thumbnails at the same t and noise, diagnostics, and file commands.
 */
public final class ScheduleEditorView extends BorderPane {
    static final Color[] PIN_COLORS = {Color.web("#f97316"), Color.web("#16a34a"), Color.web("#a855f7"), Color.web("#64748b")};
    static final Color CURRENT = Color.web("#2563eb");

    private final ScheduleEditorViewModel vm;
    private final CurvePlot logSnrPlot = new CurvePlot("log-SNR λ_t  (drag points; double-click adds, right-click removes)", false);
    private final List<CurvePlot> small = new ArrayList<>();
    private final List<NoiseSchedule.Column> smallColumns = List.of(NoiseSchedule.Column.BETA, NoiseSchedule.Column.ALPHA_BAR,
            NoiseSchedule.Column.SQRT_ALPHA_BAR, NoiseSchedule.Column.SQRT_ONE_MINUS_ALPHA_BAR, NoiseSchedule.Column.SIGMA);
    private final VBox diagnostics = new VBox(6);
    private final VBox pinList = new VBox(4);
    private final HBox thumbs = new HBox(8);
    private final Label karras = new Label();
    private final javafx.beans.property.DoubleProperty diagnosticsWidth = new javafx.beans.property.SimpleDoubleProperty(220);
    private final VBox plots;
    private long redrawNanos, redraws;

    public ScheduleEditorView(ScheduleEditorViewModel vm, ScheduleFileActions files) {
        this.vm = vm;
        for (NoiseSchedule.Column c : smallColumns) {
            CurvePlot p = new CurvePlot(c.label, c == NoiseSchedule.Column.BETA || c == NoiseSchedule.Column.SIGMA);
            p.setPrefSize(180, 140);
            p.setMinWidth(140);
            p.setOnSetT(t -> vm.tProperty().set(t));
            small.add(p);
        }
        logSnrPlot.setPrefSize(480, 260);
        logSnrPlot.setOnSetT(t -> vm.tProperty().set(t));
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        for (int i = 0; i < small.size(); i++) {
            grid.add(small.get(i), i % 3, i / 3);
            GridPane.setHgrow(small.get(i), Priority.ALWAYS);
        }
        grid.add(karrasBox(), 2, 1);
        Label thumbsTitle = section("x_t at the current t, same noise, per schedule");
        plots = new VBox(8, logSnrPlot, grid, thumbsTitle, thumbs);
        VBox.setVgrow(logSnrPlot, Priority.ALWAYS);
        plots.setPadding(new Insets(8));
        setCenter(plots);
        setLeft(sidebar(files));
        var explain = new org.diffusionexplorer.ui.controls.Explainer(
                "β_t → α_t = 1 − β_t → ᾱ_t = ∏ α_s → log-SNR λ_t = log(ᾱ_t / (1 − ᾱ_t)),   σ_t = √((1 − ᾱ_t) / ᾱ_t)",
                "A noise schedule is the list β_0 … β_{T−1}. Everything else follows: ᾱ_t is how much of the image survives to "
                        + "step t, the log-SNR how much signal there is against noise (positive: mostly image; negative: mostly "
                        + "noise), σ_t the noise level in the units Karras et al. use. The big plot is the log-SNR; drag its points "
                        + "to draw your own schedule. A good schedule spends its steps where the image is neither clean nor gone "
                        + "(log-SNR near 0) and ends at pure noise (ᾱ_{T−1} ≈ 0), or sampling starts from noise the model never saw.");
        ScrollPane right = new ScrollPane(new VBox(8, section("Diagnostics"), diagnostics, new Separator(), explain));
        right.setFitToWidth(true);
        right.setPrefWidth(260);
        right.setMinWidth(200);
        right.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        diagnosticsWidth.bind(right.widthProperty().subtract(40));
        right.setPadding(new Insets(8));
        setRight(right);
        vm.model().scheduleProperty().addListener((o, a, b) -> redraw());
        vm.tProperty().addListener((o, a, b) -> updateT());
        vm.samplerTimestepsProperty().addListener((o, a, b) -> redraw());
        vm.pinned().addListener((ListChangeListener<ScheduleEditorViewModel.Pinned>) c -> {
            rebuildPins();
            redraw();
        });
        vm.thumbnailsProperty().addListener((o, a, b) -> showThumbnails(b));
        showThumbnails(vm.thumbnailsProperty().get());
        vm.diagnosticsProperty().addListener((o, a, b) -> showDiagnostics(b));
        showDiagnostics(vm.diagnosticsProperty().get());
        redraw();
    }

    private VBox karrasBox() {
        karras.setWrapText(true);
        karras.setMaxWidth(200);
        karras.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Tooltip.install(karras, new Tooltip("The Karras et al. (2022) σ grid for N steps: σ_i = (σ_max^{1/ρ} + i/(N−1)(σ_min^{1/ρ} − σ_max^{1/ρ}))^ρ"));
        Label title = section("Karras σ grid, ρ = 7");
        title.setWrapText(true);
        title.setMaxWidth(200);
        return new VBox(4, title, karras);
    }

    private ScrollPane sidebar(ScheduleFileActions files) {
        Button draw = new Button("Draw by hand");
        draw.setTooltip(new Tooltip("Turn the schedule into control points on the log-SNR curve that you can drag"));
        draw.setOnAction(e -> vm.convertToCustom());
        draw.setMaxWidth(Double.MAX_VALUE);
        MenuButton reset = new MenuButton("Reset to preset");
        reset.setTooltip(new Tooltip("Replace the schedule with a preset (undoable)"));
        for (String p : ScheduleSpec.PRESETS) {
            MenuItem m = new MenuItem(p);
            m.setOnAction(e -> vm.resetTo(p));
            reset.getItems().add(m);
        }
        reset.setMaxWidth(Double.MAX_VALUE);
        Button undo = new Button("Undo"), redo = new Button("Redo");
        undo.setTooltip(new Tooltip("Undo the last schedule edit (Ctrl+Z)"));
        redo.setTooltip(new Tooltip("Redo (Ctrl+Shift+Z)"));
        undo.disableProperty().bind(vm.model().canUndoProperty().not());
        redo.disableProperty().bind(vm.model().canRedoProperty().not());
        undo.setOnAction(e -> vm.model().undo());
        redo.setOnAction(e -> vm.model().redo());
        Label msg = new Label();
        msg.getStyleClass().add(Styles.ERROR);
        msg.setWrapText(true);
        msg.textProperty().bind(vm.messageProperty());

        Button save = button("Save JSON…", "Save the schedule as a versioned JSON file (readable by the CLI's schedule --in)", files::saveJson);
        Button load = button("Load JSON…", "Load a schedule JSON file; a bad file is refused and the current schedule stays", files::loadJson);
        Button csv = button("Export CSV…", "The tables t, β, α, ᾱ, √ᾱ, √(1−ᾱ), log-SNR as CSV", files::exportCsv);
        Button png = button("Export plots PNG…", "A picture of the plots", () -> files.exportPng(plots));
        Button anim = button("Export animation…", "The forward process under this schedule and the pinned ones, side by side (GIF, APNG, MP4, WebM, frames, sheet)",
                () -> files.exportAnimation(vm.pinned()));

        NumberField n = new NumberField(vm.samplerStepsProperty().get(), true, "N: how many steps a sampler takes; its timesteps are marked on the plots");
        n.setOnCommit(v -> vm.samplerStepsProperty().set((int) Math.max(1, Math.min(100_000, v))));
        ChoiceBox<TimestepSpacing> spacing = new ChoiceBox<>();
        spacing.getItems().addAll(TimestepSpacing.values());
        spacing.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(TimestepSpacing v) { return v == null ? "" : v.cliName(); }
            @Override public TimestepSpacing fromString(String s) { return TimestepSpacing.parse(s); }
        });
        spacing.setValue(vm.spacingProperty().get());
        spacing.setTooltip(new Tooltip("Timestep spacing (diffusers): linspace, leading (never visits T−1), trailing"));
        spacing.valueProperty().bindBidirectional(vm.spacingProperty());

        Button pin = button("Pin current", "Keep the current schedule as an overlay to compare (up to 4)", vm::pinCurrent);
        MenuButton pinPreset = new MenuButton("Pin a preset");
        pinPreset.setTooltip(new Tooltip("Overlay a preset with the same T"));
        for (String p : ScheduleSpec.PRESETS) {
            MenuItem m = new MenuItem(p);
            m.setOnAction(e -> vm.pinPreset(p));
            pinPreset.getItems().add(m);
        }
        pinPreset.setMaxWidth(Double.MAX_VALUE);

        VBox box = new VBox(8, section("Schedule"), new SchedulePresetPanel(vm.model()), draw, reset, new HBox(6, undo, redo), msg,
                new Separator(), section("Files"), save, load, csv, png, anim,
                new Separator(), section("Sampler timesteps"), new HBox(6, new Label("N"), n, spacing),
                new Separator(), section("Compare"), pin, pinPreset, pinList);
        box.setPadding(new Insets(10));
        box.setPrefWidth(250);
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        return sp;
    }

    private static Button button(String text, String tip, Runnable r) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> r.run());
        b.setMaxWidth(Double.MAX_VALUE);
        b.setMnemonicParsing(false);
        return b;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.SECTION);
        return l;
    }

    private void rebuildPins() {
        pinList.getChildren().clear();
        for (int i = 0; i < vm.pinned().size(); i++) {
            var p = vm.pinned().get(i);
            Rectangle sw = new Rectangle(14, 3, PIN_COLORS[i % PIN_COLORS.length]);
            Button x = new Button("×");
            x.setTooltip(new Tooltip("Remove this overlay"));
            int idx = i;
            x.setOnAction(e -> vm.pinned().remove(idx));
            Label name = new Label(p.name());
            name.setWrapText(true);
            HBox row = new HBox(6, sw, name, x);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            pinList.getChildren().add(row);
        }
    }

    private void showDiagnostics(List<ScheduleDiagnostics.Item> items) {
        diagnostics.getChildren().clear();
        for (var it : items) {
            Label l = new Label((it.level() == ScheduleDiagnostics.Level.WARNING ? "⚠ " : "• ") + it.text());
            l.setWrapText(true);
            l.maxWidthProperty().bind(diagnosticsWidth);
            l.prefWidthProperty().bind(diagnosticsWidth);
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            if (it.level() == ScheduleDiagnostics.Level.WARNING) l.getStyleClass().add(Styles.WARNING);
            diagnostics.getChildren().add(l);
        }
    }

    /** Recomputes every plot from the tables; timed for the performance report. */
    private void redraw() {
        long start = System.nanoTime();
        NoiseSchedule s = vm.model().schedule();
        int[] marks = vm.samplerTimestepsProperty().get();
        int t = vm.tProperty().get();
        logSnrPlot.batch(() -> {
            logSnrPlot.setSeries(seriesFor(NoiseSchedule.Column.LOG_SNR, s));
            logSnrPlot.setPoints(vm.points(), pointEditor);
            logSnrPlot.setMarks(marks);
            logSnrPlot.setCurrentT(t);
        });
        for (int i = 0; i < small.size(); i++) {
            CurvePlot p = small.get(i);
            NoiseSchedule.Column c = smallColumns.get(i);
            p.batch(() -> {
                p.setSeries(seriesFor(c, s));
                p.setMarks(marks);
                p.setCurrentT(t);
            });
        }
        try {
            double[] k = vm.karrasSigmas(7);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "σ_max = %s, σ_min = %s%nσ: ",
                    ScheduleDiagnostics.num(k[0]), ScheduleDiagnostics.num(k[Math.max(0, k.length - 2)])));
            for (int i = 0; i < Math.min(k.length, 12); i++) sb.append(ScheduleDiagnostics.num(k[i])).append(i + 1 < k.length ? ", " : "");
            if (k.length > 12) sb.append("…");
            karras.setText(sb.toString());
        } catch (IllegalArgumentException e) {
            karras.setText("no Karras grid: " + e.getMessage());
        }
        redrawNanos += System.nanoTime() - start;
        redraws++;
    }

    private final CurvePlot.PointEditor pointEditor = new CurvePlot.PointEditor() {
        @Override public void dragStarted(int i) { vm.beginDrag(); }
        @Override public void dragged(int i, double u, double v) { vm.movePoint(i, u, v); }
        @Override public void dragEnded(int i) { }
        @Override public void add(double u, double v) { vm.addPoint(u); }
        @Override public void remove(int i) { vm.removePoint(i); }
    };

    private List<CurvePlot.Series> seriesFor(NoiseSchedule.Column c, NoiseSchedule s) {
        List<CurvePlot.Series> out = new ArrayList<>();
        out.add(new CurvePlot.Series("current", column(s, c), CURRENT, false));
        for (int i = 0; i < vm.pinned().size(); i++) {
            out.add(new CurvePlot.Series(vm.pinned().get(i).name(), column(vm.pinned().get(i).schedule(), c), PIN_COLORS[i % PIN_COLORS.length], true));
        }
        return out;
    }

    static double[] column(NoiseSchedule s, NoiseSchedule.Column c) {
        double[] v = new double[s.steps()];
        for (int t = 0; t < v.length; t++) v[t] = s.value(c, t);
        return v;
    }

    private void updateT() {
        int t = vm.tProperty().get();
        logSnrPlot.setCurrentT(t);
        for (CurvePlot p : small) p.setCurrentT(t);
    }

    /** Shows the view model's x_t thumbnails, one panel per schedule. */
    private void showThumbnails(List<ScheduleEditorViewModel.Thumbnail> list) {
        while (thumbs.getChildren().size() < list.size()) {
            ImagePanel ip = new ImagePanel("", "x_t of this schedule at the same relative t, with the same ε");
            ip.setPrefSize(200, 150);
            ip.setMinSize(160, 120);
            thumbs.getChildren().add(ip);
        }
        while (thumbs.getChildren().size() > list.size()) thumbs.getChildren().remove(thumbs.getChildren().size() - 1);
        for (int i = 0; i < list.size(); i++) {
            ScheduleEditorViewModel.Thumbnail th = list.get(i);
            ImagePanel ip = (ImagePanel) thumbs.getChildren().get(i);
            ip.setTitle(th.title());
            ip.setPixels(th.argb(), th.width(), th.height());
        }
    }

    public void applyTheme(boolean dark) {
        Color axis = dark ? Color.gray(0.6) : Color.gray(0.45), grid = dark ? Color.gray(0.25) : Color.gray(0.9), text = dark ? Color.gray(0.85) : Color.gray(0.2);
        logSnrPlot.setColors(axis, grid, text);
        for (CurvePlot p : small) p.setColors(axis, grid, text);
    }

    /** Mean time of a full redraw (tables → plots), ns; the thumbnails are rendered by the view model. */
    public double meanRedrawNanos() {
        return redraws == 0 ? 0 : (double) redrawNanos / redraws;
    }

    public CurvePlot logSnrPlot() { return logSnrPlot; }
    public ImagePanel thumbnail(int i) { return (ImagePanel) thumbs.getChildren().get(i); }

}

package org.diffusionexplorer.ui.forward;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.HistogramView;
import org.diffusionexplorer.ui.controls.ImagePanel;
import org.diffusionexplorer.ui.controls.NumberField;
import org.diffusionexplorer.ui.controls.TimestepScrubber;
import org.diffusionexplorer.ui.controls.SchedulePresetPanel;

/** Layout and bindings of the forward explorer; all state lives in {@link ForwardViewModel}. */
public final class ForwardView extends BorderPane {
    private final ForwardViewModel vm;
    private final ImagePanel x0Panel = new ImagePanel("x₀ (your image)", "The clean image x₀ in model space [−1, 1]");
    private final ImagePanel xtPanel = new ImagePanel("x_t", "x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε: what the model sees at step t");
    private final ImagePanel epsPanel = new ImagePanel("noise ε (shown as ε/2)", "ε ~ N(0, I), fixed by the seed; the same for every t");
    private final ImagePanel signalPanel = new ImagePanel("signal √ᾱ_t·x₀", "The part of x_t that is left of the image");
    private final TimestepScrubber scrubber = new TimestepScrubber();
    private final HistogramView histogram = new HistogramView();
    private final GridPane readoutGrid = new GridPane();
    private final Button play = new Button();
    private final Label tLabel = new Label();
    private final Label imageInfo = new Label();
    private final ForwardActions actions;
    private long lastNanos;
    private int[] shownX0, shownEps;
    private long shownSeed;

    public ForwardView(ForwardViewModel vm, ForwardActions actions) {
        this.vm = vm;
        this.actions = actions;
        setCenter(panels());
        setLeft(sidebar());
        setRight(details());
        setBottom(scrubBar());
        vm.frameVersionProperty().addListener((o, a, b) -> showFrame());
        play.setGraphic(org.diffusionexplorer.ui.controls.Icons.play());
        play.setMinWidth(40);
        vm.playingProperty().addListener((o, a, b) -> play.setGraphic(b ? org.diffusionexplorer.ui.controls.Icons.pause() : org.diffusionexplorer.ui.controls.Icons.play()));
        scrubber.valueProperty().bindBidirectional(vm.tProperty());
        scrubber.maxProperty().bind(javafx.beans.binding.Bindings.createIntegerBinding(
                () -> vm.scheduleModel().schedule().steps() - 1, vm.scheduleModel().scheduleProperty()));
        vm.imageProperty().addListener((o, a, img) -> imageInfo.setText(img == null ? "" : describe(img)));
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastNanos != 0) vm.tick((now - lastNanos) / 1e9);
                lastNanos = vm.playingProperty().get() ? now : 0;
            }
        }.start();
        showFrame();
    }

    private static String describe(org.diffusionexplorer.io.image.LoadedImage img) {
        String s = img.name() + " · " + img.width() + "×" + img.height() + (img.channels() == 1 ? " grey" : " RGB");
        if (img.downscaled()) s += " (from " + img.originalWidth() + "×" + img.originalHeight() + ")";
        return s;
    }

    /**
     * Window-wide keys while this view is shown (installed as a scene filter by the main window): Space plays or
     * pauses and ←/→/Home/End scrub, unless a text field, combo box or slider has the focus.
     */
    public void handleGlobalKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        if (e.getCode() == KeyCode.SPACE) {
            vm.togglePlay();
            e.consume();
        } else if (e.getCode() == KeyCode.N && !e.isShortcutDown() && !e.isAltDown()) {
            vm.newNoise();
            e.consume();
        } else if (!scrubber.isFocused() && (e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.RIGHT
                || e.getCode() == KeyCode.HOME || e.getCode() == KeyCode.END)) {
            if (e.getTarget() instanceof javafx.scene.control.ComboBoxBase<?> || e.getTarget() instanceof Slider) return;
            scrubber.handleKey(e);
        }
    }

    private GridPane panels() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.setPadding(new Insets(8));
        g.add(x0Panel, 0, 0);
        g.add(xtPanel, 1, 0);
        g.add(epsPanel, 0, 1);
        g.add(signalPanel, 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            c.setHgrow(Priority.ALWAYS);
            g.getColumnConstraints().add(c);
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(50);
            r.setVgrow(Priority.ALWAYS);
            g.getRowConstraints().add(r);
        }
        return g;
    }

    private ScrollPane sidebar() {
        Button open = new Button("Open image…");
        open.setTooltip(new Tooltip("Open an image (Ctrl+O). You can also drop a file on the window or paste (Ctrl+V)."));
        open.setMaxWidth(Double.MAX_VALUE);
        open.setOnAction(e -> actions.openImage());
        Button paste = new Button("Paste");
        paste.setTooltip(new Tooltip("Paste an image or an image file from the clipboard (Ctrl+V)"));
        paste.setOnAction(e -> actions.paste());
        paste.setMaxWidth(Double.MAX_VALUE);
        imageInfo.setWrapText(true);
        imageInfo.getStyleClass().add(Styles.STATUS);

        NumberField seed = new NumberField(vm.seedProperty().get(), true, "Seed of the noise ε: the same seed gives the same ε for every t");
        seed.setOnCommit(v -> vm.seedProperty().set((long) v));
        vm.seedProperty().addListener((o, a, b) -> seed.setValue(b.longValue()));
        Button newNoise = new Button("New noise");
        newNoise.setTooltip(new Tooltip("Draw a new ε with a random seed (N)"));
        newNoise.setOnAction(e -> vm.newNoise());
        newNoise.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(seed, Priority.ALWAYS);

        ToggleGroup modeGroup = new ToggleGroup();
        RadioButton closed = new RadioButton("Closed form q(x_t|x₀)");
        closed.setTooltip(new Tooltip("x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε in one step: the same ε at every t"));
        RadioButton chain = new RadioButton("Markov chain q(x_t|x_{t−1})");
        chain.setTooltip(new Tooltip("Apply x_t = √(1−β_t)·x_{t−1} + √β_t·z_t step by step (fresh z_t each step)"));
        closed.setMnemonicParsing(false);
        chain.setMnemonicParsing(false);
        closed.setToggleGroup(modeGroup);
        chain.setToggleGroup(modeGroup);
        closed.setSelected(true);
        modeGroup.selectedToggleProperty().addListener((o, a, b) ->
                vm.modeProperty().set(b == chain ? ForwardViewModel.Mode.MARKOV_CHAIN : ForwardViewModel.Mode.CLOSED_FORM));
        Label busy = new Label("computing the chain…");
        busy.visibleProperty().bind(vm.busyProperty());

        VBox box = new VBox(8,
                section("Image"), open, paste, imageInfo, new Separator(),
                section("Noise"), new HBox(6, new Label("Seed"), seed), newNoise, new Separator(),
                section("Process"), closed, chain, busy, new Separator(),
                section("Schedule"), new SchedulePresetPanel(vm.scheduleModel()));
        box.setPadding(new Insets(10));
        box.setPrefWidth(260);
        box.getStyleClass().add(Styles.SIDEBAR);
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        sp.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        return sp;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.SECTION);
        return l;
    }

    /** What each readout means, for its tooltip. */
    private static final java.util.Map<String, String> READOUT_TIPS = java.util.Map.of(
            "t", "The timestep: 0 is the clean image, T−1 the last step of the forward process",
            "β_t", "The variance of the noise added at step t alone: q(x_t | x_{t−1}) = N(√(1−β_t)·x_{t−1}, β_t·I)",
            "ᾱ_t", "ᾱ_t = ∏(1 − β_s) for s ≤ t: the fraction of the image's variance left in x_t",
            "√ᾱ_t", "How much of x₀ is left in x_t: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε",
            "SNR", "Signal-to-noise ratio ᾱ_t / (1 − ᾱ_t), in decibels: 0 dB is as much signal as noise",
            "PSNR(x_t, x_0)", "How close the noisy image is to the original: 10·log10(1 / mean squared error) on [0, 1] pixels");

    private VBox details() {
        Label h = section("Histogram of x_t vs N(0, 1)");
        Tooltip.install(histogram, new Tooltip("Bars: the values of x_t. Red curve: the standard normal density. At t = T−1 they should match."));
        readoutGrid.setHgap(10);
        readoutGrid.setVgap(3);
        var explain = new org.diffusionexplorer.ui.controls.Explainer(
                "x_t = √ᾱ_t · x₀ + √(1 − ᾱ_t) · ε,   ε ~ N(0, I),   ᾱ_t = ∏_{s ≤ t} (1 − β_s)",
                "The forward process q(x_t | x₀) of a diffusion model. Each panel is a term of the formula: your image x₀, "
                        + "the noisy x_t the network is trained to denoise, the fixed noise ε (the same for every t, so scrubbing is "
                        + "smooth), and the part of the image that is left, √ᾱ_t·x₀. As t grows, ᾱ_t falls from 1 towards 0: the "
                        + "signal fades and x_t becomes pure noise, which is why the histogram of x_t approaches the N(0, 1) curve. "
                        + "The schedule (β_t) decides how fast; the Schedule editor changes it.");
        VBox box = new VBox(8, h, histogram, new Separator(), section("Readouts"), readoutGrid, new Separator(), explain);
        box.setPadding(new Insets(10));
        box.setPrefWidth(270);
        return box;
    }

    private HBox scrubBar() {
        play.setTooltip(new Tooltip("Play / pause the scrub from the current t (Space)"));
        play.setMinWidth(40);
        play.setOnAction(e -> vm.togglePlay());
        Slider speed = new Slider(10, 1000, vm.speedProperty().get());
        speed.setPrefWidth(110);
        speed.valueProperty().bindBidirectional(vm.speedProperty());
        speed.setTooltip(new Tooltip("Playback speed in timesteps per second"));
        tLabel.setMinWidth(70);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        HBox bar = new HBox(10, play, scrubber, tLabel, new Label("speed"), speed);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 8, 10));
        return bar;
    }

    private void showFrame() {
        var img = vm.imageProperty().get();
        if (img == null) return;
        int w = img.width(), h = img.height();
        if (shownX0 != vm.x0Pixels()) { // a new image (or new noise): the static panels change too
            shownX0 = vm.x0Pixels();
            x0Panel.setPixels(shownX0, w, h);
            shownEps = null;
        }
        if (shownEps != vm.epsPixels() || shownSeed != vm.seedProperty().get()) {
            shownEps = vm.epsPixels();
            shownSeed = vm.seedProperty().get();
            epsPanel.setPixels(shownEps, w, h);
        }
        xtPanel.setPixels(vm.xtPixels(), w, h);
        signalPanel.setPixels(vm.signalPixels(), w, h);
        int t = vm.shownTProperty().get();
        xtPanel.setTitle("x_t at t = " + t);
        tLabel.setText("t = " + t);
        histogram.setHistogram(vm.histogramProperty().get());
        String[][] rows = vm.readouts().rows();
        if (readoutGrid.getChildren().size() != rows.length * 2) {
            readoutGrid.getChildren().clear();
            for (int i = 0; i < rows.length; i++) {
                Label n = new Label(rows[i][0]), v = new Label();
                String tip = READOUT_TIPS.get(rows[i][0]);
                if (tip != null) {
                    Tooltip.install(n, new Tooltip(tip));
                    Tooltip.install(v, new Tooltip(tip));
                }
                n.getStyleClass().add(Styles.READOUT_NAME);
                v.getStyleClass().add(Styles.READOUT_VALUE);
                readoutGrid.add(n, 0, i);
                readoutGrid.add(v, 1, i);
            }
        }
        for (int i = 0; i < rows.length; i++) ((Label) readoutGrid.getChildren().get(2 * i + 1)).setText(rows[i][1]);
    }

    public void applyTheme(boolean dark) {
        Color track = dark ? Color.gray(0.35) : Color.gray(0.8), text = dark ? Color.gray(0.75) : Color.gray(0.3);
        scrubber.setColors(track, Color.web("#3b82f6"), text);
        histogram.setColors(Color.web("#3b82f6", 0.7), Color.web("#ef4444"), text);
    }

    public TimestepScrubber scrubber() { return scrubber; }
    public ImagePanel xtPanel() { return xtPanel; }
    public ImagePanel x0Panel() { return x0Panel; }
}

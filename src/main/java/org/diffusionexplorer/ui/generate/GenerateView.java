package org.diffusionexplorer.ui.generate;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.ImageGridView;
import org.diffusionexplorer.ui.controls.ImagePanel;
import org.diffusionexplorer.ui.controls.ParticleCanvas;
import org.diffusionexplorer.ui.controls.TimestepScrubber;

import java.util.List;

/**
 * Layout and painting of the Generate tab (state in {@link GenerateViewModel}). One animation timer drives it: each
 * pulse it asks the view model for the newest step and repaints only when something changed, so a fast sampler is
 * shown at screen rate and a slow one step by step, never with a queue of stale frames.
 */
public final class GenerateView extends BorderPane {
    private final GenerateViewModel vm;
    private final GenerateSidebar sidebar;
    private final ImagePanel noClassPanel = new ImagePanel("x̂₀ without class", "The unconditional prediction ε(x_t, ∅), as x̂₀: what the model sees without the class"),
            classPanel = new ImagePanel("x̂₀ with the class", "The class-conditional prediction ε(x_t, c), as x̂₀; the guided x̂₀ (left) is unconditional + w·(conditional − unconditional)");
    private final ImagePanel xtPanel = new ImagePanel("x_t", "The focused sample's state at the shown step");
    private final ImagePanel x0Panel = new ImagePanel("x̂₀", "The clean image the denoiser predicts from x_t (what the sampler steers toward)");
    private final ImagePanel epsPanel = new ImagePanel("ε̂ / 2", "The noise the denoiser sees in x_t (shown halved)");
    private final ImagePanel dataPanel = new ImagePanel("nearest data image", "Exact denoisers: the data image this sample ended on");
    private final ImagePanel bXt = new ImagePanel("branch x_t", "The branch at the aligned step");
    private final ImagePanel bX0 = new ImagePanel("branch x̂₀", "The branch's x̂₀ at the aligned step");
    private final ImageGridView grid = new ImageGridView();
    private final ParticleCanvas particles = new ParticleCanvas();
    private final TimestepScrubber scrubber = new TimestepScrubber();
    private final ComparePane comparePane;
    private final TimestepScrubber compareScrubber;
    private final Label stepLabel = new Label();
    private final GridPane readouts = new GridPane();
    private final Label focus = label(), kept = label(), runLabel = label(), branchLabel = label(), message = label();
    private final Button play = new Button();
    private final VBox imagesPane, branchRow, particleOptions = new VBox(7);
    private final TabPane inner = new TabPane();
    private int paintedVersion = -1, lastLiveStep = -1;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private long framesShown, paintNanosMax, paintCpuNanosMax;
    private boolean playing, dark;
    private double playAccumulator;
    private long lastPulse;
    private int background = 0xFFFFFFFF;

    public GenerateView(GenerateViewModel vm, GenerateActions actions) {
        this.vm = vm;
        this.sidebar = new GenerateSidebar(vm, actions);
        this.comparePane = new ComparePane(vm, actions);
        this.compareScrubber = comparePane.scrubber();
        setLeft(sidebar);

        GridPane panels = new GridPane();
        panels.setHgap(6);
        panels.addRow(0, xtPanel, x0Panel, epsPanel, dataPanel, noClassPanel, classPanel);
        for (ImagePanel p : List.of(xtPanel, x0Panel, epsPanel, dataPanel, bXt, bX0, noClassPanel, classPanel)) {
            GridPane.setHgrow(p, Priority.ALWAYS);
            p.setPrefSize(180, 190);
            p.setMinSize(90, 100);
        }
        dataPanel.setVisible(false);
        dataPanel.setManaged(false);
        for (ImagePanel p : List.of(noClassPanel, classPanel)) {
            p.setVisible(false);
            p.setManaged(false);
            p.prefHeightProperty().bind(panels.prefHeightProperty());
        }
        // guided runs: the two predictions the sampler mixed, beside the guided x̂₀ it used
        vm.guidePredictionsProperty().addListener((o, a, pr) -> {
            boolean on = pr != null;
            for (ImagePanel p : List.of(noClassPanel, classPanel)) {
                p.setVisible(on);
                p.setManaged(on);
            }
            if (on) {
                show(noClassPanel, pr[0], 1f, 0, 0);
                show(classPanel, pr[1], 1f, 0, 0);
            }
        });
        branchRow = new VBox(4, branchLabel, new HBox(6, bXt, bX0));
        HBox.setHgrow(bXt, Priority.ALWAYS);
        HBox.setHgrow(bX0, Priority.ALWAYS);
        branchRow.setVisible(false);
        branchRow.setManaged(false);
        Tooltip.install(grid, new Tooltip("Every sample at the shown step; click one to focus it (with a branch: original | branch)"));
        grid.selectedProperty().bindBidirectional(vm.selectedProperty());
        VBox.setVgrow(grid, Priority.ALWAYS);
        imagesPane = new VBox(6, panels, branchRow, grid);
        // the large panels take about a third of the height, the grid the rest (a branch row shares the panels' part)
        panels.prefHeightProperty().bind(imagesPane.heightProperty().multiply(0.36));
        for (ImagePanel p : List.of(xtPanel, x0Panel, epsPanel, dataPanel)) p.prefHeightProperty().bind(panels.prefHeightProperty());
        particles.setVisible(false);
        StackPane main = new StackPane(imagesPane, particles);
        main.setPadding(new Insets(6));

        Tab tTab = new Tab("Trajectory", main), cTab = new Tab("Compare", comparePane);
        tTab.setClosable(false);
        cTab.setClosable(false);
        inner.getTabs().addAll(tTab, cTab);
        inner.setFocusTraversable(false);
        setCenter(inner);
        setRight(details(actions));
        setBottom(scrubBar());

        scrubber.valueProperty().bindBidirectional(vm.stepProperty());
        scrubber.maxProperty().bind(vm.maxStepProperty());
        vm.compareResultsProperty().addListener((o, a, b) -> {
            if (b.size() > 0 && (a == null || a.isEmpty())) inner.getSelectionModel().select(cTab);
        });
        vm.messageProperty().addListener((o, a, b) -> message.setText(b));
        vm.errorProperty().addListener((o, a, err) -> {
            message.getStyleClass().remove(Styles.ERROR);
            if (err) message.getStyleClass().add(Styles.ERROR);
        });
        setOnDragOver(actions::onDragOver);
        setOnDragDropped(actions::onDragDropped);
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse(now);
            }
        }.start();
    }

    private javafx.scene.control.ScrollPane details(GenerateActions actions) {
        readouts.setHgap(10);
        readouts.setVgap(3);
        Button vary = new Button("Vary this one");
        vary.setTooltip(new Tooltip("Re-sample only the focused sample with fresh noise (a new seed); the others stay"));
        vary.setOnAction(e -> vm.varySelected());
        CheckBox trails = new CheckBox("Trails");
        trails.selectedProperty().bindBidirectional(vm.trailsProperty());
        trails.setTooltip(new Tooltip("Lines from each particle's previous kept position"));
        CheckBox field = new CheckBox("Denoiser field");
        field.selectedProperty().bindBidirectional(vm.showFieldProperty());
        field.setTooltip(new Tooltip("Arrows from x toward x̂₀(x, t) on a grid at the shown step"));
        Button anim = new Button("Export animation…");
        anim.setTooltip(new Tooltip("The reverse trajectory as an animation (GIF and more)"));
        anim.setOnAction(e -> actions.exportAnimation());
        Button png = new Button("Save grid as PNG…");
        png.setOnAction(e -> actions.saveGridPng());
        anim.setMaxWidth(Double.MAX_VALUE);
        png.setMaxWidth(Double.MAX_VALUE);
        particleOptions.getChildren().addAll(GenerateSidebar.section("2-D particles"), trails, field, new Separator());
        particleOptions.setVisible(false);
        particleOptions.setManaged(false);
        VBox box = new VBox(7, GenerateSidebar.section("At the shown step"), readouts, new Separator(),
                GenerateSidebar.section("Focused sample"), focus, vary, new Separator(),
                GenerateSidebar.section("This run"), runLabel, kept, new Separator(),
                particleOptions,
                GenerateSidebar.section("Export"), anim, png, new Separator(), message, new Separator(),
                new org.diffusionexplorer.ui.controls.Explainer(
                        "x̂₀ = (x_t − √(1 − ᾱ_t) · ε̂) / √ᾱ_t,   then (DDIM, η = 0)   x_{t'} = √ᾱ_{t'} · x̂₀ + √(1 − ᾱ_{t'}) · ε̂",
                        "The reverse process: a trained network (or an exact denoiser) looks at the noisy x_t and predicts the noise "
                                + "in it, ε̂. From that follows its guess of the clean image, x̂₀; the sampler then moves x to a "
                                + "slightly less noisy time t' by mixing x̂₀ and ε̂ (each sampler in its own way: DDPM adds fresh "
                                + "noise, DDIM does not, Heun and DPM-Solver++ look ahead or back). Early on x̂₀ is a blurry average "
                                + "of many possible images; step by step it commits to one. Every step is kept: scrub back to see "
                                + "when a sample decided what it would become, and branch from there."));
        box.setPadding(new Insets(10));
        box.getStyleClass().add(Styles.SIDEBAR);
        javafx.scene.control.ScrollPane sp = new javafx.scene.control.ScrollPane(box);
        sp.setFitToWidth(true);
        sp.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        sp.setPrefWidth(235);
        sp.setMinWidth(200);
        return sp;
    }

    private HBox scrubBar() {
        play.setTooltip(new Tooltip("Play the trajectory from the shown step (Space); while sampling, Space pauses"));
        play.setMinWidth(40);
        play.setGraphic(org.diffusionexplorer.ui.controls.Icons.play());
        play.setOnAction(e -> togglePlay());
        stepLabel.setMinWidth(110);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        Tooltip.install(scrubber, new Tooltip("Sampler step k (0: the starting noise, N: the sample): drag, ←/→ (Shift ×10), Home/End"));
        HBox bar = new HBox(10, play, scrubber, stepLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 10, 8, 10));
        return bar;
    }

    private static Label label() {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.getStyleClass().add(Styles.STATUS);
        return l;
    }

    /** Window-wide keys while this tab is shown: Space, ←/→, Home/End, Esc. */
    public void handleGlobalKey(KeyEvent e) {
        if (e.getTarget() instanceof javafx.scene.control.TextInputControl) return;
        KeyCode c = e.getCode();
        if (c == KeyCode.ESCAPE) {
            if (vm.busy()) {
                vm.cancel();
                e.consume();
            }
        } else if (c == KeyCode.SPACE) {
            if (vm.busy()) vm.togglePause();
            else togglePlay();
            e.consume();
        } else if (c == KeyCode.LEFT || c == KeyCode.RIGHT || c == KeyCode.HOME || c == KeyCode.END) {
            if (e.getTarget() instanceof javafx.scene.control.ComboBoxBase<?> || e.getTarget() instanceof Slider
                    || e.getTarget() instanceof javafx.scene.control.ChoiceBox<?>) return;
            TimestepScrubber s = inner.getSelectionModel().getSelectedIndex() == 1 ? compareScrubber : scrubber;
            if (!s.isFocused()) s.handleKey(e);
        }
    }

    private void togglePlay() {
        if (vm.busy()) {
            vm.togglePause();
            return;
        }
        boolean compare = inner.getSelectionModel().getSelectedIndex() == 1;
        TimestepScrubber s = compare ? compareScrubber : scrubber;
        if (!playing && s.getValue() >= s.maxProperty().get()) s.setValue(0);
        playing = !playing;
        playAccumulator = 0;
        play.setGraphic(playing ? org.diffusionexplorer.ui.controls.Icons.pause() : org.diffusionexplorer.ui.controls.Icons.play());
    }

    private void pulse(long now) {
        vm.poll();
        if (playing) {
            boolean compare = inner.getSelectionModel().getSelectedIndex() == 1;
            TimestepScrubber s = compare ? compareScrubber : scrubber;
            int max = s.maxProperty().get();
            double rate = compare ? 40 : Math.max(10, Math.min(60, max / 3.0)); // about 3 s for a whole run
            if (lastPulse != 0) playAccumulator += (now - lastPulse) / 1e9 * rate;
            int adv = (int) playAccumulator;
            if (adv > 0) {
                playAccumulator -= adv;
                s.setValue(Math.min(max, s.getValue() + adv));
                if (s.getValue() >= max) {
                    playing = false;
                    play.setGraphic(org.diffusionexplorer.ui.controls.Icons.play());
                }
            }
        }
        lastPulse = playing ? now : 0;
        int v = vm.frameVersionProperty().get();
        if (v != paintedVersion) {
            paintedVersion = v;
            long t0 = System.nanoTime(), c0 = CPU.getCurrentThreadCpuTime();
            paint();
            paintNanosMax = Math.max(paintNanosMax, System.nanoTime() - t0);
            paintCpuNanosMax = Math.max(paintCpuNanosMax, CPU.getCurrentThreadCpuTime() - c0);
        }
    }

    private void paint() {
        Trajectory tr = vm.trajectoryProperty().get();
        String[][] rows = vm.readouts();
        if (readouts.getChildren().size() != rows.length * 2) {
            readouts.getChildren().clear();
            for (int i = 0; i < rows.length; i++) {
                Label n = new Label(rows[i][0]), val = new Label();
                n.getStyleClass().add(Styles.READOUT_NAME);
                val.getStyleClass().add(Styles.READOUT_VALUE);
                readouts.add(n, 0, i);
                readouts.add(val, 1, i);
            }
        }
        for (int i = 0; i < rows.length; i++) ((Label) readouts.getChildren().get(2 * i + 1)).setText(rows[i][1]);
        focus.setText(vm.focusText());
        kept.setText(vm.keptText());
        runLabel.setText(vm.runLabelProperty().get());
        branchLabel.setText(vm.branchLabelProperty().get());
        comparePane.paint(background, dark);
        if (tr == null) {
            stepLabel.setText("no run yet");
            return;
        }
        int k = vm.shownStep();
        stepLabel.setText("step " + k + " / " + tr.steps());
        if (tr.completed() != lastLiveStep) {
            lastLiveStep = tr.completed();
            framesShown++;
        }
        scrubber.setMarks(tr.complete() ? null : tr.keptSteps());
        boolean images = tr.frame(0).xt().rank() == 4;
        imagesPane.setVisible(images);
        particles.setVisible(!images);
        particleOptions.setVisible(!images);
        particleOptions.setManaged(!images);
        if (images) paintImages(tr, k);
        else paintParticles(tr, k);
    }

    private void paintImages(Trajectory tr, int k) {
        Trajectory.Frame f = vm.shownFrame();
        show(xtPanel, f.xt(), 1f, 0, 0);
        xtPanel.setTitle("x_t at step " + k);
        int pk = tr.predictedStep(k); // during a run, the step before the newest (whose model call is still to come)
        Trajectory.Frame p = pk == k ? f : vm.frameAt(pk);
        boolean end = k == tr.steps(), has = p.x0Hat() != null;
        show(x0Panel, has ? p.x0Hat() : end ? f.xt() : null, 1f, f.xt().dim(1), f.xt().dim(2));
        x0Panel.setTitle(end ? "the sample" : has ? (vm.guide.ofRun != null ? "guided x̂₀ at step " : "x̂₀ at step ") + pk : "x̂₀ at step " + k + ": after its model call");
        show(epsPanel, p.epsHat(), 0.5f, f.xt().dim(1), f.xt().dim(2));
        epsPanel.setTitle(p.epsHat() != null ? "ε̂ / 2 at step " + pk : end ? "ε̂: none at the end" : "ε̂ at step " + k + ": after its model call");
        Tensor near = vm.nearestImage();
        dataPanel.setVisible(near != null);
        dataPanel.setManaged(near != null);
        if (near != null) show(dataPanel, near, 1f, 0, 0);
        Trajectory b = vm.branchProperty().get();
        int bk = vm.branchStep();
        boolean hasBranch = b != null;
        branchRow.setVisible(hasBranch);
        branchRow.setManaged(hasBranch);
        Tensor pair = null;
        if (hasBranch) {
            int i = Math.min(vm.selectedProperty().get(), b.count() - 1);
            Trajectory.Frame bf = bk >= 0 ? b.frame(bk) : tr.frame(k);
            show(bXt, bf.xt().item(i), 1f, 0, 0);
            show(bX0, bf.x0Hat() != null ? bf.x0Hat().item(i) : bf.xt().item(i), 1f, 0, 0);
            bXt.setTitle(bk >= 0 ? "branch x_t at its step " + bk + " / " + b.steps() : "branch (not yet split)");
            pair = bf.xt();
        }
        GridPainter.Composed c = GridPainter.compose(tr.frame(k).xt(), pair, background);
        grid.setGrid(c.argb(), c.width(), c.height(), c.cols(), c.rows(), c.cellW(), c.cellH(), GridPainter.GAP, c.cells());
    }

    /** Shows an image; null (no estimate at the end of a run) greys out a panel of the given size. */
    private static void show(ImagePanel p, Tensor chw, float scale, int h, int w) {
        if (chw == null) {
            int[] grey = new int[h * w];
            java.util.Arrays.fill(grey, 0xFF9CA3AF);
            p.setPixels(grey, w, h);
            return;
        }
        p.setPixels(GridPainter.argb(chw, scale), chw.dim(2), chw.dim(1));
    }

    private void paintParticles(Trajectory tr, int k) {
        LoadedSource ls = vm.loadedProperty().get();
        particles.setData(ls != null && ls.data() != null ? ls.data().data() : null);
        int[] keptSteps = tr.keptSteps();
        float[] before = null;
        if (vm.trailsProperty().get()) {
            int idx = java.util.Arrays.binarySearch(keptSteps, k);
            if (idx > 0) before = tr.frame(keptSteps[idx - 1]).xt().data();
        }
        float[] field = vm.showFieldProperty().get() && k < tr.steps() ? vm.field().arrowsProperty().get() : null;
        particles.setState(tr.frame(k).xt().data(), before, field, vm.range());
    }


    public void applyTheme(boolean dark) {
        this.dark = dark;
        Color track = dark ? Color.gray(0.35) : Color.gray(0.8), text = dark ? Color.gray(0.75) : Color.gray(0.3);
        scrubber.setColors(track, Color.web("#3b82f6"), text);
        compareScrubber.setColors(track, Color.web("#3b82f6"), text);
        particles.setColors(dark);
        background = dark ? 0xFF0D1117 : 0xFFFFFFFF;
        paintedVersion = -1;
    }

    /** Distinct sampler steps painted while runs were going (the benchmark's frames_shown). */
    public long framesShown() { return framesShown; }

    public void resetFramesShown() {
        framesShown = 0;
        lastLiveStep = -1;
    }

    /** The longest single repaint so far (ns, wall time and the FX thread's CPU time). */
    public long paintNanosMax() { return paintNanosMax; }
    public long paintCpuNanosMax() { return paintCpuNanosMax; }

    public void resetPaintTimes() {
        paintNanosMax = 0;
        paintCpuNanosMax = 0;
    }

    public GenerateViewModel viewModel() { return vm; }
    public TimestepScrubber scrubber() { return scrubber; }
    public ImageGridView grid() { return grid; }
    public ImagePanel xtPanel() { return xtPanel; }
    public ParticleCanvas particles() { return particles; }
    public Button runButton() { return sidebar.run; }
    public Button runCompareButton() { return sidebar.runCompare; }
    public HBox compareRow() { return comparePane.row(); }
    public TabPane innerTabs() { return inner; }
}

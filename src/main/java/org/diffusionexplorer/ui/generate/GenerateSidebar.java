package org.diffusionexplorer.ui.generate;

import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.ui.common.Styles;
import org.diffusionexplorer.ui.controls.NumberField;

import java.util.Locale;
import java.util.stream.Collectors;

/** The Generate view's left column: source, sampler options, run controls, the CLI line, branch, SDEdit, compare. */
final class GenerateSidebar extends VBox {
    final Button run = new Button("Sample");
    final Button pause = new Button("Pause");
    final Button cancel = new Button("Cancel");
    final ComboBox<Source> source = new ComboBox<>();
    final ChoiceBox<SamplerKind> sampler = new ChoiceBox<>();
    final ChoiceBox<Integer> count = new ChoiceBox<>();
    final NumberField steps;
    final Button branch = new Button("Branch");
    final Button addCompare = new Button("Add current");
    final Button runCompare = new Button("Run comparison");

    GenerateSidebar(GenerateViewModel vm, GenerateActions actions) {
        source.setItems(vm.sources());
        source.valueProperty().bindBidirectional(vm.sourceProperty());
        source.setMaxWidth(Double.MAX_VALUE);
        source.setTooltip(new Tooltip("A bundled or trained model, or an exact denoiser that needs no training (the optimal E[x₀|x_t] of the data)"));
        Button folder = new Button("Folder of images…");
        folder.setTooltip(new Tooltip("Sample from the exact denoiser of a folder of images (or drop the folder on this tab)"));
        folder.setOnAction(e -> actions.chooseFolder());
        folder.setMaxWidth(Double.MAX_VALUE);
        Label note = wrapped();
        note.textProperty().bind(vm.scheduleNoteProperty());

        sampler.getItems().setAll(SamplerKind.values());
        sampler.setConverter(converter(k -> k.cliName));
        sampler.valueProperty().bindBidirectional(vm.samplerProperty());
        sampler.setTooltip(new Tooltip(java.util.Arrays.stream(SamplerKind.values()).map(k -> k.cliName + ": " + k.description).collect(Collectors.joining("\n"))));
        steps = intField(vm.stepsProperty(), "Sampler steps N (1..T)");
        ChoiceBox<TimestepSpacing> spacing = new ChoiceBox<>();
        spacing.getItems().setAll(TimestepSpacing.values());
        spacing.setConverter(converter(TimestepSpacing::cliName));
        spacing.valueProperty().bindBidirectional(vm.spacingProperty());
        spacing.setTooltip(new Tooltip("Which timesteps N steps visit (diffusers' timestep_spacing); ignored with Karras"));
        spacing.disableProperty().bind(vm.karrasProperty());
        CheckBox karras = new CheckBox("Karras σ grid");
        karras.selectedProperty().bindBidirectional(vm.karrasProperty());
        karras.setTooltip(new Tooltip("σ_i = (σ_max^(1/ρ) + i/(N−1)·(σ_min^(1/ρ) − σ_max^(1/ρ)))^ρ (Karras et al. 2022)"));
        NumberField rho = doubleField(vm.rhoProperty(), "Karras ρ");
        NumberField sMin = doubleField(vm.sigmaMinProperty(), "Karras σ_min (NaN: the schedule's)");
        NumberField sMax = doubleField(vm.sigmaMaxProperty(), "Karras σ_max (NaN: the schedule's)");
        for (NumberField f : new NumberField[]{rho, sMin, sMax}) {
            f.disableProperty().bind(vm.karrasProperty().not());
            f.setPrefColumnCount(4);
        }
        NumberField eta = doubleField(vm.etaProperty(), "DDIM η: 0 deterministic, 1 DDPM-like noise");
        eta.disableProperty().bind(vm.samplerProperty().isNotEqualTo(SamplerKind.DDIM));
        CheckBox large = new CheckBox("DDPM: variance β_t");
        large.selectedProperty().bindBidirectional(vm.fixedLargeProperty());
        large.disableProperty().bind(vm.samplerProperty().isNotEqualTo(SamplerKind.DDPM));
        large.setTooltip(new Tooltip("DDPM's step variance: β̃_t (fixed small, default) or β_t (fixed large)"));
        CheckBox clip = new CheckBox("Clip x̂₀ to [−1, 1]");
        clip.selectedProperty().bindBidirectional(vm.clipProperty());
        clip.setTooltip(new Tooltip("Clamp the predicted clean image and recompute ε̂ from it (images only)"));
        NumberField seed = intField(null, "Sample i uses seed + i, so a sample does not depend on the count");
        seed.setValue(vm.seedProperty().get());
        seed.setOnCommit(v -> vm.seedProperty().set((long) v));
        vm.seedProperty().addListener((o, a, b) -> seed.setValue(b.longValue()));
        Button dice = new Button("New");
        dice.setTooltip(new Tooltip("A random seed"));
        dice.setOnAction(e -> vm.seedProperty().set(new java.util.SplittableRandom().nextLong(0, 1_000_000)));
        count.getItems().setAll(GenerateViewModel.COUNTS);
        count.valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.countProperty().set(b);
        });
        count.setValue(vm.countProperty().get());
        vm.countProperty().addListener((o, a, b) -> count.setValue(b.intValue()));
        count.setTooltip(new Tooltip("How many images (2-D models always sample 2 000 particles)"));
        NumberField res = intField(vm.resolutionProperty(), "Exact image denoisers work at this longest side (8..256 px; memory grows with its square)");
        res.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.sourceProperty().get() == null
                || vm.sourceProperty().get().kind() == Source.Kind.MODEL || vm.sourceProperty().get().points(), vm.sourceProperty()));
        count.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.sourceProperty().get() != null && vm.sourceProperty().get().points(), vm.sourceProperty()));

        GridPane form = form();
        form.addRow(0, new Label("sampler"), sampler);
        form.addRow(1, new Label("steps"), steps);
        form.addRow(2, new Label("spacing"), spacing);
        form.addRow(3, new Label("η"), eta);
        form.addRow(4, new Label("seed"), new HBox(4, seed, dice));
        Label particlesNote = new Label("2 000 particles");
        particlesNote.visibleProperty().bind(count.disableProperty());
        particlesNote.managedProperty().bind(count.disableProperty());
        count.visibleProperty().bind(count.disableProperty().not());
        count.managedProperty().bind(count.disableProperty().not());
        form.addRow(5, new Label("count"), new HBox(6, count, particlesNote));
        form.addRow(6, new Label("size px"), res);
        GridPane kForm = form();
        kForm.addRow(0, new Label("ρ"), rho, new Label("σ min"), sMin);
        kForm.addRow(1, new Label(""), new Label(""), new Label("σ max"), sMax);

        run.setDefaultButton(false);
        run.setTooltip(new Tooltip("Sample with these settings; every step stays inspectable"));
        run.setOnAction(e -> vm.run());
        pause.setOnAction(e -> vm.togglePause());
        pause.setTooltip(new Tooltip("Pause / resume the run (Space)"));
        cancel.setOnAction(e -> vm.cancel());
        cancel.setTooltip(new Tooltip("Stop the run; the steps so far stay (Esc)"));
        vm.stateProperty().addListener((o, a, s) -> updateButtons(s));
        updateButtons(vm.stateProperty().get());
        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());

        TextArea cli = new TextArea();
        cli.setEditable(false);
        cli.setWrapText(true);
        cli.setPrefRowCount(4);
        cli.textProperty().bind(vm.cliProperty());
        cli.getStyleClass().add("de-cli");
        Button copy = new Button("Copy command");
        copy.setTooltip(new Tooltip("Copy the equivalent sample command (the same samples from the CLI)"));
        copy.setOnAction(e -> actions.copyCli());

        ChoiceBox<SamplerKind> bSampler = new ChoiceBox<>();
        bSampler.getItems().setAll(SamplerKind.values());
        bSampler.setConverter(converter(k -> k.cliName));
        bSampler.setValue(SamplerKind.DDPM);
        NumberField bSteps = new NumberField(20, true, "Steps of the branch (from the branch point to the end)");
        NumberField bSeed = new NumberField(1, true, "Noise seed of the branch (stochastic samplers)");
        bSteps.setPrefColumnCount(4);
        bSeed.setPrefColumnCount(4);
        branch.setTooltip(new Tooltip("Continue every sample from the shown step's x_t with this sampler, steps and seed; shown beside the original"));
        branch.setOnAction(e -> vm.branch(bSampler.getValue(), (int) bSteps.value(), (long) bSeed.value()));
        GridPane bForm = form();
        bForm.addRow(0, new Label("sampler"), bSampler);
        bForm.addRow(1, new Label("steps"), bSteps);
        bForm.addRow(2, new Label("seed"), bSeed);

        Slider strength = new Slider(0.05, 1, 0.6);
        strength.setTooltip(new Tooltip("SDEdit strength: noise the image to t = strength·(T−1), then denoise"));
        Label sLabel = new Label();
        sLabel.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "strength %.2f", strength.getValue()), strength.valueProperty()));
        Button sdedit = new Button("SDEdit");
        sdedit.setTooltip(new Tooltip("Noise the Forward tab's image to the strength's t, then denoise it with the chosen model and sampler"));
        sdedit.setOnAction(e -> vm.sdedit(strength.getValue()));
        Button invert = new Button("Inversion round trip");
        invert.setTooltip(new Tooltip("DDIM-invert the Forward tab's image to noise, sample back with DDIM, and give the PSNR"));
        invert.setOnAction(e -> vm.invert());
        Label psnr = wrapped();
        psnr.textProperty().bind(vm.roundTripProperty());

        Button clearCompare = new Button("Clear");
        clearCompare.setOnAction(e -> vm.clearCompare());
        addCompare.setOnAction(e -> vm.addToCompare());
        addCompare.setTooltip(new Tooltip("Add the sampler settings above as a configuration to compare (2 to 4)"));
        runCompare.setOnAction(e -> vm.runCompare());
        runCompare.setTooltip(new Tooltip("Run every configuration from the same seeds; see the Compare tab"));
        Label configs = wrapped();
        vm.compareConfigs().addListener((ListChangeListener<RunConfig>) c -> configs.setText(
                vm.compareConfigs().stream().map(RunConfig::label).collect(Collectors.joining("  ·  "))));

        // class-conditional sources: the class and the guidance scale (re-sampled from the same seed on release)
        javafx.scene.control.ChoiceBox<String> cls = new javafx.scene.control.ChoiceBox<>();
        cls.setTooltip(new javafx.scene.control.Tooltip("The class each sample is drawn for: a random one per sample (from its seed, as the "
                + "sample command does without --class), none (the model's unconditional path; w does not apply), or one class"));
        javafx.scene.control.Slider w = new javafx.scene.control.Slider(0, 10, vm.guidanceProperty().get());
        w.setMajorTickUnit(1);
        w.setShowTickMarks(true);
        w.setBlockIncrement(0.1); // the arrow keys' step (the default, 10, jumped from end to end)
        Label wLabel = new Label();
        wLabel.textProperty().bind(vm.guidanceProperty().asString(java.util.Locale.ROOT, "w = %.1f"));
        w.valueProperty().addListener((o, a, b) -> vm.guidanceProperty().set(Math.round(b.doubleValue() * 10) / 10.0));
        w.setTooltip(new javafx.scene.control.Tooltip("Classifier-free guidance: ε̃ = ε(x, ∅) + w·(ε(x, class) − ε(x, ∅)); "
                + "0 ignores the class, 1 is plain conditional sampling, more trades diversity for the class's look"));
        Runnable resample = () -> {
            if (vm.trajectoryProperty().get() != null && !vm.busy() && vm.classIndexProperty().get() != GuidanceModel.NONE) vm.run();
        };
        w.setOnMouseReleased(e -> resample.run());
        w.setOnKeyReleased(e -> { // as on release of the mouse, once the arrow keys let go
            switch (e.getCode()) {
                case LEFT, RIGHT, UP, DOWN, HOME, END -> resample.run();
                default -> { }
            }
        });
        Runnable fillClasses = () -> {
            // index i of the list is class i − 2: a random class per sample (−2), no class (−1), then the classes
            java.util.List<String> items = new java.util.ArrayList<>(java.util.List.of("random class per sample", "no class"));
            items.addAll(vm.classNames());
            cls.getItems().setAll(items);
            cls.getSelectionModel().select(vm.classIndexProperty().get() + 2);
        };
        vm.classNames().addListener((ListChangeListener<String>) c -> fillClasses.run());
        fillClasses.run();
        cls.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.classIndexProperty().set(b.intValue() - 2);
        });
        // and back: a class or scale set elsewhere (an opened trajectory, the view model's API) shows here too
        vm.classIndexProperty().addListener((o, a, b) -> {
            int i = b.intValue() + 2;
            if (i >= 0 && i < cls.getItems().size() && cls.getSelectionModel().getSelectedIndex() != i) cls.getSelectionModel().select(i);
        });
        vm.guidanceProperty().addListener((o, a, b) -> {
            if (Math.abs(w.getValue() - b.doubleValue()) > 0.05) w.setValue(b.doubleValue());
        });
        VBox guidanceBox = new VBox(6, section("Class and guidance"), cls, new HBox(6, w, wLabel), new Separator());
        Runnable showGuidance = () -> {
            boolean on = !vm.classNames().isEmpty();
            guidanceBox.setVisible(on);
            guidanceBox.setManaged(on);
        };
        vm.classNames().addListener((ListChangeListener<String>) c -> showGuidance.run());
        showGuidance.run();

        HBox buttons = new HBox(6, run, pause, cancel);
        VBox box = new VBox(7,
                section("Sample from"), source, folder, note, new Separator(),
                section("Sampler"), form, karras, kForm, large, clip, new Separator(),
                guidanceBox,
                section("Command line"), cli, copy, new Separator(),
                section("Branch from the shown step"), bForm, branch, new Separator(),
                section("Start from your image"), new HBox(6, strength, sLabel), new HBox(6, sdedit, invert), psnr, new Separator(),
                section("Compare configurations"), new HBox(6, addCompare, clearCompare), runCompare, configs);
        box.setPadding(new Insets(10));
        box.getStyleClass().add(Styles.SIDEBAR);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        // the run controls stay in view whatever the scroll position
        VBox runBox = new VBox(6, buttons, bar);
        runBox.setPadding(new Insets(8, 10, 8, 10));
        getChildren().addAll(scroll, new Separator(), runBox);
        setPrefWidth(270);
        setMinWidth(230);
    }

    private void updateButtons(GenerateViewModel.State s) {
        boolean idle = s == GenerateViewModel.State.IDLE;
        run.setDisable(!idle);
        branch.setDisable(!idle);
        runCompare.setDisable(!idle);
        pause.setDisable(s != GenerateViewModel.State.RUNNING && s != GenerateViewModel.State.PAUSED);
        pause.setText(s == GenerateViewModel.State.PAUSED ? "Resume" : "Pause");
        cancel.setDisable(idle);
    }

    private static GridPane form() {
        GridPane g = new GridPane();
        g.setHgap(6);
        g.setVgap(5);
        return g;
    }

    private static NumberField intField(IntegerProperty p, String tip) {
        NumberField f = new NumberField(p == null ? 0 : p.get(), true, tip);
        f.setPrefColumnCount(6);
        if (p != null) {
            f.setOnCommit(v -> p.set((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v))));
            p.addListener((o, a, b) -> f.setValue(b.intValue()));
        }
        HBox.setHgrow(f, Priority.ALWAYS);
        return f;
    }

    private static NumberField doubleField(DoubleProperty p, String tip) {
        NumberField f = new NumberField(p.get(), false, tip);
        f.setPrefColumnCount(6);
        f.setOnCommit(p::set);
        p.addListener((o, a, b) -> f.setValue(b.doubleValue()));
        return f;
    }

    private static Label wrapped() {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.getStyleClass().add(Styles.STATUS);
        return l;
    }

    static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.SECTION);
        return l;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override public String toString(T t) { return t == null ? "" : f.apply(t); }
            @Override public T fromString(String s) { return null; }
        };
    }
}

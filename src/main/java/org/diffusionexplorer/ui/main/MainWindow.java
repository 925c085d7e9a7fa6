package org.diffusionexplorer.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.forward.ForwardActions;
import org.diffusionexplorer.ui.forward.ForwardView;
import org.diffusionexplorer.ui.forward.ForwardViewModel;
import org.diffusionexplorer.ui.generate.DefaultSourceLoader;
import org.diffusionexplorer.ui.generate.GenerateActions;
import org.diffusionexplorer.ui.generate.GenerateView;
import org.diffusionexplorer.ui.generate.GenerateViewModel;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ProgressTask;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.ExportOptions;
import org.diffusionexplorer.io.export.Exporter;
import org.diffusionexplorer.ui.schedule.ScheduleEditorView;
import org.diffusionexplorer.ui.schedule.ScheduleEditorViewModel;
import org.diffusionexplorer.ui.schedule.ScheduleFileActions;
import org.diffusionexplorer.ui.train.TrainView;
import org.diffusionexplorer.ui.train.TrainViewModel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Builds the main window: the composition of models, views and actions (used by the app and by UI tests). */
public final class MainWindow {
    public static final String SAMPLE_IMAGE = "/assets/sample-cat.png";

    private final Stage stage;
    private final Settings settings;
    private final ScheduleModel schedule = new ScheduleModel(ScheduleSpec.Linear.defaults());
    private final StatusModel status = new StatusModel();
    private final ForwardViewModel forwardVm;
    private final ForwardView forwardView;
    private final MainView mainView;
    private final ScheduleEditorViewModel scheduleVm;
    private final ScheduleEditorView scheduleView;
    private final TrainViewModel trainVm;
    private final GenerateViewModel generateVm;
    private final GenerateView generateView;
    private final GenerateActions generateActions;
    private final javafx.scene.control.Tab generateTab;
    private final DefaultSourceLoader sourceLoader;
    private final TaskRunner tasks;

    /** One background thread for training, so the FX thread and rendering keep a core. */
    private static final class TrainingExecutor {
        static final java.util.concurrent.Executor INSTANCE = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "de-training");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }
    private final Scene scene;

    public MainWindow(Stage stage, Settings settings, TaskRunner tasks) {
        this.stage = stage;
        this.settings = settings;
        this.tasks = tasks;
        forwardVm = new ForwardViewModel(schedule, TaskRunner.background()::runRaw, Platform::runLater);
        ForwardActions actions = new ForwardActions(forwardVm, tasks, status, settings, () -> stage);
        forwardView = new ForwardView(forwardVm, actions);
        mainView = new MainView(forwardView, actions, status, new MainView.MainCommands() {
            @Override public void toggleTheme(boolean dark) { applyTheme(dark); }
            @Override public boolean darkTheme() { return settings.darkTheme(); }
            @Override public void showShortcuts() { ShortcutsOverlay.show(stage); }
            @Override public void undo() { schedule.undo(); }
            @Override public void redo() { schedule.redo(); }
            @Override public void quit() { stage.close(); }
            @Override public void openTrajectory() {
                mainView.tabs().getSelectionModel().select(generateTab);
                generateActions.openTrajectory();
            }
            @Override public void chooseWorkingSize() {
                var d = new javafx.scene.control.ChoiceDialog<>(settings.maxSide(), java.util.List.of(128, 256, 512, 768, 1024, 2048));
                d.initOwner(stage);
                d.setTitle("Working size");
                d.setHeaderText("Images are downscaled so their longer side is at most this many pixels (for display and computation).");
                d.showAndWait().ifPresent(px -> {
                    settings.setMaxSide(px);
                    settings.save();
                    status.info("Working size " + px + " px: applies to the next image you open");
                });
            }
        });
        // the Generate tab (second): the Forward tab's image and the live schedule reach it through plain suppliers and
        // properties, so a shared ExplorerState can replace them later
        sourceLoader = new DefaultSourceLoader(forwardVm::x0, this::forwardImagePath);
        generateVm = new GenerateViewModel(TaskRunner.background()::runRaw, Platform::runLater, sourceLoader, schedule.scheduleProperty(), forwardVm::x0);
        generateVm.setModels(new java.util.ArrayList<>(ModelRegistry.list().keySet()), ToyDatasets.NAMES);
        generateActions = new GenerateActions(generateVm, tasks, status, () -> stage, this::exportWithGif);
        generateView = new GenerateView(generateVm, generateActions);
        generateVm.messageProperty().addListener((o, a, m) -> {
            if (generateVm.errorProperty().get()) status.error("Generate: " + m); else status.info(m);
        });
        generateTab = mainView.addTab("Generate", "Pick a model and a sampler and watch the reverse process, step by step", generateView,
                generateView::handleGlobalKey);
        scheduleVm = new ScheduleEditorViewModel(schedule, forwardVm.tProperty());
        scheduleView = new ScheduleEditorView(scheduleVm, new ScheduleFileActions(schedule, status, () -> stage),
                () -> forwardVm.x0() == null ? null : new org.diffusionexplorer.core.tensor.Tensor[]{forwardVm.x0(), forwardVm.eps()});
        mainView.addTab("Schedule editor", "Tune the noise schedule by hand and compare schedules", scheduleView);
        trainVm = new TrainViewModel(TrainingExecutor.INSTANCE, Platform::runLater);
        mainView.addTab("Train", "Train a small diffusion model on the CPU", new TrainView(trainVm, () -> stage, this::openInGenerate));
        trainVm.models().addListener((javafx.collections.ListChangeListener<String>) c ->
                generateVm.setModels(new java.util.ArrayList<>(trainVm.models()), ToyDatasets.NAMES));
        scene = new Scene(mainView, 1280, 820);
        applyTheme(settings.darkTheme());
        stage.setTitle("Diffusion Explorer");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        forwardVm.setImage(loadSample(settings.maxSide()));
        status.info("Drag the timestep (or press ←/→, Space to play). Open your own image with Ctrl+O, drop or paste. F1: shortcuts.");
    }

    /** The Train tab's "Open in Generate": select the model there and show the tab. */
    public void openInGenerate(String id) {
        generateVm.setModels(new java.util.ArrayList<>(ModelRegistry.list().keySet()), ToyDatasets.NAMES);
        if (generateVm.selectModel(id)) {
            mainView.tabs().getSelectionModel().select(generateTab);
            status.info("Generate: " + id + " selected; press Sample");
        } else {
            status.error("The model '" + id + "' is not in the model list any more");
        }
    }

    /** The Forward image as the CLI's empirical:PATH would name it (the bundled sample lives in assets/). */
    private String forwardImagePath() {
        var img = forwardVm.imageProperty().get();
        if (img == null) return "IMAGE";
        return img.name().equals("sample-cat.png") ? "assets/sample-cat.png" : img.name();
    }

    /**
     * A stand-in for the Export dialog (ui/export, being written): asks for the layout and a .gif file, then writes
     * every frame of the request as a GIF on a worker, with progress and cancel in the status bar.
     */
    private void exportWithGif(ExportRequest r) {
        String layout = r.layouts().get(0);
        if (r.layouts().size() > 1) {
            var d = new javafx.scene.control.ChoiceDialog<>(layout, r.layouts());
            d.initOwner(stage);
            d.setTitle("Export");
            d.setHeaderText(r.title() + ": which layout?");
            layout = d.showAndWait().orElse(null);
            if (layout == null) return;
        }
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle("Export " + r.title() + " as GIF");
        fc.setInitialFileName(r.suggestedName() + ".gif");
        fc.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("GIF animation", "*.gif"));
        java.io.File f = fc.showSaveDialog(stage);
        if (f == null) return;
        String chosen = layout;
        int[] frames = java.util.stream.IntStream.range(0, r.frameCount()).toArray();
        ProgressTask<java.nio.file.Path> task = new ProgressTask<>() {
            @Override
            protected java.nio.file.Path call() throws Exception {
                Exporter.export(r.builder().build(chosen, frames, 0, true), ExportFormat.GIF, ExportOptions.defaults().withHold(1.0), f.toPath(),
                        p -> progress(p, "frame " + Math.round(p * frames.length) + " of " + frames.length), this::isCancelled);
                return f.toPath();
            }
        };
        task.setOnCancelled(e -> status.info("Export cancelled; nothing was written"));
        status.track(task);
        status.info("Exporting " + frames.length + " frames…");
        tasks.run(task, p -> status.info("Saved " + p + " (" + frames.length + " frames)"), err -> status.error("Export failed: " + err.getMessage()));
    }

    /** The bundled sample image; the app's default x_0. */
    public static LoadedImage loadSample(int maxSide) {
        try (InputStream in = Objects.requireNonNull(MainWindow.class.getResourceAsStream(SAMPLE_IMAGE), "sample image missing from the jar")) {
            return new ImageLoader(maxSide, 1f).load(in.readAllBytes(), "sample-cat.png");
        } catch (IOException | InputException e) {
            throw new IllegalStateException("the bundled sample image cannot be read: " + e.getMessage(), e);
        }
    }

    private void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
        scene.getStylesheets().setAll(Objects.requireNonNull(
                MainWindow.class.getResource(dark ? "/org/diffusionexplorer/ui/app-dark.css" : "/org/diffusionexplorer/ui/app-light.css")).toExternalForm());
        forwardView.applyTheme(dark);
        scheduleView.applyTheme(dark);
        generateView.applyTheme(dark);
        if (dark != settings.darkTheme()) {
            settings.setDarkTheme(dark);
            settings.save();
        }
    }

    public Stage stage() { return stage; }
    public Scene scene() { return scene; }
    public MainView mainView() { return mainView; }
    public ForwardView forwardView() { return forwardView; }
    public ForwardViewModel forwardViewModel() { return forwardVm; }
    public ScheduleModel scheduleModel() { return schedule; }
    public StatusModel status() { return status; }
    public ScheduleEditorView scheduleView() { return scheduleView; }
    public TrainViewModel trainViewModel() { return trainVm; }
    public ScheduleEditorViewModel scheduleViewModel() { return scheduleVm; }
    public GenerateViewModel generateViewModel() { return generateVm; }
    public GenerateView generateView() { return generateView; }
    public javafx.scene.control.Tab generateTab() { return generateTab; }
    public DefaultSourceLoader sourceLoader() { return sourceLoader; }
}

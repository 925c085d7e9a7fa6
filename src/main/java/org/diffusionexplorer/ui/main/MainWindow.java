package org.diffusionexplorer.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.runtime.Engine;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.export.ExportDialog;
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
    private final ExplorerState explorer = new ExplorerState();
    private final ForwardViewModel forwardVm;
    private final ForwardView forwardView;
    private final MainView mainView;
    private final ScheduleEditorViewModel scheduleVm;
    private final ScheduleEditorView scheduleView;
    private final TrainViewModel trainVm;
    private final TrainView trainView;
    private final ForwardActions forwardActions;
    private final ScheduleFileActions scheduleFiles;
    private final GenerateViewModel generateVm;
    private final GenerateView generateView;
    private final GenerateActions generateActions;
    private final javafx.scene.control.Tab generateTab;
    private final DefaultSourceLoader sourceLoader;
    private final TaskRunner tasks;
    private final Scene scene;

    /**
     * @param tasks runs the commands' file work (load, save, export); the live computations (the Markov chain,
     *              sampling runs) get a worker pool of their own and training one low-priority thread, made here
     */
    public MainWindow(Stage stage, Settings settings, TaskRunner tasks) {
        this(stage, settings, tasks, TaskRunner.background(), TaskRunner.singleThread("de-training"));
    }

    public MainWindow(Stage stage, Settings settings, TaskRunner tasks, TaskRunner workers, TaskRunner training) {
        this.stage = stage;
        this.settings = settings;
        selectEngine(settings.engine());
        this.tasks = tasks;
        forwardVm = new ForwardViewModel(schedule, explorer, workers);
        ExportRequest.Service exports = request -> ExportDialog.show(stage, request, tasks, settings, status);
        ForwardActions actions = new ForwardActions(forwardVm, tasks, status, settings, () -> stage, exports);
        this.forwardActions = actions;
        forwardView = new ForwardView(forwardVm, actions);
        mainView = new MainView(forwardView, actions, status, new MainView.MainCommands() {
            @Override public void toggleTheme(boolean dark) { applyTheme(dark); }
            @Override public boolean darkTheme() { return settings.darkTheme(); }
            @Override public void showShortcuts() { ShortcutsOverlay.show(stage); }
            @Override public void undo() { schedule.undo(); }
            @Override public void redo() { schedule.redo(); }
            @Override public void quit() { stage.close(); }
            @Override public java.util.List<String> engines() {
                return java.util.Arrays.stream(Engine.values()).map(Engine::cliName).toList();
            }
            @Override public String engine() { return Engine.active().cliName(); }
            @Override public String engineUnavailable(String name) { return Engine.parse(name).unavailableReason(); }
            @Override public void chooseEngine(String name) {
                Engine.select(Engine.parse(name));
                settings.setEngine(name);
                settings.save();
                status.info("Engine: " + Engine.describe() + " (for models loaded from now on)");
            }
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
        // the Generate tab (second): your image comes from the shared ExplorerState, the live schedule from the ScheduleModel
        sourceLoader = new DefaultSourceLoader(explorer);
        generateVm = new GenerateViewModel(workers, sourceLoader, schedule.scheduleProperty(), explorer);
        generateVm.setModels(new java.util.ArrayList<>(ModelRegistry.list().keySet()), ToyDatasets.NAMES);
        generateActions = new GenerateActions(generateVm, tasks, status, () -> stage, exports);
        generateView = new GenerateView(generateVm, generateActions);
        generateVm.messageProperty().addListener((o, a, m) -> {
            if (generateVm.errorProperty().get()) status.error("Generate: " + m); else status.info(m);
        });
        generateTab = mainView.addTab("Generate", "Pick a model and a sampler and watch the reverse process, step by step", generateView,
                generateView::handleGlobalKey);
        scheduleVm = new ScheduleEditorViewModel(schedule, explorer);
        scheduleFiles = new ScheduleFileActions(schedule, status, () -> stage, exports, explorer);
        scheduleView = new ScheduleEditorView(scheduleVm, scheduleFiles);
        mainView.addTab("Schedule editor", "Tune the noise schedule by hand and compare schedules", scheduleView);
        trainVm = new TrainViewModel(training);
        trainView = new TrainView(trainVm, () -> stage, this::openInGenerate);
        mainView.addTab("Train", "Train a small diffusion model on the CPU", trainView);
        trainVm.models().addListener((javafx.collections.ListChangeListener<String>) c ->
                generateVm.setModels(new java.util.ArrayList<>(trainVm.models()), ToyDatasets.NAMES));
        // 1280×820 where it fits, else the screen's usable area (the smallest supported window is 1000×700)
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        scene = new Scene(mainView, Math.min(1280, Math.max(1000, screen.getWidth())), Math.min(820, Math.max(700, screen.getHeight())));
        applyTheme(settings.darkTheme());
        stage.setTitle("Diffusion Explorer");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        forwardVm.setImage(loadSample(settings.maxSide()));
        status.info("Drag the timestep (or press ←/→, Space to play). Open your own image with Ctrl+O, drop or paste. F1: shortcuts.");
    }

    /**
     * Opens a file given on the command line (what desktop file associations pass): a schedule .json goes to the
     * Schedule editor, a model folder is listed, anything else is opened as the image. Problems go to the status bar.
     */
    public void open(java.nio.file.Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!java.nio.file.Files.exists(p)) {
            status.error("Cannot open " + p + ": no such file or folder");
        } else if (java.nio.file.Files.isDirectory(p)) {
            boolean model = java.nio.file.Files.isRegularFile(p.resolve("model.json")) || java.nio.file.Files.isRegularFile(p.resolve("bundle").resolve("model.json"));
            status.info(model ? "Model folder " + p.getFileName() + ": sample it in the Generate tab or with: sample --model " + p
                    : p + " is a folder: open an image, a schedule .json or a model folder");
        } else if (name.endsWith(".json")) {
            mainView.tabs().getSelectionModel().select(mainView.tabs().getTabs().stream().filter(t -> t.getText().startsWith("Schedule")).findFirst().orElse(null));
            scheduleFiles.loadJson(p);
        } else {
            forwardActions.load(p);
        }
    }

    /** The engine from the settings if it can run here, else the fastest. */
    private static void selectEngine(String name) {
        Engine e = Engine.fastest();
        try {
            if (name != null && Engine.parse(name).unavailableReason() == null) e = Engine.parse(name);
        } catch (IllegalArgumentException ignored) {
            // an unknown name from another version: the fastest
        }
        Engine.select(e);
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
        trainView.applyTheme(dark);
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
    public ExplorerState explorerState() { return explorer; }
    public ScheduleEditorView scheduleView() { return scheduleView; }
    public TrainViewModel trainViewModel() { return trainVm; }
    public ScheduleEditorViewModel scheduleViewModel() { return scheduleVm; }
    public GenerateViewModel generateViewModel() { return generateVm; }
    public GenerateView generateView() { return generateView; }
    public javafx.scene.control.Tab generateTab() { return generateTab; }
    public DefaultSourceLoader sourceLoader() { return sourceLoader; }
}

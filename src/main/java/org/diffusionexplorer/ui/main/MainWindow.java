package org.diffusionexplorer.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Tab;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.LoadedImage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.runtime.Engine;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.Feature;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.common.StatusModel;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.export.ExportDialog;
import org.diffusionexplorer.ui.forward.ForwardFeature;
import org.diffusionexplorer.ui.forward.ForwardView;
import org.diffusionexplorer.ui.forward.ForwardViewModel;
import org.diffusionexplorer.ui.generate.DefaultSourceLoader;
import org.diffusionexplorer.ui.generate.GenerateFeature;
import org.diffusionexplorer.ui.generate.GenerateView;
import org.diffusionexplorer.ui.generate.GenerateViewModel;
import org.diffusionexplorer.ui.schedule.ScheduleEditorView;
import org.diffusionexplorer.ui.schedule.ScheduleEditorViewModel;
import org.diffusionexplorer.ui.schedule.ScheduleFeature;
import org.diffusionexplorer.ui.train.TrainActions;
import org.diffusionexplorer.ui.train.TrainFeature;
import org.diffusionexplorer.ui.train.TrainViewModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the main window, the composition root of the UI (used by the app and by UI tests): the shared models
 * (schedule, ExplorerState, status), the task runners, and the four features in tab order.
 */
public final class MainWindow {
    public static final String SAMPLE_IMAGE = "/assets/sample-cat.png";

    private final Stage stage;
    private final Settings settings;
    private final ScheduleModel schedule = new ScheduleModel(ScheduleSpec.Linear.defaults());
    private final StatusModel status = new StatusModel();
    private final ExplorerState explorer = new ExplorerState();
    private final ForwardFeature forward;
    private final GenerateFeature generate;
    private final ScheduleFeature scheduleEditor;
    private final TrainFeature train;
    private final List<Feature> features;
    private final MainView mainView;
    private final Scene scene;

    /**
     * @param tasks runs the commands' file work (load, save, export); the live computations (the Markov chain,
     *              sampling runs) get a worker pool of their own and training one low-priority thread, made here
     */
    public MainWindow(Stage stage, Settings settings, TaskRunner tasks) {
        this(stage, settings, tasks, null);
    }

    /** @param sample the bundled sample image being decoded elsewhere (the app's start-up preload), or null */
    public MainWindow(Stage stage, Settings settings, TaskRunner tasks, CompletableFuture<LoadedImage> sample) {
        this(stage, settings, tasks, TaskRunner.background(), TaskRunner.singleThread("de-training"), sample);
    }

    public MainWindow(Stage stage, Settings settings, TaskRunner tasks, TaskRunner workers, TaskRunner training) {
        this(stage, settings, tasks, workers, training, null);
    }

    private MainWindow(Stage stage, Settings settings, TaskRunner tasks, TaskRunner workers, TaskRunner training,
                       CompletableFuture<LoadedImage> preloadedSample) {
        this.stage = stage;
        this.settings = settings;
        selectEngine(settings.engine());
        ExportRequest.Service exports = request -> ExportDialog.show(stage, request, tasks, settings, status);
        forward = new ForwardFeature(schedule, explorer, workers, tasks, status, settings, () -> stage, exports);
        generate = new GenerateFeature(schedule.scheduleProperty(), explorer, workers, tasks, status, () -> stage, exports);
        scheduleEditor = new ScheduleFeature(schedule, explorer, status, () -> stage, exports);
        train = new TrainFeature(training, () -> stage, this::openInGenerate);
        train.viewModel().models().addListener((ListChangeListener<String>) c -> generate.setModels(new ArrayList<>(train.viewModel().models())));
        features = List.of(forward, generate, scheduleEditor, train);
        mainView = new MainView(features, status, commands());
        // 1280×820 where it fits, else the screen's usable area (the smallest supported window is 1000×700)
        var screen = Screen.getPrimary().getVisualBounds();
        scene = new Scene(mainView, Math.min(1280, Math.max(1000, screen.getWidth())), Math.min(820, Math.max(700, screen.getHeight())));
        applyTheme(settings.darkTheme());
        stage.setTitle("Diffusion Explorer");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        status.info("Drag the timestep (or press ←/→, Space to play). Open your own image with Ctrl+O, drop or paste. F1: shortcuts.");
        // the sample is decoded off the FX thread, so the window shows first; an image opened meanwhile wins
        int maxSide = settings.maxSide();
        CompletableFuture<LoadedImage> sample = preloadedSample != null ? preloadedSample : CompletableFuture.completedFuture(null);
        sample.whenComplete((img, error) -> tasks.fx(() -> {
            if (forward.viewModel().imageProperty().get() != null) return; // an image opened meanwhile wins
            if (img != null) {
                forward.viewModel().setImage(img);
                return;
            }
            tasks.execute(() -> { // no preload, or it failed: decode it here (off the FX thread)
                try {
                    LoadedImage own = loadSample(maxSide);
                    tasks.fx(() -> {
                        if (forward.viewModel().imageProperty().get() == null) forward.viewModel().setImage(own);
                    });
                } catch (RuntimeException e) {
                    tasks.fx(() -> {
                        if (forward.viewModel().imageProperty().get() == null) {
                            status.error("The bundled sample image could not be read (" + e.getMessage() + "): open an image with Ctrl+O");
                        }
                    });
                }
            });
        }));
    }

    private MainView.MainCommands commands() {
        return new MainView.MainCommands() {
            @Override public void toggleTheme(boolean dark) { applyTheme(dark); }
            @Override public boolean darkTheme() { return settings.darkTheme(); }
            @Override public void showShortcuts() { ShortcutsOverlay.show(stage); }
            @Override public void quit() { stage.close(); }
            @Override public List<String> engines() { return Arrays.stream(Engine.values()).map(Engine::cliName).toList(); }
            @Override public String engine() { return Engine.active().cliName(); }
            @Override public String engineUnavailable(String name) { return Engine.parse(name).unavailableReason(); }
            @Override public void chooseEngine(String name) {
                Engine.select(Engine.parse(name));
                settings.setEngine(name);
                settings.save();
                status.info("Engine: " + Engine.describe() + " (for models loaded from now on)");
            }
            @Override public void chooseWorkingSize() {
                var d = new ChoiceDialog<>(settings.maxSide(), List.of(128, 256, 512, 768, 1024, 2048));
                d.initOwner(stage);
                d.setTitle("Working size");
                d.setHeaderText("Images are downscaled so their longer side is at most this many pixels (for display and computation).");
                d.showAndWait().ifPresent(px -> {
                    settings.setMaxSide(px);
                    settings.save();
                    status.info("Working size " + px + " px: applies to the next image you open");
                });
            }
        };
    }

    /**
     * Opens a file given on the command line (what desktop file associations pass): a schedule .json goes to the
     * Schedule editor, a model folder is listed, anything else is opened as the image. Problems go to the status bar.
     */
    public void open(Path p) {
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.exists(p)) {
            status.error("Cannot open " + p + ": no such file or folder");
        } else if (Files.isDirectory(p)) {
            boolean model = Files.isRegularFile(p.resolve("model.json")) || Files.isRegularFile(p.resolve("bundle").resolve("model.json"));
            status.info(model ? "Model folder " + p.getFileName() + ": sample it in the Generate tab or with: sample --model " + p
                    : p + " is a folder: open an image, a schedule .json or a model folder");
        } else if (name.endsWith(".json")) {
            scheduleEditor.show();
            scheduleEditor.files().loadJson(p);
        } else {
            forward.actions().load(p);
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
        generate.openModel(id);
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
        // the theme's binary stylesheet: JavaFX reads it without parsing 170 KB of CSS at every start
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheetBSS() : new PrimerLight().getUserAgentStylesheetBSS());
        scene.getStylesheets().setAll(Objects.requireNonNull(
                MainWindow.class.getResource(dark ? "/org/diffusionexplorer/ui/app-dark.css" : "/org/diffusionexplorer/ui/app-light.css")).toExternalForm());
        for (Feature f : features) f.applyTheme(dark);
        if (dark != settings.darkTheme()) {
            settings.setDarkTheme(dark);
            settings.save();
        }
    }

    public Stage stage() { return stage; }
    public Scene scene() { return scene; }
    public MainView mainView() { return mainView; }
    public ForwardView forwardView() { return forward.view(); }
    public ForwardViewModel forwardViewModel() { return forward.viewModel(); }
    public ScheduleModel scheduleModel() { return schedule; }
    public StatusModel status() { return status; }
    public ExplorerState explorerState() { return explorer; }
    public ScheduleEditorView scheduleView() { return scheduleEditor.view(); }
    public TrainViewModel trainViewModel() { return train.viewModel(); }
    public TrainActions trainActions() { return train.actions(); }
    public ScheduleEditorViewModel scheduleViewModel() { return scheduleEditor.viewModel(); }
    public GenerateViewModel generateViewModel() { return generate.viewModel(); }
    public GenerateView generateView() { return generate.view(); }
    public Tab generateTab() { return generate.tab(); }
    public Tab scheduleTab() { return scheduleEditor.tab(); }
    public DefaultSourceLoader sourceLoader() { return generate.sourceLoader(); }
}

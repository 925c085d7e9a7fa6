package org.diffusionexplorer.app;

import javafx.application.Application;
import javafx.stage.Stage;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.runtime.engine.EngineThreads;
import org.diffusionexplorer.ui.common.FxWatchdog;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.main.MainWindow;

import java.nio.file.Path;

/** The JavaFX application: composition root of the window. */
public final class DiffusionExplorerApp extends Application {
    /** Set by {@code bench --ui generate} (see {@link Launcher}). */
    static final String GENERATE_BENCHMARK = "diffusionexplorer.generateBenchmark";

    @Override
    public void start(Stage stage) {
        // the engine leaves one core to the FX thread, so sampling and training in the window never freeze it
        EngineThreads.leaveOneCore();
        MainWindow w = new MainWindow(stage, Settings.load(), TaskRunner.background());
        stage.show();
        if (StartupProbe.wanted()) StartupProbe.attach(stage);
        var files = getParameters().getRaw();
        if (!files.isEmpty()) w.open(Path.of(files.get(0)));
        String shot = System.getProperty("diffusionexplorer.screenshot");
        if (shot != null) Screenshot.afterShown(w, Path.of(shot));
        Integer bench = Integer.getInteger("diffusionexplorer.scrubBenchmark");
        if (bench != null) ScrubBenchmark.run(w, bench);
        Integer edit = Integer.getInteger("diffusionexplorer.editBenchmark");
        if (edit != null) EditBenchmark.run(w, edit);
        if (Boolean.getBoolean(GENERATE_BENCHMARK)) GenerateBenchmark.run(w);
        Integer watch = Integer.getInteger("diffusionexplorer.fxWatchdog");
        if (watch != null) {
            // every FX-thread block over the threshold, with where it was, printed when the app ends
            var dog = FxWatchdog.start(watch);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                var blocks = dog.blocks();
                System.err.println("FX thread blocks over " + watch + " ms: " + blocks.size());
                for (var b : blocks) System.err.println("  " + b);
            }));
        }
    }
}

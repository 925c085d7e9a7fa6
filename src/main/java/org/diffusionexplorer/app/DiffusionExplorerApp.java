package org.diffusionexplorer.app;

import javafx.application.Application;
import javafx.animation.PauseTransition;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.app.harness.Harnesses;
import org.diffusionexplorer.runtime.engine.EngineThreads;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.main.MainWindow;

import java.nio.file.Path;

/** The JavaFX application: composition root of the window. */
public final class DiffusionExplorerApp extends Application {
    @Override
    public void start(Stage stage) {
        // the engine leaves one core to the FX thread, so sampling and training in the window never freeze it
        EngineThreads.leaveOneCore();
        FrameRenderer.deferWarmUp(); // its second of CPU after the first frame, not during the start
        Harnesses.mark("toolkit up");
        MainWindow w = new MainWindow(stage, Preload.settings(), TaskRunner.background(), Preload.sample());
        Harnesses.mark("window built");
        stage.show();
        Harnesses.mark("shown");
        var files = getParameters().getRaw();
        if (!files.isEmpty()) w.open(Path.of(files.get(0)));
        Harnesses.afterShown(w, stage);
        PauseTransition later = new PauseTransition(Duration.seconds(1));
        later.setOnFinished(e -> FrameRenderer.warmUpInBackground());
        later.play();
    }
}

package org.diffusionexplorer.app.harness;

import javafx.animation.PauseTransition;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import org.diffusionexplorer.ui.generate.GenerateViewModel;
import org.diffusionexplorer.ui.generate.Source;
import org.diffusionexplorer.ui.main.MainWindow;

import javax.imageio.ImageIO;
import java.nio.file.Path;

/**
 * For README images and smoke tests: with -Ddiffusionexplorer.screenshot=FILE.png the app sets t (and the tab) from
 * -Ddiffusionexplorer.screenshot.t / .tab, waits a moment, writes a snapshot of the scene, and exits.
 */
final class Screenshot {
    private Screenshot() {
    }

    static void afterShown(MainWindow w, Path out) {
        int t = Integer.getInteger("diffusionexplorer.screenshot.t", 400);
        int tab = Integer.getInteger("diffusionexplorer.screenshot.tab", 0);
        String size = System.getProperty("diffusionexplorer.screenshot.size"); // e.g. 1000x700: the window's size
        if (size != null && size.matches("\\d+x\\d+")) {
            String[] wh = size.split("x");
            w.stage().setWidth(Integer.parseInt(wh[0]));
            w.stage().setHeight(Integer.parseInt(wh[1]));
        }
        w.mainView().tabs().getSelectionModel().select(Math.min(tab, w.mainView().tabs().getTabs().size() - 1));
        w.forwardViewModel().tProperty().set(t);
        if (Boolean.getBoolean("diffusionexplorer.screenshot.train")) {
            w.trainViewModel().stepsProperty().set(1500);
            w.trainActions().start();
        }
        Integer width = Integer.getInteger("diffusionexplorer.screenshot.width"), height = Integer.getInteger("diffusionexplorer.screenshot.height");
        if (width != null && height != null) {
            w.stage().setWidth(width);
            w.stage().setHeight(height);
        }
        String source = System.getProperty("diffusionexplorer.screenshot.generate");
        if (source != null) { // e.g. fashion-mnist or toy-moons: sample it in the Generate tab before the snapshot
            if (source.startsWith("toy:")) w.generateViewModel().sourceProperty().set(Source.toy(source.substring(4)));
            else w.generateViewModel().selectModel(source);
            Integer cls = Integer.getInteger("diffusionexplorer.screenshot.class");
            if (cls != null) {
                w.generateViewModel().classIndexProperty().set(cls);
                w.generateViewModel().guidanceProperty().set(Double.parseDouble(System.getProperty("diffusionexplorer.screenshot.guidance", "1")));
            }
            w.generateViewModel().countProperty().set(Integer.getInteger("diffusionexplorer.screenshot.count", 16));
            w.generateViewModel().stepsProperty().set(Integer.getInteger("diffusionexplorer.screenshot.steps", 50));
            Integer step = Integer.getInteger("diffusionexplorer.screenshot.step");
            if (step != null) {
                w.generateViewModel().stateProperty().addListener((o, a, st) -> {
                    if (st == GenerateViewModel.State.IDLE) { // after the result is in
                        javafx.application.Platform.runLater(() -> w.generateViewModel().stepProperty().set(step));
                    }
                });
            }
            w.generateViewModel().run();
        }
        if (Boolean.getBoolean("diffusionexplorer.screenshot.pin")) {
            w.scheduleViewModel().pinPreset("cosine");
            w.scheduleViewModel().convertToCustom();
            double[][] p = w.scheduleViewModel().points();
            w.scheduleViewModel().movePoint(4, p[4][0], p[4][1] + 2.5);
        }
        PauseTransition p = new PauseTransition(Duration.seconds(Double.parseDouble(System.getProperty("diffusionexplorer.screenshot.delay", "1.5"))));
        p.setOnFinished(e -> {
            WritableImage img = w.scene().snapshot(null);
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.toFile());
                System.out.println("screenshot written to " + out);
            } catch (Exception ex) {
                System.err.println("error: screenshot failed: " + ex.getMessage());
            }
            javafx.application.Platform.exit();
        });
        p.play();
    }
}

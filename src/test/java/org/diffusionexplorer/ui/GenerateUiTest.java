package org.diffusionexplorer.ui;

import javafx.geometry.Point2D;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.io.settings.Settings;
import org.diffusionexplorer.ui.common.FxBlockProbe;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.diffusionexplorer.ui.controls.ImageGridView;
import org.diffusionexplorer.ui.generate.GenerateView;
import org.diffusionexplorer.ui.generate.GenerateViewModel;
import org.diffusionexplorer.ui.main.MainWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Generate tab in the real window (headless): fashion-mnist, 4 samples, DDIM 10 steps; focus a sample, scrub
 * and compare the pixels with the trajectory; branch; compare two configurations; particles of toy-moons. Prints how
 * long the FX thread was blocked during the run (measured, not asserted).
 */
@ExtendWith(ApplicationExtension.class)
class GenerateUiTest {
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = new MainWindow(stage, Settings.load(Files.createTempDirectory("de").resolve("s.json")), TaskRunner.sameThread());
        stage.show();
    }

    private void waitFor(String what, BooleanSupplier done) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, done::getAsBoolean);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what + ": timed out in state " + window.generateViewModel().stateProperty().get()
                    + ", message: " + window.generateViewModel().messageProperty().get());
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(done.getAsBoolean(), what);
    }

    private boolean idleWith(BooleanSupplier more) {
        GenerateViewModel vm = window.generateViewModel();
        return vm.stateProperty().get() == GenerateViewModel.State.IDLE && more.getAsBoolean();
    }

    @Test
    void sampleScrubBranchCompareAndParticles(FxRobot robot) throws Exception {
        GenerateViewModel vm = window.generateViewModel();
        // the Generate view is built when first asked for, on the FX thread
        GenerateView[] built = new GenerateView[1];
        robot.interact(() -> built[0] = window.generateView());
        GenerateView view = built[0];
        // the Train tab's model list: a double-click opens the model in the Generate tab
        robot.interact(() -> window.mainView().tabs().getSelectionModel().select(window.mainView().tabs().getTabs().get(3)));
        // the list may be longer than its visible rows (the bundled models): bring the row into view first
        javafx.scene.Node trainView = window.mainView().tabs().getTabs().get(3).getContent();
        javafx.scene.control.ListView<?> list = robot.from(trainView)
                .lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.ListView<?> l && l.getItems().contains("toy-moons"))
                .queryAs(javafx.scene.control.ListView.class);
        // the row may lie below the smallest window's edge (the Train view scrolls there), so the double-click is
        // delivered to the row's cell as the list would receive it, after the first click's selection
        robot.interact(() -> {
            list.getSelectionModel().select(list.getItems().indexOf("toy-moons"));
            list.scrollTo(list.getItems().indexOf("toy-moons"));
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node cell = robot.from(list).lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.ListCell<?> c
                && "toy-moons".equals(c.getText()) && c.isVisible()).query();
        robot.interact(() -> cell.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED, 5, 5, 0, 0,
                javafx.scene.input.MouseButton.PRIMARY, 2, false, false, false, false, true, false, false, true, false, false, null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(window.generateTab(), window.mainView().tabs().getSelectionModel().getSelectedItem());
        assertEquals("toy-moons", vm.sourceProperty().get().id());
        robot.interact(() -> window.mainView().tabs().getSelectionModel().select(window.generateTab()));
        assertEquals(1, window.mainView().tabs().getTabs().indexOf(window.generateTab()), "Generate is the second tab");
        robot.interact(() -> {
            assertTrue(vm.selectModel("fashion-mnist"));
            vm.countProperty().set(4);
            vm.stepsProperty().set(10);
        });
        assertTrue(vm.cliProperty().get().contains("--model fashion-mnist --sampler ddim --steps 10 --count 4"), vm.cliProperty().get());

        FxBlockProbe probe = FxBlockProbe.start(2);
        long t0 = System.nanoTime();
        robot.clickOn(view.runButton());
        waitFor("the run finishes", () -> idleWith(() -> vm.trajectoryProperty().get() != null && vm.trajectoryProperty().get().finished()));
        long wall = System.nanoTime() - t0;
        probe.close();
        System.out.printf(Locale.ROOT, "Generate UI test, fashion-mnist 4 samples DDIM 10 (model load included): %.0f ms; FX thread blocked at most %.1f ms "
                        + "(mean probe wait %.2f ms over %d probes); longest repaint %.1f ms (%.1f ms FX-thread CPU); steps painted %d%n",
                wall / 1e6, probe.maxMillis(), probe.meanMillis(), probe.probes(), view.paintNanosMax() / 1e6, view.paintCpuNanosMax() / 1e6, view.framesShown());
        Trajectory tr = vm.trajectoryProperty().get();
        assertEquals(4, tr.count());
        assertEquals(10, tr.steps());
        assertTrue(vm.messageProperty().get().startsWith("Sampled 4 images"), vm.messageProperty().get());

        // click the third cell of the grid: it becomes the focused sample with its seed
        ImageGridView grid = view.grid();
        double[] c = grid.cellCentre(2);
        Point2D p = grid.localToScreen(c[0], c[1]);
        robot.clickOn(p.getX(), p.getY());
        assertEquals(2, vm.selectedProperty().get());
        assertTrue(vm.focusText().startsWith("sample 2 · seed 2"), vm.focusText());

        // scrub with the keys: Home, then → three times; the x_t panel shows the trajectory's x_3 of sample 2
        robot.clickOn(view.scrubber());
        robot.type(KeyCode.HOME);
        robot.type(KeyCode.RIGHT, 3);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.shownStep() == 3);
        robot.sleep(100); // a pulse repaints
        WaitForAsyncUtils.waitForFxEvents();
        float[] x = tr.frame(3).xt().item(2).data();
        WritableImage img = view.xtPanel().image();
        PixelReader pr = img.getPixelReader();
        for (int i = 0; i < 28 * 28; i += 37) {
            assertEquals(FrameRenderer.toByte(x[i]), pr.getArgb(i % 28, i / 28) & 255, "pixel " + i + " of x_3");
        }

        // branch from step 3 with DDPM 20 steps, beside the original
        robot.interact(() -> vm.branch(SamplerKind.DDPM, 20, 5));
        waitFor("the branch finishes", () -> idleWith(() -> vm.branchProperty().get() != null && vm.branchProperty().get().finished()));
        assertEquals(tr, vm.trajectoryProperty().get());
        assertEquals(tr.t(3), vm.branchProperty().get().t(0));
        robot.interact(() -> vm.stepProperty().set(10));
        assertEquals(20, vm.branchStep());

        // compare DDIM 10 with Euler 5 from the same seeds
        robot.interact(() -> {
            vm.addToCompare();
            vm.samplerProperty().set(SamplerKind.EULER);
            vm.stepsProperty().set(5);
            vm.addToCompare();
        });
        robot.interact(() -> view.runCompareButton().fire()); // the button sits below the fold of the scrolled column
        waitFor("the comparison finishes", () -> idleWith(() -> vm.compareResultsProperty().get().size() == 2
                && vm.compareResultsProperty().get().get(1).finished()));
        robot.sleep(100);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view.compareRow().getChildren().size());
        assertEquals(1, view.innerTabs().getSelectionModel().getSelectedIndex(), "the Compare tab opens");
        robot.interact(() -> vm.comparePercentProperty().set(50));
        assertEquals(5, vm.compareStep(0));
        assertEquals(3, vm.compareStep(1)); // round(2.5) = 3: aligned by the fraction

        // toy-moons: 2 000 particles, scrubbable
        robot.interact(() -> {
            view.innerTabs().getSelectionModel().select(0);
            assertTrue(vm.selectModel("toy-moons"));
        });
        robot.clickOn(view.runButton());
        waitFor("the particles run finishes", () -> idleWith(() -> vm.trajectoryProperty().get() != null
                && vm.trajectoryProperty().get().frame(0).xt().rank() == 2 && vm.trajectoryProperty().get().finished()));
        robot.sleep(100);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.particles().isVisible());
        assertEquals(2000, view.particles().pointCount());
        robot.interact(() -> vm.stepProperty().set(10));
        waitFor("the denoiser field arrives", () -> vm.field().arrowsProperty().get() != null);
        assertNotNull(vm.loadedProperty().get().data(), "the data is drawn behind the particles");
    }
}

package org.diffusionexplorer.ui.train;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Train view model's run states without a job or files: start, pause, resume, cancel; TrainActions' delete guard. */
class TrainViewModelTest {
    private final Path runs = Path.of("/tmp/de-runs-test");

    @Test
    void aRunGoesThroughItsStates() {
        TrainViewModel vm = new TrainViewModel();
        TrainViewModel.Run run = vm.begin(runs);
        assertNotNull(run);
        assertEquals(TrainViewModel.State.RUNNING, vm.stateProperty().get());
        assertTrue(run.folder().startsWith(runs) && run.folder().getFileName().toString().startsWith("toy-moons-"), run.folder().toString());
        assertFalse(run.resume());
        assertNull(vm.begin(runs), "no second run while one goes");
        vm.step(10, 100, 5.0, 0.5);
        assertEquals(0.1, vm.fractionProperty().get(), 1e-12);
        assertTrue(vm.progressProperty().get().startsWith("step 10 / 100 · 5.00 it/s · loss 0.5000"), vm.progressProperty().get());
        assertFalse(vm.requestCancel(), "a running job stops at its next step; it deletes its folder itself");
        assertTrue(vm.stopRequested() && vm.cancelRequested());
        vm.paused();
        TrainViewModel.Run resumed = vm.begin(runs);
        assertTrue(resumed.resume());
        assertEquals(run.folder(), resumed.folder());
        assertFalse(vm.stopRequested(), "Resume clears the stop request");
        vm.paused();
        assertTrue(vm.requestCancel(), "a paused run has no job to wait for");
        vm.cancelled(true, run.folder());
        assertEquals(TrainViewModel.State.IDLE, vm.stateProperty().get());
        assertNull(vm.runFolderProperty().get());
    }

    @Test
    void badSettingsFailWithTheReason() {
        TrainViewModel vm = new TrainViewModel();
        vm.dataProperty().set("toy:");
        vm.stepsProperty().set(0);
        assertNull(vm.begin(runs));
        assertEquals(TrainViewModel.State.FAILED, vm.stateProperty().get());
        assertTrue(vm.progressProperty().get().startsWith("error: "), vm.progressProperty().get());
    }

    @Test
    void onlyRunFoldersAreDeleted() throws Exception {
        Path elsewhere = Files.createTempDirectory("not-a-run");
        assertFalse(TrainActions.deleteRun(elsewhere));
        assertTrue(Files.isDirectory(elsewhere));
        Files.delete(elsewhere);
    }
}

package org.diffusionexplorer.ui.generate;

import javafx.beans.property.SimpleObjectProperty;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.export.ExportFormat;
import org.diffusionexplorer.io.export.ExportOptions;
import org.diffusionexplorer.io.export.Exporter;
import org.diffusionexplorer.io.export.FrameSource;
import org.diffusionexplorer.io.trajectory.TrajectoryFiles;
import org.diffusionexplorer.ui.common.ExportRequest;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Generate view hands to the Export dialog, and trajectories read back from `sample --trajectory` files. */
class GenerateExportTest {
    private static final NoiseSchedule LINEAR = NoiseSchedule.of(ScheduleSpec.Linear.defaults());

    private static GenerateViewModel vm(Tensor data, boolean images) {
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(),
                (s, r, live) -> new LoadedSource(s, new EmpiricalDenoiser(live, data), live, images, data, null, null),
                new SimpleObjectProperty<>(LINEAR), new ExplorerState());
        vm.useFolder("/tmp/data");
        return vm;
    }

    private static GenerateActions actions(GenerateViewModel vm) {
        return new GenerateActions(vm, null, null, () -> null, r -> { });
    }

    private static Path write(FrameSource src, Path dir, String name) throws Exception {
        Path out = dir.resolve(name);
        Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults(), out, p -> { }, () -> false);
        return out;
    }

    @Test
    void imageTrajectoriesAndComparisonsBecomeAnimations(@TempDir Path dir) throws Exception {
        Tensor data = new Tensor(new NoiseSource(1).gaussian(0, 3 * 64), 3, 1, 8, 8);
        GenerateViewModel vm = vm(data, true);
        vm.stepsProperty().set(12);
        vm.countProperty().set(4);
        vm.run();
        ExportRequest r = actions(vm).trajectoryRequest();
        assertEquals(13, r.frameCount());
        assertEquals(List.of(GenerateActions.LAYOUT_GRID, GenerateActions.LAYOUT_SINGLE), r.layouts());
        int[] all = IntStream.range(0, r.frameCount()).toArray();
        FrameSource grid = r.builder().build(GenerateActions.LAYOUT_GRID, all, 0, true);
        assertEquals(13, grid.frameCount());
        assertTrue(Files.size(write(grid, dir, "grid.gif")) > 100);
        FrameSource single = r.builder().build(GenerateActions.LAYOUT_SINGLE, new int[]{0, 6, 12}, 2, false);
        assertEquals(3, single.frameCount());
        assertEquals(2 * 8 * 2 + 2, single.width(), "x_t | x̂₀ at scale 2 with a 2-px gap");

        vm.addToCompare();
        vm.samplerProperty().set(SamplerKind.EULER);
        vm.stepsProperty().set(6);
        vm.addToCompare();
        vm.runCompare();
        ExportRequest c = actions(vm).comparisonRequest();
        FrameSource cmp = c.builder().build("side by side", new int[]{0, 50, 100}, 1, true);
        assertEquals(3, cmp.frameCount());
        assertTrue(Files.size(write(cmp, dir, "compare.gif")) > 100);
    }

    @Test
    void particlesBecomeAnAnimation(@TempDir Path dir) throws Exception {
        Tensor pts = new Tensor(new NoiseSource(2).gaussian(0, 2 * 50), 50, 2);
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(),
                (s, r, live) -> new LoadedSource(s, new EmpiricalDenoiser(live, pts), live, false, pts, null, null),
                new SimpleObjectProperty<>(LINEAR), new ExplorerState());
        vm.sourceProperty().set(Source.toy("moons"));
        vm.particlesProperty().set(300);
        vm.stepsProperty().set(10);
        vm.run();
        ExportRequest r = actions(vm).trajectoryRequest();
        assertEquals(List.of(GenerateActions.LAYOUT_PARTICLES, GenerateActions.LAYOUT_TRAILS), r.layouts());
        FrameSource p = r.builder().build(GenerateActions.LAYOUT_TRAILS, new int[]{0, 5, 10}, 0, true);
        assertEquals(3, p.frameCount());
        assertTrue(Files.size(write(p, dir, "particles.gif")) > 100);
    }

    @Test
    void aTrajectoryWrittenBySampleIsOpenedAndScrubbed(@TempDir Path dir) throws Exception {
        Tensor data = new Tensor(new NoiseSource(3).gaussian(0, 2 * 64), 2, 1, 8, 8);
        GenerateViewModel vm = vm(data, true);
        vm.stepsProperty().set(8);
        vm.countProperty().set(4);
        vm.run();
        Trajectory made = vm.trajectoryProperty().get();
        TrajectoryFiles.write(dir.resolve("trajectory"), made, true);
        GenerateViewModel other = vm(data, true);
        other.showTrajectory(TrajectoryFiles.read(dir), "run");
        assertTrue(other.messageProperty().get().startsWith("Opened run: 8 steps, 4 samples"), other.messageProperty().get());
        other.stepProperty().set(5);
        other.selectedProperty().set(3);
        assertArrayEquals(made.frame(5).xt().item(3).data(), other.shownFrame().xt().data(), 1e-6f);
        other.branch(SamplerKind.DDIM, 4, 0);
        assertTrue(other.errorProperty().get(), "no branch without the model: " + other.messageProperty().get());
    }
}

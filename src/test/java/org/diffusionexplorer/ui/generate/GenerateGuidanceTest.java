package org.diffusionexplorer.ui.generate;

import javafx.beans.property.SimpleObjectProperty;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.ui.common.ExplorerState;
import org.diffusionexplorer.ui.common.TaskRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Generate tab's class picker and guidance slider, on the exact class-conditional 8-Gaussian mixture. */
class GenerateGuidanceTest {
    @Test
    void aClassAndAGuidanceScaleSampleThatClass() {
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(), new DefaultSourceLoader(new ExplorerState()),
                new SimpleObjectProperty<>(NoiseSchedule.of(ScheduleSpec.Linear.defaults())), new ExplorerState());
        vm.sourceProperty().set(Source.toy("8gaussians"));
        assertEquals(8, vm.classNames().size(), "the mixture's classes are offered");
        assertEquals("north", vm.classNames().get(2));
        assertEquals(GuidanceModel.RANDOM, vm.classIndexProperty().get(), "a random class for each sample by default");
        assertEquals("", vm.guide.cliOptions(), "the sample command's own default");
        vm.stepsProperty().set(30);
        vm.countProperty().set(64);
        vm.run();
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
        float[] r = vm.trajectoryProperty().get().finalSample().data();
        java.util.Set<Integer> components = new java.util.HashSet<>();
        long seed = vm.seedProperty().get();
        for (int i = 0; i < r.length / 2; i++) {
            components.add(component(r, i));
            assertEquals(org.diffusionexplorer.core.sampling.Guidance.randomClass(8, seed + i), component(r, i),
                    "sample " + i + " ends on the component of its class, drawn from seed + " + i);
        }
        assertTrue(components.size() >= 6, "random classes reach most of the eight components: " + components);
        // "vary this one": the new sample gets the class of its new seed, as --seed N --count 1 would
        vm.selectedProperty().set(5);
        vm.varySelected();
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
        assertEquals(org.diffusionexplorer.core.sampling.Guidance.randomClass(8, vm.seeds[5]),
                component(vm.trajectoryProperty().get().finalSample().data(), 5), "the varied sample keeps to its class");
        vm.classIndexProperty().set(2);
        vm.guidanceProperty().set(3);
        assertEquals(" --class 2 --guidance 3", vm.guide.cliOptions());
        vm.stepsProperty().set(30);
        vm.run();
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
        Tensor pts = vm.trajectoryProperty().get().finalSample();
        float[] d = pts.data();
        int north = 0, n = d.length / 2;
        for (int i = 0; i < n; i++) if (Math.abs(d[2 * i]) < 0.5 && d[2 * i + 1] > 1.2) north++;
        assertEquals(n, north, "every particle ends on the north component");
        // "no class": back to the whole mixture, which the command says with --guidance 0
        vm.classIndexProperty().set(GuidanceModel.NONE);
        assertEquals(" --guidance 0", vm.guide.cliOptions());
        vm.run();
        float[] e = vm.trajectoryProperty().get().finalSample().data();
        int southHalf = 0;
        for (int i = 0; i < e.length / 2; i++) if (e[2 * i + 1] < 0) southHalf++;
        assertTrue(southHalf > e.length / 2 / 4, "without a class the particles spread over the mixture: " + southHalf);
    }

    /** For a guided image run, the tab shows the two predictions it mixed; the guided x̂₀ is their mix with w. */
    @Test
    void guidedImageRunsShowBothPredictions() {
        var net = new org.diffusionexplorer.runtime.engine.UNet(new org.diffusionexplorer.runtime.UNetConfig(1, 8, 8, new int[]{1, 2}, 1, 4, 8, false, 3), 4);
        var d = new org.diffusionexplorer.runtime.EngineDenoiser(net, org.diffusionexplorer.core.model.Prediction.EPSILON, "cond");
        NoiseSchedule s = NoiseSchedule.of(ScheduleSpec.Linear.defaults());
        SourceLoader loader = (src, res, live) -> new LoadedSource(src, d, s, true, null, null, null);
        GenerateViewModel vm = new GenerateViewModel(TaskRunner.sameThread(), loader, new SimpleObjectProperty<>(s), new ExplorerState());
        vm.sourceProperty().set(Source.model("cond"));
        vm.classIndexProperty().set(1);
        vm.guidanceProperty().set(3);
        vm.clipProperty().set(false); // x̂₀ is then affine in ε̂, so the guided x̂₀ is exactly the mix of the two
        vm.stepsProperty().set(6);
        vm.countProperty().set(4);
        vm.run();
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
        vm.stepProperty().set(2);
        Tensor[] pr = vm.guidePredictionsProperty().get();
        assertTrue(pr != null, "both predictions are shown");
        float[] none = pr[0].data(), with = pr[1].data(), guided = vm.shownFrame().x0Hat().data();
        double worst = 0;
        for (int i = 0; i < guided.length; i++) worst = Math.max(worst, Math.abs(guided[i] - (none[i] + 3 * (with[i] - none[i]))));
        assertTrue(worst < 1e-3, "guided x̂₀ = x̂₀(∅) + w·(x̂₀(c) − x̂₀(∅)); off by " + worst);
        // a run without a class shows no such panels
        vm.classIndexProperty().set(-1);
        vm.run();
        vm.stepProperty().set(2);
        assertTrue(vm.guidePredictionsProperty().get() == null);
    }

    /** Which of the eight mixture components (by angle, east = 0, counter-clockwise) point i is on. */
    private static int component(float[] d, int i) {
        return (int) Math.floorMod(Math.round(Math.atan2(d[2 * i + 1], d[2 * i]) / (Math.PI / 4)), 8L);
    }
}

package org.diffusionexplorer.ui;

import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.ui.common.ScheduleModel;
import org.diffusionexplorer.ui.controls.SchedulePresetModel;
import org.diffusionexplorer.ui.controls.SchedulePresetModel.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preset panel's view model without the toolkit. */
class SchedulePresetModelTest {
    ScheduleModel model = new ScheduleModel(ScheduleSpec.Linear.defaults());
    SchedulePresetModel vm = new SchedulePresetModel(model);

    @Test
    void choosingAPresetKeepsTAndTheZeroSnrFlag() {
        model.apply(new ScheduleSpec.Linear(500, 1e-4, 0.02, true));
        assertEquals(Outcome.APPLIED, vm.choosePreset("cosine"));
        assertEquals(new ScheduleSpec.Cosine(500, 0.008, 0.999, true), model.spec());
        assertEquals(Outcome.APPLIED, vm.choosePreset(SchedulePresetModel.CUSTOM));
        assertEquals(new ScheduleSpec.Cosine(500, 0.008, 0.999, true), model.spec());
    }

    @Test
    void parameterEditsGoThroughTheDescriptorsAndBadValuesAreRefusedWithAMessage() {
        assertEquals(Outcome.APPLIED, vm.setParameter("beta_end", 0.03));
        assertEquals(new ScheduleSpec.Linear(1000, 1e-4, 0.03, false), model.spec());
        assertEquals(Outcome.APPLIED, vm.setParameter("sigmoid_range", 3));
        assertEquals(new ScheduleSpec.Linear(1000, 1e-4, 0.03, false), model.spec());
        assertEquals(Outcome.INVALID_VALUE, vm.setParameter("beta_end", 2));
        assertTrue(vm.errorProperty().get().startsWith("beta_end must be"), vm.errorProperty().get());
        assertEquals(new ScheduleSpec.Linear(1000, 1e-4, 0.03, false), model.spec());
        assertEquals(Outcome.APPLIED, vm.setSteps(200));
        assertEquals("", vm.errorProperty().get());
        assertEquals(200, model.spec().steps());
        assertEquals(Outcome.INVALID_VALUE, vm.setSteps(1));
        assertEquals(Outcome.APPLIED, vm.setZeroTerminalSnr(true));
        assertTrue(model.spec().zeroTerminalSnr());
    }

    @Test
    void aValidSpecWithInvalidTablesIsRefusedAndTheModelStays() {
        // β rising to 0.9999 over two steps: valid parameters, but ᾱ hits the floor.
        model.apply(new ScheduleSpec.Linear(2, 1e-4, 0.02, false));
        Outcome o = vm.setParameter("beta_start", 0.9999);
        assertTrue(o == Outcome.APPLIED || o == Outcome.REFUSED);
        if (o == Outcome.REFUSED) assertEquals(new ScheduleSpec.Linear(2, 1e-4, 0.02, false), model.spec());
    }

    @Test
    void theChooserOffersCustomOnlyForSchedulesThatAreNotPresets() {
        assertEquals(ScheduleSpec.PRESETS, SchedulePresetModel.choices(ScheduleSpec.Cosine.defaults()));
        assertEquals("cosine", SchedulePresetModel.choice(ScheduleSpec.Cosine.defaults()));
        ScheduleSpec custom = ScheduleSpec.Custom.approximating(NoiseSchedule.of(ScheduleSpec.Linear.defaults()), 8);
        List<String> c = SchedulePresetModel.choices(custom);
        assertEquals(SchedulePresetModel.CUSTOM, c.get(c.size() - 1));
        assertEquals(SchedulePresetModel.CUSTOM, SchedulePresetModel.choice(new ScheduleSpec.Explicit(new double[]{0.1, 0.2}, false)));
    }
}

package org.diffusionexplorer.core.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleParameterTest {
    @Test
    void descriptorDefaultsAreThePresetDefaults() {
        for (String name : ScheduleSpec.PRESETS) {
            ScheduleSpec d = ScheduleSpec.preset(name);
            assertTrue(d.isPreset());
            assertTrue(!d.parameters().isEmpty(), name);
            for (ScheduleParameter p : d.parameters()) {
                assertEquals(p.defaultValue(), p.value(d), name + " " + p.name());
                assertTrue(p.cliFlag().startsWith("--") && !p.cliFlag().contains("_"));
            }
            assertEquals(Optional.of(" --preset " + name), d.presetOptions(Double::toString));
        }
    }

    @Test
    void outOfRangeValuesFailAsTheConstructorsDo() {
        for (String name : ScheduleSpec.PRESETS) {
            ScheduleSpec d = ScheduleSpec.preset(name);
            for (ScheduleParameter p : d.parameters()) {
                InvalidScheduleException e = assertThrows(InvalidScheduleException.class, () -> p.with(d, p.max() + 1));
                assertTrue(e.getMessage().startsWith(p.name() + " must be"), e.getMessage());
            }
        }
    }

    @Test
    void withBetasAndWithChangeOnlyKindsThatHaveTheParameter() {
        assertEquals(new ScheduleSpec.Linear(1000, 0.001, 0.02, false), ScheduleSpec.Linear.defaults().withBetas(0.001, null));
        assertEquals(new ScheduleSpec.Sigmoid(1000, 1e-4, 0.03, 6, false), ScheduleSpec.Sigmoid.defaults().withBetas(null, 0.03));
        assertEquals(ScheduleSpec.Cosine.defaults(), ScheduleSpec.Cosine.defaults().withBetas(0.001, 0.03));
        assertEquals(ScheduleSpec.Linear.defaults(), ScheduleSpec.Linear.defaults().with("cosine_s", 0.1));
        assertEquals(new ScheduleSpec.Cosine(1000, 0.1, 0.999, false), ScheduleSpec.Cosine.defaults().with("cosine_s", 0.1));
    }

    @Test
    void presetOptionsListTheChangedParametersInOrder() {
        assertEquals(" --preset sigmoid --beta-end 0.03 --sigmoid-range 4.0",
                new ScheduleSpec.Sigmoid(1000, 1e-4, 0.03, 4, false).presetOptions(Double::toString).orElseThrow());
        assertEquals(" --preset cosine --max-beta 0.5",
                new ScheduleSpec.Cosine(1000, 0.008, 0.5, false).presetOptions(Double::toString).orElseThrow());
        ScheduleSpec custom = ScheduleSpec.Custom.approximating(NoiseSchedule.of(ScheduleSpec.Linear.defaults()), 8);
        assertEquals(Optional.empty(), custom.presetOptions(Double::toString));
        assertEquals(Optional.empty(), new ScheduleSpec.Explicit(new double[]{0.1, 0.2}, false).presetOptions(Double::toString));
    }

    @Test
    void presetFactoryKeepsItsMessagesAndValidationOrder() {
        assertEquals("beta_start/beta_end do not apply to the cosine schedule", assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("cosine", null, 0.1, null, null, null, null, false)).getMessage());
        assertEquals("cosine_s/max_beta apply only to the cosine schedule", assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("linear", null, null, null, 0.1, null, null, false)).getMessage());
        assertEquals("sigmoid_range applies only to the sigmoid schedule", assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("cosine", null, null, null, null, null, 3.0, false)).getMessage());
        assertTrue(assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("linear", 1, 2.0, 3.0, null, null, null, false)).getMessage().startsWith("steps (T)"));
        assertTrue(assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("sigmoid", 10, 2.0, 3.0, null, null, 100.0, false)).getMessage().startsWith("beta_start"));
        assertTrue(assertThrows(InvalidScheduleException.class,
                () -> ScheduleSpec.preset("sigmoid", 10, null, 3.0, null, null, 100.0, false)).getMessage().startsWith("beta_end"));
        assertEquals(new ScheduleSpec.Sigmoid(10, 1e-4, 0.5, 3, true), ScheduleSpec.preset("sigmoid", 10, null, 0.5, null, null, 3.0, true));
        assertEquals(new ScheduleSpec.Cosine(1000, 0.01, 0.9, false), ScheduleSpec.preset("cosine", null, null, null, 0.01, 0.9, null, false));
    }

    @Test
    void onlyHandDrawnSchedulesHaveControlPoints() {
        ScheduleSpec.Custom c = ScheduleSpec.Custom.approximating(NoiseSchedule.of(ScheduleSpec.Cosine.defaults()), 8);
        assertEquals(c.points(), c.controlPoints());
        List<ScheduleSpec.ControlPoint> two = List.of(new ScheduleSpec.ControlPoint(0, 5), new ScheduleSpec.ControlPoint(1, -5));
        assertEquals(new ScheduleSpec.Custom(c.steps(), two, false), c.withControlPoints(two));
        assertTrue(ScheduleSpec.Linear.defaults().controlPoints().isEmpty());
        assertThrows(InvalidScheduleException.class, () -> ScheduleSpec.Linear.defaults().withControlPoints(two));
    }
}

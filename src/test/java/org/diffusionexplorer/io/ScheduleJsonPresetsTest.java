package org.diffusionexplorer.io;

import org.diffusionexplorer.core.schedule.ScheduleParameter;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The JSON form is written from the specs' own parameter descriptors: same bytes as before, and every preset round-trips. */
class ScheduleJsonPresetsTest {
    @Test
    void theJsonBytesAreThoseOfTheGoldenFile() throws Exception {
        StringBuilder b = new StringBuilder();
        for (ScheduleSpec s : List.of(ScheduleSpec.Linear.defaults(), ScheduleSpec.ScaledLinear.defaults().withZeroTerminalSnr(true),
                new ScheduleSpec.Cosine(777, 0.01, 0.98, false), new ScheduleSpec.Sigmoid(50, 1e-3, 0.05, 4.5, true),
                new ScheduleSpec.Custom(1000, List.of(new ScheduleSpec.ControlPoint(0, 9.123456789012345),
                        new ScheduleSpec.ControlPoint(0.1 + 0.2, 1.0 / 3), new ScheduleSpec.ControlPoint(1, -7.77)), false),
                new ScheduleSpec.Explicit(new double[]{1e-4, 0.0123456789, 0.5, 0.9}, true))) {
            b.append(ScheduleFiles.toJson(s));
        }
        try (InputStream in = getClass().getResourceAsStream("/schedule/golden-specs.txt")) {
            assertNotNull(in);
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), b.toString());
        }
    }

    @Test
    void everyPresetRoundTripsWithDefaultsAndWithEachParameterChanged() throws Exception {
        for (String name : ScheduleSpec.PRESETS) {
            ScheduleSpec base = ScheduleSpec.preset(name);
            assertEquals(base, ScheduleFilesTest.roundTrip(base), name);
            assertEquals(base.withSteps(321).withZeroTerminalSnr(true),
                    ScheduleFilesTest.roundTrip(base.withSteps(321).withZeroTerminalSnr(true)), name);
            for (ScheduleParameter p : base.parameters()) {
                double v = p.defaultValue() + (p.max() - p.defaultValue()) * 0.01;
                ScheduleSpec changed = p.with(base, v);
                assertEquals(v, p.value(changed), name + " " + p.name());
                ScheduleSpec back = ScheduleFilesTest.roundTrip(changed);
                assertEquals(changed, back, name + " " + p.name());
                assertEquals(v, p.value(back), name + " " + p.name());
            }
        }
    }

    @Test
    void eachParameterIsAJsonFieldNamedAfterIt() {
        for (String name : ScheduleSpec.PRESETS) {
            ScheduleSpec base = ScheduleSpec.preset(name);
            String json = ScheduleFiles.toJson(base);
            for (ScheduleParameter p : base.parameters()) {
                assertEquals(true, json.contains("\"" + p.name() + "\" : "), name + " " + p.name());
            }
        }
    }
}

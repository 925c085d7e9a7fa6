package org.diffusionexplorer.core.schedule;

import java.util.function.ToDoubleFunction;

/**
 * One numeric parameter of a preset {@link ScheduleSpec}: its name (the JSON field; the CLI flag is the same name
 * with dashes), a label and a description for editors, the allowed range, the preset's default, and how to read it
 * from a spec and build a spec with another value. Each preset lists its parameters in the order its constructor
 * validates them, so that applying them one by one reports the same first error.
 *
 * @param name        the JSON field, e.g. {@code beta_start}
 * @param label       a short label for an editor row, e.g. {@code β start}
 * @param description one line for a tooltip
 * @param min         the smallest allowed value (excluded when {@code openRange})
 * @param max         the largest allowed value (excluded when {@code openRange})
 * @param openRange   whether the range excludes its ends (β lies in (0, 1))
 * @param defaultValue the preset's default
 */
public record ScheduleParameter(String name, String label, String description, double min, double max,
                                boolean openRange, double defaultValue, ToDoubleFunction<ScheduleSpec> getter,
                                With wither) {

    /** Builds a spec like the given one with this parameter set to a value (validating it). */
    @FunctionalInterface
    public interface With {
        ScheduleSpec apply(ScheduleSpec spec, double value);
    }

    /** Typed construction: the getter and with-er see the preset's own record type. */
    @SuppressWarnings("unchecked")
    static <S extends ScheduleSpec> ScheduleParameter of(Class<S> type, String name, String label, String description,
                                                         double min, double max, boolean openRange, double defaultValue,
                                                         ToDoubleFunction<S> getter, TypedWith<S> with) {
        return new ScheduleParameter(name, label, description, min, max, openRange, defaultValue,
                spec -> getter.applyAsDouble(type.cast(spec)), (spec, v) -> with.apply(type.cast(spec), v));
    }

    @FunctionalInterface
    interface TypedWith<S extends ScheduleSpec> {
        ScheduleSpec apply(S spec, double value);
    }

    /** The value in a spec that has this parameter. */
    public double value(ScheduleSpec spec) {
        return getter.applyAsDouble(spec);
    }

    /** The same spec with this parameter set to v; an invalid v throws {@link InvalidScheduleException}. */
    public ScheduleSpec with(ScheduleSpec spec, double v) {
        return wither.apply(spec, v);
    }

    /** The command-line flag, e.g. {@code --beta-start}. */
    public String cliFlag() {
        return "--" + name.replace('_', '-');
    }
}

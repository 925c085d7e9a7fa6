package org.diffusionexplorer.ui.controls;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.diffusionexplorer.core.schedule.ScheduleParameter;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.ui.common.ScheduleModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The state and commands behind a {@link SchedulePresetPanel}: which preset is shown, its parameters (from the spec's
 * own {@link ScheduleParameter} descriptors), and edits that build a new spec and apply it to the shared
 * {@link ScheduleModel}. An invalid value is refused with a message (empty when there is none) and the current
 * schedule stays. No JavaFX nodes: testable without the toolkit.
 */
public final class SchedulePresetModel {
    /** The chooser's entry for a hand-drawn or explicit schedule (not selectable as a preset). */
    public static final String CUSTOM = "custom (hand-drawn)";

    /** What became of an edit. */
    public enum Outcome {
        APPLIED,
        /** The value is out of its range: the message names it; the field may keep showing what was typed. */
        INVALID_VALUE,
        /** The spec is valid but its tables are not (e.g. ᾱ not decreasing): the fields should show the current spec. */
        REFUSED
    }

    private final ScheduleModel model;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    public SchedulePresetModel(ScheduleModel model) {
        this.model = model;
    }

    /** The chooser's entries for a spec: the presets, plus {@link #CUSTOM} when the spec is not a preset. */
    public static List<String> choices(ScheduleSpec s) {
        List<String> c = new ArrayList<>(ScheduleSpec.PRESETS);
        if (!s.isPreset()) c.add(CUSTOM);
        return c;
    }

    /** The chooser's selection for a spec. */
    public static String choice(ScheduleSpec s) {
        return s.isPreset() ? s.presetName() : CUSTOM;
    }

    /** Switches to a preset with its defaults, keeping T (when the preset allows it) and the zero-terminal-SNR flag. */
    public Outcome choosePreset(String name) {
        if (name == null || name.equals(CUSTOM)) return Outcome.APPLIED;
        ScheduleSpec base = ScheduleSpec.preset(name);
        try {
            base = base.withSteps(model.spec().steps());
        } catch (IllegalArgumentException ignored) {
            // keep the preset's T
        }
        return apply(base.withZeroTerminalSnr(model.spec().zeroTerminalSnr()));
    }

    public Outcome setSteps(double v) {
        return edit(s -> s.withSteps((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v))));
    }

    /** Sets the named parameter; a spec without it stays as it is. */
    public Outcome setParameter(String name, double v) {
        return edit(s -> s.with(name, v));
    }

    public Outcome setZeroTerminalSnr(boolean on) {
        return edit(s -> s.withZeroTerminalSnr(on));
    }

    private Outcome edit(UnaryOperator<ScheduleSpec> change) {
        ScheduleSpec next;
        try {
            next = change.apply(model.spec());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return Outcome.INVALID_VALUE;
        }
        return apply(next);
    }

    private Outcome apply(ScheduleSpec spec) {
        try {
            model.apply(spec);
            error.set("");
            return Outcome.APPLIED;
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return Outcome.REFUSED;
        }
    }

    public ScheduleSpec spec() { return model.spec(); }
    public ReadOnlyObjectProperty<ScheduleSpec> specProperty() { return model.specProperty(); }
    /** The last edit's error, empty when it went through. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}

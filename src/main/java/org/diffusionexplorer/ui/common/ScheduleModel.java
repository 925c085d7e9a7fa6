package org.diffusionexplorer.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The app's current noise schedule, shared by the forward explorer and the schedule editor, with undo and redo.
 * Only valid schedules get in: {@link #apply} validates first and leaves everything untouched if the spec is bad.
 */
public final class ScheduleModel {
    private static final int HISTORY = 200;
    private final ReadOnlyObjectWrapper<ScheduleSpec> spec = new ReadOnlyObjectWrapper<>(this, "spec");
    private final ReadOnlyObjectWrapper<NoiseSchedule> schedule = new ReadOnlyObjectWrapper<>(this, "schedule");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(this, "canRedo");
    private final Deque<ScheduleSpec> undo = new ArrayDeque<>(), redo = new ArrayDeque<>();

    public ScheduleModel(ScheduleSpec initial) {
        set(initial, NoiseSchedule.of(initial));
    }

    /** Validates and applies a spec as a new undo step; throws (changing nothing) if it is invalid. */
    public void apply(ScheduleSpec next) {
        apply(next, true);
    }

    /**
     * Applies a spec; with {@code record} false the change replaces the current state without a new undo step
     * (for the intermediate states of a drag, whose start was recorded with {@link #checkpoint()}).
     */
    public void apply(ScheduleSpec next, boolean record) {
        if (next.equals(spec.get())) return;
        NoiseSchedule s = NoiseSchedule.of(next); // throws before anything changes
        if (record) checkpoint();
        set(next, s);
    }

    /** Records the current state as an undo step (the start of a multi-step edit such as a drag). */
    public void checkpoint() {
        undo.push(spec.get());
        if (undo.size() > HISTORY) undo.removeLast();
        redo.clear();
        updateFlags();
    }

    public boolean undo() {
        if (undo.isEmpty()) return false;
        redo.push(spec.get());
        ScheduleSpec prev = undo.pop();
        set(prev, NoiseSchedule.of(prev));
        updateFlags();
        return true;
    }

    public boolean redo() {
        if (redo.isEmpty()) return false;
        undo.push(spec.get());
        ScheduleSpec next = redo.pop();
        set(next, NoiseSchedule.of(next));
        updateFlags();
        return true;
    }

    /** The tables change last, so their listeners (which redraw) see the new spec too. */
    private void set(ScheduleSpec s, NoiseSchedule tables) {
        spec.set(s);
        schedule.set(tables);
        updateFlags();
    }

    private void updateFlags() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
    }

    public ReadOnlyObjectProperty<ScheduleSpec> specProperty() { return spec.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<NoiseSchedule> scheduleProperty() { return schedule.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public ScheduleSpec spec() { return spec.get(); }
    public NoiseSchedule schedule() { return schedule.get(); }
}

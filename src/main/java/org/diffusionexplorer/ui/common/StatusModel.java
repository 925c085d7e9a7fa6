package org.diffusionexplorer.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/** The status bar's state: the last message (info or error) and the long-running task, if any, with its progress. */
public final class StatusModel {
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyObjectWrapper<Task<?>> task = new ReadOnlyObjectWrapper<>(this, "task");

    public void info(String text) {
        message.set(text);
        error.set(false);
    }

    public void error(String text) {
        message.set(text);
        error.set(true);
    }

    /** Shows a task's progress until it ends; one task at a time is shown (the newest). */
    public void track(Task<?> t) {
        task.set(t);
        t.stateProperty().addListener((o, a, s) -> {
            if (s == Worker.State.SUCCEEDED || s == Worker.State.FAILED || s == Worker.State.CANCELLED) {
                if (task.get() == t) task.set(null);
            }
        });
    }

    public void cancelTask() {
        Task<?> t = task.get();
        if (t != null) t.cancel();
    }

    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Task<?>> taskProperty() { return task.getReadOnlyProperty(); }
}

package org.diffusionexplorer.ui.controls;

import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import org.diffusionexplorer.ui.common.Styles;

import java.util.function.DoubleConsumer;

/**
 * A text field for one number that commits on Enter or when it loses focus. Text that does not parse is marked
 * as an error and not committed; {@link #setValue} shows a value without committing it.
 */
public final class NumberField extends TextField {
    private final boolean integer;
    private DoubleConsumer onCommit = v -> { };
    private double value;

    public NumberField(double initial, boolean integer, String tooltip) {
        this.integer = integer;
        setPrefColumnCount(integer ? 6 : 8);
        setTooltip(new Tooltip(tooltip));
        setValue(initial);
        setOnAction(e -> commit());
        focusedProperty().addListener((o, was, now) -> {
            if (!now) commit();
        });
    }

    public void setOnCommit(DoubleConsumer c) {
        onCommit = c;
    }

    public void setValue(double v) {
        value = v;
        setText(format(v));
        getStyleClass().remove(Styles.ERROR);
    }

    public double value() { return value; }

    public void markError(boolean error) {
        getStyleClass().remove(Styles.ERROR);
        if (error) getStyleClass().add(Styles.ERROR);
    }

    private void commit() {
        String text = getText().trim();
        double v;
        try {
            v = integer ? Long.parseLong(text.replace("_", "")) : Double.parseDouble(text);
        } catch (NumberFormatException ex) {
            markError(true);
            return;
        }
        if (v == value && !getStyleClass().contains(Styles.ERROR)) return;
        markError(false);
        value = v;
        onCommit.accept(v);
    }

    private String format(double v) {
        if (integer) return Long.toString((long) v);
        String s = Double.toString(v).replace("E", "e");
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}

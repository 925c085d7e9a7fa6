package org.diffusionexplorer.ui.controls;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.diffusionexplorer.ui.common.Styles;

/**
 * The timestep scrubber: a track 0..max with a thumb at t. Mouse: press or drag anywhere to set t. Keys (when
 * focused): ←/→ one step, Shift+←/→ ten steps, Home/End to 0 and max. Optional marks (e.g. the timesteps a sampler
 * visits) are drawn as ticks under the track.
 */
public final class TimestepScrubber extends CanvasControl {
    private static final double PAD = 12;
    private final IntegerProperty value = new SimpleIntegerProperty(this, "value", 0);
    private final IntegerProperty max = new SimpleIntegerProperty(this, "max", 999);
    private int[] marks = new int[0];
    private Color track = Color.gray(0.6), fill = Color.web("#3b82f6"), text = Color.gray(0.35);

    public TimestepScrubber() {
        getStyleClass().add(Styles.SCRUBBER);
        setFocusTraversable(true);
        setMinHeight(44);
        setPrefHeight(44);
        setPrefWidth(600);
        value.addListener((o, a, b) -> draw());
        max.addListener((o, a, b) -> {
            if (value.get() > b.intValue()) value.set(b.intValue());
            draw();
        });
        focusedProperty().addListener((o, a, b) -> draw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            setFromX(e.getX());
            e.consume(); // or a TabPane ancestor takes the focus back
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> setFromX(e.getX()));
        addEventHandler(KeyEvent.KEY_PRESSED, this::handleKey);
        Tooltip.install(this, new Tooltip("Timestep t: drag, or ←/→ (Shift: ×10), Home/End"));
    }

    /** Applies a scrubbing key (arrows, Shift+arrows, Home, End) and consumes it; other keys are left alone. */
    public void handleKey(KeyEvent e) {
        int step = e.isShiftDown() ? 10 : 1;
        switch (e.getCode()) {
            case LEFT, DOWN -> setValueClamped(value.get() - step);
            case RIGHT, UP -> setValueClamped(value.get() + step);
            case HOME -> setValueClamped(0);
            case END -> setValueClamped(max.get());
            default -> {
                return;
            }
        }
        e.consume();
    }

    public void setValueClamped(int v) {
        value.set(Math.max(0, Math.min(max.get(), v)));
    }

    private void setFromX(double x) {
        double w = getWidth() - 2 * PAD;
        if (w <= 0) return;
        double f = (x - PAD) / w;
        setValueClamped((int) Math.round(f * max.get()));
    }

    /** The x coordinate (in this control) of timestep t. */
    public double xOf(int t) {
        return PAD + (getWidth() - 2 * PAD) * (max.get() == 0 ? 0 : (double) t / max.get());
    }

    public void setMarks(int[] ts) {
        int[] m = ts == null ? new int[0] : ts;
        if (java.util.Arrays.equals(m, marks)) return; // set at every frame of a run: redraw only on a change
        marks = m.clone();
        draw();
    }

    public void setColors(Color track, Color fill, Color text) {
        this.track = track;
        this.fill = fill;
        this.text = text;
        draw();
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w <= 2 * PAD) return;
        double y = h * 0.42, x = xOf(value.get());
        g.setFill(track);
        g.fillRoundRect(PAD, y - 3, w - 2 * PAD, 6, 6, 6);
        g.setFill(fill);
        g.fillRoundRect(PAD, y - 3, x - PAD, 6, 6, 6);
        g.setStroke(text);
        g.setLineWidth(1);
        for (int m : marks) {
            double mx = xOf(m);
            g.strokeLine(mx, y + 6, mx, y + 11);
        }
        g.setFont(Font.font(10));
        g.setFill(text);
        g.fillText("0", PAD - 3, h - 3);
        String end = Integer.toString(max.get());
        g.fillText(end, w - PAD - 6 * end.length() + 3, h - 3);
        g.setFill(fill);
        g.fillOval(x - 8, y - 8, 16, 16);
        if (isFocused()) {
            g.setStroke(fill.deriveColor(0, 1, 1, 0.4));
            g.setLineWidth(3);
            g.strokeOval(x - 10, y - 10, 20, 20);
        }
    }

    public IntegerProperty valueProperty() { return value; }
    public int getValue() { return value.get(); }
    public void setValue(int v) { setValueClamped(v); }
    public IntegerProperty maxProperty() { return max; }
}

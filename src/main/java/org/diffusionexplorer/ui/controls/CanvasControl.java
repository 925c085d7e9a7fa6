package org.diffusionexplorer.ui.controls;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Region;

/** A Region that paints itself on a Canvas filling it, redrawn when resized and whenever {@link #draw()} is called. */
abstract class CanvasControl extends Region {
    protected final Canvas canvas = new Canvas();

    protected CanvasControl() {
        getChildren().add(canvas);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** Paints the whole control from its state. */
    protected abstract void draw();
}

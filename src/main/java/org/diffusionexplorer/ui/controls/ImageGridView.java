package org.diffusionexplorer.ui.controls;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * A grid of equally sized cells shown from one composed ARGB image (one bulk copy per frame, nearest-neighbour
 * scaling to fit), with the selected cell outlined; a click selects a cell. The outline is a rectangle node, not a
 * canvas the grid's size cleared and redrawn at every frame (less work for the software renderer, though the Generate
 * benchmark could not measure the difference). The caller composes the pixels and says
 * the layout: {@code cols} × {@code rows} cells of cellW × cellH pixels with {@code gap} pixels between them.
 */
public final class ImageGridView extends Region {
    private final ImageView view = new ImageView();
    private final Rectangle outline = new Rectangle();
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", 0);
    private final ArgbFrame frame = new ArgbFrame();
    private int cols = 1, rows = 1, cellW = 1, cellH = 1, gap, cells;
    private Color highlight = Color.web("#f59e0b");

    public ImageGridView() {
        view.setPreserveRatio(true);
        view.setSmooth(false);
        outline.setMouseTransparent(true);
        outline.setManaged(false);
        outline.setFill(null);
        outline.setStrokeWidth(2);
        outline.setStroke(highlight);
        outline.setVisible(false);
        getChildren().addAll(view, outline);
        Rectangle clip = new Rectangle(); // the outline of an edge cell stays inside the control, as the canvas did
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setMinSize(80, 80);
        setPrefSize(360, 360);
        selected.addListener((o, a, b) -> placeOutline());
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int i = cellAt(e.getX(), e.getY());
            if (i >= 0) selected.set(i);
        });
    }

    /** Shows a composed grid (packed opaque ARGB, w×h) holding {@code cells} cells in the given layout. */
    public void setGrid(int[] argb, int w, int h, int cols, int rows, int cellW, int cellH, int gap, int cells) {
        if (frame.set(argb, w, h)) {
            view.setImage(frame.image());
            requestLayout();
        }
        this.cols = cols;
        this.rows = rows;
        this.cellW = cellW;
        this.cellH = cellH;
        this.gap = gap;
        this.cells = cells;
        placeOutline();
    }

    public void clear() {
        view.setImage(null);
        frame.clear();
        cells = 0;
        placeOutline();
    }

    public void setHighlight(Color c) {
        highlight = c;
        outline.setStroke(c);
    }

    private double scale() {
        if (frame.width() == 0) return 1;
        return Math.min(getWidth() / frame.width(), getHeight() / frame.height());
    }

    private double offsetX() { return (getWidth() - frame.width() * scale()) / 2; }

    private double offsetY() { return (getHeight() - frame.height() * scale()) / 2; }

    /** The cell under a point of this control, or −1. */
    public int cellAt(double x, double y) {
        if (cells == 0) return -1;
        double s = scale();
        double px = (x - offsetX()) / s, py = (y - offsetY()) / s;
        if (px < 0 || py < 0 || px >= frame.width() || py >= frame.height()) return -1;
        int c = (int) (px / (cellW + gap)), r = (int) (py / (cellH + gap));
        int i = r * cols + c;
        return c < cols && r < rows && i < cells ? i : -1;
    }

    /** The centre of cell i in this control's coordinates (for tests and tooltips). */
    public double[] cellCentre(int i) {
        double s = scale();
        int c = i % cols, r = i / cols;
        return new double[]{offsetX() + (c * (cellW + gap) + cellW / 2.0) * s, offsetY() + (r * (cellH + gap) + cellH / 2.0) * s};
    }

    @Override
    protected void layoutChildren() {
        double s = scale();
        view.setFitWidth(frame.width() * s);
        view.setFitHeight(frame.height() * s);
        view.relocate(offsetX(), offsetY());
        placeOutline();
    }

    /** Places the outline around the selected cell (unchanged values leave the scene graph clean). */
    private void placeOutline() {
        int i = selected.get();
        boolean show = cells > 1 && i >= 0 && i < cells;
        outline.setVisible(show);
        if (!show) return;
        double s = scale();
        int c = i % cols, r = i / cols;
        double x = offsetX() + c * (cellW + gap) * s, y = offsetY() + r * (cellH + gap) * s;
        outline.setX(x - 1);
        outline.setY(y - 1);
        outline.setWidth(cellW * s + 2);
        outline.setHeight(cellH * s + 2);
    }


    public IntegerProperty selectedProperty() { return selected; }
    public WritableImage image() { return frame.image(); }
}

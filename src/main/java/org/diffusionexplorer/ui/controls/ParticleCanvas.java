package org.diffusionexplorer.ui.controls;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * 2-D particles over [−range, range]²: the data faintly behind, optional trails from the previous positions, the
 * points, and optional arrows (from x toward x̂₀) of a denoiser's field.
 */
public final class ParticleCanvas extends CanvasControl {
    private float[] data, points, previous, arrows;
    private double range = 2.5;
    private Color background = Color.WHITE, axes = Color.gray(0.85), dataColor = Color.gray(0.55, 0.35),
            pointColor = Color.web("#2563eb", 0.75), trailColor = Color.web("#2563eb", 0.25), arrowColor = Color.web("#dc2626", 0.7);

    public ParticleCanvas() {
        setMinSize(120, 120);
        setPrefSize(480, 480);
    }

    /** Data points (x, y pairs) drawn faintly; null for none. */
    public void setData(float[] xy) {
        data = xy;
        draw();
    }

    /** Current points, their previous positions (for trails; null: none) and the field arrows {x, y, x̂₀x, x̂₀y} (null: none). */
    public void setState(float[] now, float[] before, float[] field, double range) {
        points = now;
        previous = before;
        arrows = field;
        this.range = range;
        draw();
    }

    public void setColors(boolean dark) {
        background = dark ? Color.web("#0d1117") : Color.WHITE;
        axes = dark ? Color.gray(0.25) : Color.gray(0.85);
        dataColor = dark ? Color.gray(0.7, 0.3) : Color.gray(0.5, 0.3);
        pointColor = dark ? Color.web("#60a5fa", 0.8) : Color.web("#2563eb", 0.75);
        trailColor = dark ? Color.web("#60a5fa", 0.25) : Color.web("#2563eb", 0.22);
        arrowColor = dark ? Color.web("#f87171", 0.75) : Color.web("#dc2626", 0.7);
        draw();
    }

    private double side() {
        return Math.min(canvas.getWidth(), canvas.getHeight());
    }

    private double px(double v) {
        double s = side();
        return (canvas.getWidth() - s) / 2 + (v / range + 1) / 2 * s;
    }

    private double py(double v) {
        double s = side();
        return (canvas.getHeight() - s) / 2 + (1 - v / range) / 2 * s;
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        double s = side();
        if (s <= 0) return;
        g.setFill(background);
        g.fillRect((w - s) / 2, (h - s) / 2, s, s);
        g.setStroke(axes);
        g.setLineWidth(1);
        g.strokeLine(px(0), py(range), px(0), py(-range));
        g.strokeLine(px(-range), py(0), px(range), py(0));
        if (data != null) dots(g, data, dataColor, 2.2);
        if (previous != null && points != null && previous.length == points.length) {
            g.setStroke(trailColor);
            g.setLineWidth(0.8);
            for (int i = 0; i + 1 < points.length; i += 2) g.strokeLine(px(previous[i]), py(previous[i + 1]), px(points[i]), py(points[i + 1]));
        }
        if (arrows != null) {
            g.setStroke(arrowColor);
            g.setLineWidth(1.2);
            double cell = s / Math.sqrt(arrows.length / 4.0);
            for (int i = 0; i + 3 < arrows.length; i += 4) arrow(g, arrows[i], arrows[i + 1], arrows[i + 2], arrows[i + 3], cell * 0.45);
        }
        if (points != null) dots(g, points, pointColor, Math.max(1.6, s / 300));
    }

    /** An arrow from (x, y) toward (tx, ty), at most maxLen pixels long. */
    private void arrow(GraphicsContext g, double x, double y, double tx, double ty, double maxLen) {
        double x0 = px(x), y0 = py(y), dx = px(tx) - x0, dy = py(ty) - y0, len = Math.hypot(dx, dy);
        if (len < 1e-6 || !Double.isFinite(len)) return;
        double l = Math.min(maxLen, len), ux = dx / len, uy = dy / len;
        double x1 = x0 + ux * l, y1 = y0 + uy * l;
        g.strokeLine(x0, y0, x1, y1);
        double hx = 4 * ux, hy = 4 * uy;
        g.strokeLine(x1, y1, x1 - hx - 0.6 * hy * 1.5, y1 - hy + 0.6 * hx * 1.5);
        g.strokeLine(x1, y1, x1 - hx + 0.6 * hy * 1.5, y1 - hy - 0.6 * hx * 1.5);
    }

    private void dots(GraphicsContext g, float[] xy, Color c, double r) {
        g.setFill(c);
        for (int i = 0; i + 1 < xy.length; i += 2) {
            if (!Float.isFinite(xy[i]) || !Float.isFinite(xy[i + 1])) continue;
            g.fillOval(px(xy[i]) - r, py(xy[i + 1]) - r, 2 * r, 2 * r);
        }
    }

    public int pointCount() { return points == null ? 0 : points.length / 2; }
}

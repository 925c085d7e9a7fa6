package org.diffusionexplorer.ui.controls;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * A plot of schedule curves against t (x = t/(T−1), so schedules with different T overlay), on a linear or log y
 * axis, with the current t marked, optional sampler-timestep ticks, a hover readout, click-to-set-t, and optional
 * draggable control points (the hand-drawn log-SNR curve). Drawn on a Canvas: redraws take well under a frame for
 * T = 10 000.
 */
public final class CurvePlot extends CanvasControl {
    public record Series(String name, double[] values, Color color, boolean dashed) {
    }

    /** Callbacks for control-point editing; u ∈ [0, 1], value in the plot's units. */
    public interface PointEditor {
        void dragStarted(int index);

        void dragged(int index, double u, double value);

        void dragEnded(int index);

        void add(double u, double value);

        void remove(int index);
    }

    private static final double LEFT = 52, RIGHT = 10, TOP = 22, BOTTOM = 22;
    private final String title;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private double[][] points = new double[0][];
    private int[] marks = new int[0];
    private int currentT, hoverT = -1, maxT = 999, dragging = -1;
    private IntConsumer onSetT = t -> { };
    private String xName = "t";
    private PointEditor editor;
    private double yMin, yMax;
    private Color axis = Color.gray(0.45), grid = Color.gray(0.88), text = Color.gray(0.25), marker = Color.web("#ef4444"), background = Color.WHITE;

    public CurvePlot(String title, boolean logY) {
        this.title = title;
        this.logY = logY;
        setMinSize(160, 110);
        setPrefSize(320, 200);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            hoverT = tAt(e.getX());
            draw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            hoverT = -1;
            draw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (dragging >= 0 && editor != null) editor.dragEnded(dragging);
            dragging = -1;
        });
    }

    private void pressed(MouseEvent e) {
        int hit = hitPoint(e.getX(), e.getY());
        if (editor != null && hit >= 0 && e.getButton() == MouseButton.SECONDARY) {
            editor.remove(hit);
            e.consume();
            return;
        }
        if (editor != null && hit >= 0) {
            dragging = hit;
            editor.dragStarted(hit);
            e.consume();
            return;
        }
        if (editor != null && e.getClickCount() == 2 && inPlot(e.getX(), e.getY())) {
            editor.add(uAt(e.getX()), valueAt(e.getY()));
            e.consume();
            return;
        }
        if (inPlot(e.getX(), e.getY())) onSetT.accept(tAt(e.getX()));
    }

    private void dragged(MouseEvent e) {
        if (dragging >= 0 && editor != null) {
            editor.dragged(dragging, uAt(e.getX()), valueAt(e.getY()));
        } else if (inPlot(e.getX(), e.getY())) {
            onSetT.accept(tAt(e.getX()));
        }
    }

    private int batchDepth;
    private boolean dirty;

    /**
     * Runs several setters with one redraw at the end (a schedule edit sets the series, points, marks and t of six
     * plots: one draw each instead of four).
     */
    public void batch(Runnable setters) {
        batchDepth++;
        try {
            setters.run();
        } finally {
            if (--batchDepth == 0 && dirty) {
                dirty = false;
                draw();
            }
        }
    }

    private void changed() {
        if (batchDepth > 0) dirty = true; else draw();
    }

    public void setSeries(List<Series> s) {
        series.clear();
        series.addAll(s);
        if (!s.isEmpty()) maxT = s.get(0).values().length - 1;
        changed();
    }

    /** The name of the x axis in the readout ("t" for schedules, "step" for a loss curve). */
    public void setXName(String name) {
        xName = name;
        changed();
    }

    public void setCurrentT(int t) {
        currentT = t;
        changed();
    }

    public void setMarks(int[] ts) {
        marks = ts == null ? new int[0] : ts.clone();
        changed();
    }

    /** Control points as {u, value} pairs (null or empty: none shown, not editable). */
    public void setPoints(double[][] pts, PointEditor editor) {
        points = pts == null ? new double[0][] : pts;
        this.editor = pts == null || pts.length == 0 ? null : editor;
        changed();
    }

    public void setOnSetT(IntConsumer c) {
        onSetT = c;
    }

    private String emptyText;

    /** What to say instead of empty axes while there is no series. */
    public void setEmptyText(String s) {
        emptyText = s;
        changed();
    }

    public void setColors(Color axis, Color grid, Color text) {
        this.axis = axis;
        this.grid = grid;
        this.text = text;
        this.background = text.getBrightness() > 0.5 ? Color.web("#0d1117") : Color.WHITE;
        changed();
    }

    private double plotW() { return canvas.getWidth() - LEFT - RIGHT; }
    private double plotH() { return canvas.getHeight() - TOP - BOTTOM; }
    private boolean inPlot(double x, double y) { return x >= LEFT && x <= LEFT + plotW() && y >= TOP - 4 && y <= TOP + plotH() + 4; }
    private double uAt(double x) { return Math.max(0, Math.min(1, (x - LEFT) / plotW())); }
    private int tAt(double x) { return (int) Math.round(uAt(x) * maxT); }
    private double xOf(double u) { return LEFT + u * plotW(); }

    private double yOf(double v) {
        double a = logY ? Math.log10(Math.max(v, 1e-300)) : v;
        return TOP + (1 - (a - yMin) / (yMax - yMin)) * plotH();
    }

    private double valueAt(double y) {
        double a = yMin + (1 - (y - TOP) / plotH()) * (yMax - yMin);
        return logY ? Math.pow(10, a) : a;
    }

    private int hitPoint(double x, double y) {
        for (int i = 0; i < points.length; i++) {
            if (Math.hypot(xOf(points[i][0]) - x, yOf(points[i][1]) - y) < 8) return i;
        }
        return -1;
    }

    private void range() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isFinite(v) || (logY && v <= 0)) continue;
                double a = logY ? Math.log10(v) : v;
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
        }
        for (double[] p : points) {
            double a = logY ? Math.log10(Math.max(p[1], 1e-300)) : p[1];
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        double pad = (hi - lo) * 0.05;
        yMin = lo - pad;
        yMax = hi + pad;
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (plotW() < 20 || plotH() < 20) return;
        if (series.isEmpty() && emptyText != null) {
            // no placeholder axes (0–999, made-up values) before there is data
            g.setFont(Font.font(12));
            g.setFill(text);
            g.fillText(emptyText, LEFT, TOP + plotH() / 2);
            return;
        }
        range();
        g.setFont(Font.font(11));
        g.setFill(text);
        if (w != titleForWidth) { // text measuring shapes with Pango: once per size, not on every redraw
            titleForWidth = w;
            shownTitle = fit(title + (logY ? " (log)" : ""), w - LEFT - RIGHT, g.getFont());
            titleEnd = LEFT + width(shownTitle, g.getFont());
        }
        g.fillText(shownTitle, LEFT, 14);
        // grid and y labels
        g.setStroke(grid);
        g.setLineWidth(1);
        for (int k = 0; k <= 4; k++) {
            double a = yMin + (yMax - yMin) * k / 4, y = TOP + (1 - (double) k / 4) * plotH();
            g.strokeLine(LEFT, y, LEFT + plotW(), y);
            g.setFill(text);
            g.fillText(label(logY ? Math.pow(10, a) : a), 2, y + 4);
        }
        g.setStroke(axis);
        g.strokeRect(LEFT, TOP, plotW(), plotH());
        g.setFill(text);
        g.fillText("0", LEFT - 3, h - 6);
        g.fillText(Integer.toString(maxT), LEFT + plotW() - 24, h - 6);
        // sampler marks
        g.setStroke(axis);
        for (int m : marks) {
            double x = xOf((double) m / Math.max(1, maxT));
            g.strokeLine(x, TOP + plotH(), x, TOP + plotH() - 6);
        }
        // curves
        for (Series s : series) {
            double[] v = s.values();
            int n = v.length;
            g.setStroke(s.color());
            g.setLineWidth(s.dashed() ? 1.3 : 1.8);
            g.setLineDashes(s.dashed() ? new double[]{5, 4} : null);
            g.beginPath();
            boolean pen = false;
            int stride = Math.max(1, n / (int) Math.max(1, plotW() * 2));
            for (int t = 0; t < n; t += stride) {
                double val = v[t];
                if (!Double.isFinite(val) || (logY && val <= 0)) {
                    pen = false;
                    continue;
                }
                double x = xOf(n == 1 ? 0 : (double) t / (n - 1)), y = Math.max(TOP - 2, Math.min(TOP + plotH() + 2, yOf(val)));
                if (pen) g.lineTo(x, y); else g.moveTo(x, y);
                pen = true;
            }
            g.stroke();
        }
        g.setLineDashes(null);
        // control points
        for (double[] p : points) {
            g.setFill(Color.WHITE);
            g.fillOval(xOf(p[0]) - 5, yOf(p[1]) - 5, 10, 10);
            g.setStroke(Color.web("#2563eb"));
            g.setLineWidth(2);
            g.strokeOval(xOf(p[0]) - 5, yOf(p[1]) - 5, 10, 10);
        }
        // current t and hover readout
        double cx = xOf((double) currentT / Math.max(1, maxT));
        g.setStroke(marker);
        g.setLineWidth(1.2);
        g.strokeLine(cx, TOP, cx, TOP + plotH());
        int rt = hoverT >= 0 ? hoverT : currentT;
        if (!series.isEmpty() && rt < series.get(0).values().length) {
            String r = String.format(Locale.ROOT, "%s = %d: %s", xName, rt, label(series.get(0).values()[rt]));
            double rw = r.length() * 6.2; // 11 px digits and signs are about 6 px wide: no text layout per redraw
            if (titleEnd + 10 + rw <= w - RIGHT) {
                g.setFill(text);
                g.fillText(r, w - RIGHT - rw, 14);
            } else {
                // no room beside the title: inside the plot's top-right corner, on a band of the background
                double x = Math.max(LEFT + 2, LEFT + plotW() - rw - 4);
                g.setFill(background);
                g.fillRect(x - 2, TOP + 2, rw + 4, 14);
                g.setFill(text);
                g.fillText(r, x, TOP + 13);
            }
        }
    }

    private double titleForWidth = -1, titleEnd;
    private String shownTitle;

    private static double width(String s, Font f) {
        javafx.scene.text.Text t = new javafx.scene.text.Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }

    /** s, shortened with "…" to fit max pixels. */
    private static String fit(String s, double max, Font f) {
        if (width(s, f) <= max) return s;
        String t = s;
        while (t.length() > 1 && width(t + "…", f) > max) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    static String label(double v) {
        if (!Double.isFinite(v)) return v > 0 ? "∞" : v < 0 ? "−∞" : "NaN";
        double a = Math.abs(v);
        if (a == 0) return "0";
        if (a >= 1e-2 && a < 1e4) return String.format(Locale.ROOT, "%.3g", v);
        return String.format(Locale.ROOT, "%.1e", v);
    }

    /** For tests: the canvas x of timestep t and y of a value. */
    public double[] screenOf(double u, double value) {
        return new double[]{xOf(u), yOf(value)};
    }

    public Canvas canvas() {
        return canvas;
    }
}

package org.diffusionexplorer.ui.controls;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.diffusionexplorer.core.tensor.Histogram;

/** Bars of a histogram (as a density) with the standard normal density N(0, 1) drawn over them. */
public final class HistogramView extends CanvasControl {
    private Histogram histogram;
    private Color bar = Color.web("#3b82f6", 0.7), curve = Color.web("#ef4444"), axis = Color.gray(0.45);

    public HistogramView() {
        setMinSize(120, 90);
        setPrefSize(260, 150);
    }

    public void setHistogram(Histogram h) {
        histogram = h;
        draw();
    }

    public void setColors(Color bar, Color curve, Color axis) {
        this.bar = bar;
        this.curve = curve;
        this.axis = axis;
        draw();
    }

    @Override
    protected void draw() {
        double w = canvas.getWidth(), h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (histogram == null || w < 20 || h < 20) return;
        double top = 8, bottom = h - 16, plotH = bottom - top;
        double yMax = 0.6;
        for (int k = 0; k < histogram.bins(); k++) yMax = Math.max(yMax, histogram.density(k));
        yMax = Math.min(yMax, 3.0);
        double lo = histogram.lo(), hi = histogram.hi();
        g.setFill(bar);
        double bw = w / histogram.bins();
        for (int k = 0; k < histogram.bins(); k++) {
            double d = Math.min(yMax, histogram.density(k));
            double bh = d / yMax * plotH;
            g.fillRect(k * bw, bottom - bh, Math.max(1, bw - 0.5), bh);
        }
        g.setStroke(curve);
        g.setLineWidth(1.8);
        g.beginPath();
        for (int px = 0; px <= (int) w; px++) {
            double x = lo + (hi - lo) * px / w;
            double y = bottom - Histogram.normalPdf(x) / yMax * plotH;
            if (px == 0) g.moveTo(px, y); else g.lineTo(px, y);
        }
        g.stroke();
        g.setStroke(axis);
        g.setLineWidth(1);
        g.strokeLine(0, bottom, w, bottom);
        g.setFill(axis);
        g.setFont(Font.font(10));
        for (int v = (int) Math.ceil(lo); v <= hi; v++) {
            double x = (v - lo) / (hi - lo) * w;
            g.strokeLine(x, bottom, x, bottom + 3);
            String label = Integer.toString(v);
            double lw = label.length() * 5.5; // keep the end labels inside the canvas (−4 and 4 were clipped)
            g.fillText(label, Math.max(0, Math.min(w - lw, x - lw / 2)), h - 3);
        }
    }
}

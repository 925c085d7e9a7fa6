package org.diffusionexplorer.io.export;

import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.Locale;

/**
 * A 2-D model's reverse process as moving particles: each kept grid point k is a frame with the points x_k, the
 * data faintly behind, and optional trails back to the previous kept point.
 */
public final class ParticleFrames implements FrameSource {
    private final Trajectory tr;
    private final int[] steps;
    private final Tensor data;
    private final int size, fontPx;
    private final double range;
    private final boolean trails, overlay;
    private final String sampler;

    public ParticleFrames(Trajectory tr, Tensor data, int size, boolean trails, boolean overlay, String sampler) {
        this.tr = tr;
        this.steps = tr.keptSteps();
        Tensor x = tr.frame(steps[0]).xt();
        if (x.rank() != 2 || x.dim(1) != 2) throw new IllegalArgumentException("particles need a 2-D model's trajectory");
        if (size < 64 || size > 4096) throw new IllegalArgumentException("--size must be between 64 and 4096 for particles");
        this.data = data;
        this.size = size;
        this.trails = trails;
        this.overlay = overlay;
        this.sampler = sampler;
        double m = 2.0;
        Tensor ref = data != null ? data : tr.frame(steps[steps.length - 1]).xt();
        for (float v : ref.data()) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        range = Math.min(20, m * 1.25);
        fontPx = Math.max(11, size / 36);
    }

    @Override public int frameCount() { return steps.length; }
    @Override public int width() { return size; }
    @Override public int height() { return size; }

    @Override
    public int[] frame(int i) {
        Raster r = new Raster(size, size);
        Graphics2D g = r.graphics();
        g.setColor(new Color(0x2f, 0x33, 0x38));
        g.drawLine(size / 2, 0, size / 2, size);
        g.drawLine(0, size / 2, size, size / 2);
        if (data != null) dots(g, data, new Color(150, 150, 150, 70), 2.0);
        Tensor x = tr.frame(steps[i]).xt();
        if (trails && i > 0) {
            float[] p = tr.frame(steps[i - 1]).xt().data(), q = x.data();
            g.setStroke(new BasicStroke(0.8f));
            g.setColor(new Color(96, 165, 250, 90));
            for (int j = 0; j + 1 < q.length; j += 2) g.drawLine(px(p[j]), py(p[j + 1]), px(q[j]), py(q[j + 1]));
        }
        dots(g, x, new Color(96, 165, 250, 200), size / 240.0 + 1.5);
        g.dispose();
        if (overlay) r.caption(caption(steps[i]), 0, 0, size, fontPx);
        return r.pixels();
    }

    private void dots(Graphics2D g, Tensor pts, Color c, double radius) {
        g.setColor(c);
        float[] d = pts.data();
        int rr = (int) Math.round(radius * 2);
        for (int j = 0; j + 1 < d.length; j += 2) g.fillOval(px(d[j]) - rr / 2, py(d[j + 1]) - rr / 2, rr, rr);
    }

    private int px(float v) {
        return (int) Math.round((v / range + 1) / 2 * size);
    }

    private int py(float v) {
        return (int) Math.round((1 - v / range) / 2 * size);
    }

    private String caption(int k) {
        int n = tr.steps();
        return String.format(Locale.ROOT, "step %d/%d   %s%s", k, n, k < n ? String.format(Locale.ROOT, "σ = %.3g", tr.sigma(k)) : "samples",
                sampler == null ? "" : "   " + sampler);
    }

    @Override
    public String label(int i) {
        return "step " + steps[i];
    }
}

package org.diffusionexplorer.io.image;

import org.diffusionexplorer.core.tensor.Tensor;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Contact sheets: a batch of images as a grid, and 2-D point sets as scatter plots. */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** N×C×H×W batch → grid with {@code cols} columns, each cell scaled by an integer factor, 2 px gaps. */
    public static BufferedImage grid(Tensor batch, int cols, int scale) {
        int n = batch.dim(0), h = batch.dim(2), w = batch.dim(3), gap = 2;
        int rows = (n + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * (w * scale + gap) + gap, rows * (h * scale + gap) + gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < n; i++) {
            BufferedImage cell = ImageWriter.toBufferedImage(batch.item(i));
            int x = gap + (i % cols) * (w * scale + gap), y = gap + (i / cols) * (h * scale + gap);
            g.drawImage(cell, x, y, w * scale, h * scale, null);
        }
        g.dispose();
        return out;
    }

    /** A scatter plot of N×2 points over [−range, range]², optionally over reference points in grey. */
    public static BufferedImage scatter(Tensor points, Tensor reference, double range, int size) {
        return scatter(points, reference, range, size, false);
    }

    /** As above, on a dark background for the dark theme. */
    public static BufferedImage scatter(Tensor points, Tensor reference, double range, int size, boolean dark) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(dark ? new Color(0x0d, 0x11, 0x17) : Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(dark ? new Color(60, 64, 72) : new Color(220, 220, 220));
        g.drawLine(size / 2, 0, size / 2, size);
        g.drawLine(0, size / 2, size, size / 2);
        if (reference != null) draw(g, reference, range, size, new Color(180, 180, 180, 120));
        draw(g, points, range, size, new Color(37, 99, 235, 150));
        g.dispose();
        return out;
    }

    private static void draw(Graphics2D g, Tensor p, double range, int size, Color c) {
        g.setColor(c);
        float[] d = p.data();
        for (int i = 0; i < d.length / 2; i++) {
            int x = (int) ((d[2 * i] / range + 1) / 2 * size), y = (int) ((1 - d[2 * i + 1] / range) / 2 * size);
            g.fillOval(x - 1, y - 1, 3, 3);
        }
    }
}

package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The model card's guidance sweep of a class-conditional image model: one row per class, one block of columns per
 * guidance scale w, the same noise (seed) in the same column of every block, so a row shows what w does to one
 * starting point: w = 0 ignores the class, w = 1 is plain conditional sampling, larger w pushes toward the class.
 */
final class GuidanceSweep {
    static final double[] SCALES = {0, 1, 2, 4, 7};
    static final int PER_CELL = 4;

    private GuidanceSweep() {
    }

    /** The labels of one block: PER_CELL samples of each class, class-major. */
    static int[] labels(int classes) {
        int[] l = new int[classes * PER_CELL];
        for (int i = 0; i < l.length; i++) l[i] = i / PER_CELL;
        return l;
    }

    /** Samples the sweep from a run's EMA weights (DDIM 50, seed 1) and draws it. */
    static BufferedImage sample(EmaSamples ema, EngineModel emaModel, List<String> classes) {
        int[] labels = labels(classes.size());
        Tensor[] byScale = new Tensor[SCALES.length];
        for (int k = 0; k < byScale.length; k++) byScale[k] = ema.sample(emaModel, 50, labels.length, new Guidance(labels, SCALES[k]));
        return render(byScale, classes);
    }

    /** The model card's section that shows the sweep (guidance.png beside it). */
    static String cardSection(String id) {
        return "\n## Guidance\n\n![guidance sweep](guidance.png)\n\nClassifier-free guidance: one row per class, one block per"
                + " scale w (0 ignores the class, 1 is plain conditional sampling); the same noise in the same column of every"
                + " block. DDIM, 50 steps, seed 1, EMA weights. Sample a class with `sample --model " + id
                + " --class NAME --guidance W`.\n";
    }

    /** byScale[k] holds the samples of SCALES[k] in the order of {@link #labels(int)}. */
    static BufferedImage render(Tensor[] byScale, List<String> classes) {
        int h = byScale[0].dim(2), w = byScale[0].dim(3), scale = 2, gap = 2, blockGap = 14, left = 96, top = 24;
        int cellW = w * scale + gap, cellH = h * scale + gap, blockW = PER_CELL * cellW;
        int width = left + byScale.length * blockW + (byScale.length - 1) * blockGap + gap;
        int height = top + classes.size() * cellH + gap;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(0x222222));
        for (int k = 0; k < byScale.length; k++) {
            int x0 = left + k * (blockW + blockGap);
            String label = "w = " + fmt(SCALES[k]);
            g.drawString(label, x0 + (blockW - g.getFontMetrics().stringWidth(label)) / 2, top - 8);
            for (int c = 0; c < classes.size(); c++) {
                for (int i = 0; i < PER_CELL; i++) {
                    BufferedImage cell = ImageWriter.toBufferedImage(byScale[k].item(c * PER_CELL + i));
                    g.drawImage(cell, x0 + i * cellW + gap, top + c * cellH + gap, w * scale, h * scale, null);
                }
            }
        }
        for (int c = 0; c < classes.size(); c++) {
            g.drawString(classes.get(c), 6, top + c * cellH + gap + h * scale / 2 + 5);
        }
        g.dispose();
        return out;
    }

    static String fmt(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : String.format(Locale.ROOT, "%.1f", w);
    }
}

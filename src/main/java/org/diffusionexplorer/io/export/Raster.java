package org.diffusionexplorer.io.export;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.tensor.Tensor;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * An RGB frame being composed: pixel blits, integer nearest-neighbour upscaling, and overlay text drawn with Java2D at
 * the final resolution (so captions stay crisp whatever the scale).
 */
public final class Raster {
    public static final int BACKGROUND = 0xFF202124, CAPTION_BAND = 0xC0000000;
    private final BufferedImage image;
    final int w, h;
    final int[] px;

    public Raster(int w, int h) {
        this.w = w;
        this.h = h;
        image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        px = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(px, BACKGROUND);
    }

    public int[] pixels() { return px; }

    /** A model-space C×H×W tensor as ARGB pixels (scale multiplies the values first, e.g. 0.5 to show ε). */
    public static int[] argb(Tensor chw, float scale) {
        int c = chw.dim(0), hh = chw.dim(1), ww = chw.dim(2);
        int[] out = new int[hh * ww];
        FrameRenderer.render(scale, chw.data(), 0f, null, c, out);
        return out;
    }

    /** Copies src (sw×sh) scaled by the integer s (nearest neighbour) to (x, y). */
    public void blit(int[] src, int sw, int sh, int s, int x, int y) {
        for (int yy = 0; yy < sh * s; yy++) {
            int ty = y + yy;
            if (ty < 0 || ty >= h) continue;
            int row = (yy / s) * sw, base = ty * w;
            for (int xx = 0; xx < sw * s; xx++) {
                int tx = x + xx;
                if (tx >= 0 && tx < w) px[base + tx] = src[row + xx / s] | 0xFF000000;
            }
        }
    }

    /** A caption band across the top of the rectangle (x, y, width) with the text in white. */
    public void caption(String text, int x, int y, int width, int fontPx) {
        Graphics2D g = graphics();
        Font f = font(fontPx);
        g.setFont(f);
        String t = displayable(f, text);
        FontMetrics m = g.getFontMetrics();
        int bandH = m.getHeight() + 4;
        g.setColor(new Color(CAPTION_BAND, true));
        g.fillRect(x, y, width, bandH);
        g.setColor(Color.WHITE);
        g.setClip(x, y, width, bandH);
        g.drawString(t, x + 4, y + 2 + m.getAscent());
        g.dispose();
    }

    /** Text centred under a cell (contact sheets), dark on the background. */
    public void label(String text, int x, int y, int width, int fontPx, Color color) {
        Graphics2D g = graphics();
        Font f = font(fontPx);
        g.setFont(f);
        String t = displayable(f, text);
        FontMetrics m = g.getFontMetrics();
        g.setColor(color);
        g.drawString(t, x + Math.max(2, (width - m.stringWidth(t)) / 2), y + m.getAscent());
        g.dispose();
    }

    public void fill(int x, int y, int width, int height, int argb) {
        for (int yy = Math.max(0, y); yy < Math.min(h, y + height); yy++) Arrays.fill(px, yy * w + Math.max(0, x), yy * w + Math.min(w, x + width), argb);
    }

    Graphics2D graphics() {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    static int captionHeight(int fontPx) {
        return fontPx + fontPx / 3 + 6;
    }

    static Font font(int px) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, px);
    }

    /** Replaces the symbols the font cannot draw by ASCII names, so no missing-glyph boxes appear. */
    static String displayable(Font f, String s) {
        if (f.canDisplayUpTo(s) < 0) return s;
        String t = s.replace("ᾱ", "abar").replace("x̂₀", "x0hat").replace("ε̂", "eps_hat").replace("ε", "eps").replace("σ", "sigma")
                .replace("₀", "0").replace("√", "sqrt").replace("·", "*").replace("…", "...").replace("−", "-");
        return f.canDisplayUpTo(t) < 0 ? t : t.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /** The largest power of two s with (longer side)·s ≤ 256, at least 1: 28 px → ×8, 64 → ×4, 256 → ×1. */
    public static int autoScale(int w, int h) {
        int s = 1, m = Math.max(w, h);
        while (m * s * 2 <= 256) s *= 2;
        return s;
    }
}

package org.diffusionexplorer.io.export;

import java.util.List;

/**
 * Several sources side by side (samplers, schedules), aligned by the fraction of the way through: frame i of n
 * shows frame round(i·(m−1)/(n−1)) of a source with m frames, so runs with different step counts end together.
 */
public final class ComparisonFrames implements FrameSource {
    private static final int GAP = 6;
    private final List<FrameSource> parts;
    private final List<String> titles;
    private final int n, width, height, fontPx, top;

    public ComparisonFrames(List<FrameSource> parts, List<String> titles) {
        if (parts.size() < 2 || parts.size() > 4) throw new IllegalArgumentException("compare two to four configurations (got " + parts.size() + ")");
        this.parts = List.copyOf(parts);
        this.titles = List.copyOf(titles);
        int frames = 0, w = 0, h = 0;
        for (FrameSource p : parts) {
            frames = Math.max(frames, p.frameCount());
            w += p.width();
            h = Math.max(h, p.height());
        }
        n = frames;
        fontPx = 13;
        top = Raster.captionHeight(fontPx);
        width = w + GAP * (parts.size() - 1);
        height = h + top;
    }

    private int sub(FrameSource p, int i) {
        return n == 1 ? 0 : (int) Math.round(i * (p.frameCount() - 1.0) / (n - 1.0));
    }

    @Override public int frameCount() { return n; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    @Override
    public int[] frame(int i) {
        Raster r = new Raster(width, height);
        int x = 0;
        for (int k = 0; k < parts.size(); k++) {
            FrameSource p = parts.get(k);
            int[] f = p.frame(sub(p, i));
            r.blit(f, p.width(), p.height(), 1, x, top);
            r.caption(titles.get(k), x, 0, p.width(), fontPx);
            x += p.width() + GAP;
        }
        return r.pixels();
    }

    @Override
    public String label(int i) {
        return String.format("%.0f%%", n == 1 ? 100.0 : 100.0 * i / (n - 1));
    }
}

package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.tensor.Tensor;

/** Tensors to packed ARGB for the Generate view: one image, or a batch as a grid (optionally pairs side by side). */
final class GridPainter {
    static final int GAP = 2;

    /** A composed grid and its layout. */
    record Composed(int[] argb, int width, int height, int cols, int rows, int cellW, int cellH, int cells) {
    }

    private GridPainter() {
    }

    /** One C×H×W image; {@code scale} 0.5 shows ε̂/2 so ±2σ fills the range. */
    static int[] argb(Tensor chw, float scale) {
        int c = chw.dim(0), n = chw.dim(1) * chw.dim(2);
        int[] out = new int[n];
        FrameRenderer.render(scale, chw.data(), 0f, null, c, out);
        return out;
    }

    /**
     * Every item of an N×C×H×W batch in an about-square grid; with {@code pair} (same shape), each cell shows the item
     * and its pair side by side with a 1-pixel line between.
     */
    static Composed compose(Tensor batch, Tensor pair, int background) {
        if (pair != null && !java.util.Arrays.equals(pair.shape(), batch.shape())) pair = null;
        int n = batch.dim(0), h = batch.dim(2), w = batch.dim(3);
        int cellW = pair == null ? w : 2 * w + 1, cellH = h;
        int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
        int width = cols * cellW + (cols - 1) * GAP, height = rows * cellH + (rows - 1) * GAP;
        int[] out = new int[width * height];
        java.util.Arrays.fill(out, background);
        for (int i = 0; i < n; i++) {
            int x0 = (i % cols) * (cellW + GAP), y0 = (i / cols) * (cellH + GAP);
            blit(argb(batch.item(i), 1f), w, h, out, width, x0, y0);
            if (pair != null && i < pair.dim(0)) blit(argb(pair.item(i), 1f), w, h, out, width, x0 + w + 1, y0);
        }
        return new Composed(out, width, height, cols, rows, cellW, cellH, n);
    }

    private static void blit(int[] src, int w, int h, int[] dst, int dstW, int x0, int y0) {
        for (int y = 0; y < h; y++) System.arraycopy(src, y * w, dst, (y0 + y) * dstW + x0, w);
    }
}

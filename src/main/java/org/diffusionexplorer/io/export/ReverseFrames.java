package org.diffusionexplorer.io.export;

import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Locale;

/**
 * The reverse process from a {@link Trajectory}, one frame per kept grid point k (0 = the starting noise, N = the
 * samples): either the grid of every sample's x_k, or one sample's x_k beside the x̂₀ predicted from it (at k = N,
 * the sample itself). Captions give step k/N, t, σ and the sampler.
 */
public final class ReverseFrames implements FrameSource {
    public enum Layout { GRID, SINGLE }

    private static final int GAP = 2;
    private final Trajectory tr;
    private final int[] steps;
    private final Layout layout;
    private final int index, scale, cols, rows, iw, ih, width, height, fontPx, top;
    private final boolean overlay;
    private final String sampler;

    /** @param frames the grid points to show (each must be kept; null: every kept one) */
    public ReverseFrames(Trajectory tr, int[] frames, Layout layout, int index, int scale, boolean overlay, String sampler) {
        this.tr = tr;
        this.steps = frames == null ? tr.keptSteps() : frames.clone();
        if (steps.length == 0) throw new IllegalArgumentException("no steps to export");
        for (int k : steps) if (!tr.isKept(k) || k > tr.completed()) throw new IllegalArgumentException("step " + k + " is not in the trajectory (kept: " + tr.describeKept() + ")");
        Tensor x = tr.frame(steps[0]).xt();
        if (x.rank() != 4) throw new IllegalArgumentException("image trajectories only (2-D models export as particles)");
        if (index < 0 || index >= x.dim(0)) throw new IllegalArgumentException("--index must be between 0 and " + (x.dim(0) - 1) + " (got " + index + ")");
        this.layout = layout;
        this.index = index;
        this.overlay = overlay;
        this.sampler = sampler;
        ih = x.dim(2);
        iw = x.dim(3);
        int n = layout == Layout.GRID ? x.dim(0) : 2;
        cols = layout == Layout.GRID ? (int) Math.ceil(Math.sqrt(n)) : 2;
        rows = (n + cols - 1) / cols;
        this.scale = scale > 0 ? scale : fitScale(cols * iw, 512);
        fontPx = Math.max(11, Math.min(16, (cols * iw * this.scale) / 28));
        top = overlay ? Raster.captionHeight(fontPx) : 0;
        width = cols * iw * this.scale + (cols - 1) * GAP;
        height = top + rows * ih * this.scale + (rows - 1) * GAP;
    }

    /** The largest power of two s with span·s ≤ limit (at least 1). */
    static int fitScale(int span, int limit) {
        int s = 1;
        while (span * s * 2 <= limit) s *= 2;
        return s;
    }

    @Override public int frameCount() { return steps.length; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    public int step(int i) { return steps[i]; }

    @Override
    public int[] frame(int i) {
        int k = steps[i];
        Trajectory.Frame f = tr.frame(k);
        Raster r = new Raster(width, height);
        int cw = iw * scale, chh = ih * scale;
        if (layout == Layout.GRID) {
            Tensor x = f.xt();
            for (int j = 0; j < x.dim(0); j++) {
                r.blit(Raster.argb(x.item(j), 1f), iw, ih, scale, (j % cols) * (cw + GAP), top + (j / cols) * (chh + GAP));
            }
        } else {
            Tensor x = f.xt().item(index);
            Tensor x0 = f.x0Hat() != null ? f.x0Hat().item(index) : x;
            r.blit(Raster.argb(x, 1f), iw, ih, scale, 0, top);
            r.blit(Raster.argb(x0, 1f), iw, ih, scale, cw + GAP, top);
        }
        if (overlay) r.caption(caption(k), 0, 0, width, fontPx);
        return r.pixels();
    }

    private String caption(int k) {
        int n = tr.steps();
        String where = k < n ? String.format(Locale.ROOT, "t = %s   σ = %.3g", fmt(tr.t(k)), tr.sigma(k)) : "sample";
        String cols = layout == Layout.SINGLE ? "x_t | x̂₀   " : "";
        return String.format(Locale.ROOT, "%sstep %d/%d   %s%s", cols, k, n, where, sampler == null ? "" : "   " + sampler);
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : String.format(Locale.ROOT, "%.1f", t);
    }

    @Override
    public String label(int i) {
        int k = steps[i];
        return k == tr.steps() ? "step " + k + " (sample)" : "step " + k + ", t = " + fmt(tr.t(k));
    }
}

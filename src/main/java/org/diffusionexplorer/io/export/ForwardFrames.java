package org.diffusionexplorer.io.export;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Locale;

/**
 * The forward process q(x_t | x₀) over a list of t with one fixed ε: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, alone or as the
 * panels x₀ | x_t | ε | √ᾱ_t·x₀ (ε shown as ε/2), optionally captioned with t, ᾱ_t and the SNR.
 */
public final class ForwardFrames implements FrameSource {
    private static final int GAP = 4;
    private final Tensor x0, eps;
    private final NoiseSchedule schedule;
    private final int[] ts;
    private final boolean panels, overlay;
    private final int scale, c, ih, iw, width, height, fontPx;
    private final int[] x0Px, epsPx, xt, signal;
    private final String name;

    public ForwardFrames(Tensor x0, Tensor eps, NoiseSchedule schedule, String scheduleName, int[] ts, boolean panels, int scale, boolean overlay) {
        if (ts.length == 0) throw new IllegalArgumentException("no timesteps to export");
        for (int t : ts) if (t < 0 || t >= schedule.steps()) throw new IllegalArgumentException("t must be between 0 and " + (schedule.steps() - 1) + " (got " + t + ")");
        if (!x0.sameShape(eps)) throw new IllegalArgumentException("x0 and eps differ in shape");
        this.x0 = x0;
        this.eps = eps;
        this.schedule = schedule;
        this.name = scheduleName;
        this.ts = ts.clone();
        this.panels = panels;
        this.overlay = overlay;
        c = x0.dim(0);
        ih = x0.dim(1);
        iw = x0.dim(2);
        this.scale = scale > 0 ? scale : Raster.autoScale(iw, ih);
        int cells = panels ? 4 : 1;
        width = cells * iw * this.scale + (cells - 1) * GAP;
        fontPx = Math.max(11, Math.min(18, ih * this.scale / 16));
        height = ih * this.scale + (panels && overlay ? Raster.captionHeight(fontPx) : 0);
        x0Px = Raster.argb(x0, 1f);
        epsPx = Raster.argb(eps, 0.5f);
        xt = new int[ih * iw];
        signal = new int[ih * iw];
    }

    @Override public int frameCount() { return ts.length; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }

    public int t(int i) { return ts[i]; }

    @Override
    public int[] frame(int i) {
        int t = ts[i];
        FrameRenderer.renderWithSignal((float) schedule.sqrtAlphaBar(t), x0.data(), (float) schedule.sqrtOneMinusAlphaBar(t), eps.data(), c, xt, signal);
        Raster r = new Raster(width, height);
        int cw = iw * scale, top = panels && overlay ? Raster.captionHeight(fontPx) : 0;
        if (!panels) {
            r.blit(xt, iw, ih, scale, 0, 0);
            if (overlay) r.caption(caption(t), 0, 0, width, fontPx);
            return r.pixels();
        }
        int[][] cells = {x0Px, xt, epsPx, signal};
        String[] names = {"x₀", "x_t", "ε (÷2)", "√ᾱ·x₀"};
        for (int k = 0; k < 4; k++) {
            int x = k * (cw + GAP);
            r.blit(cells[k], iw, ih, scale, x, top);
            if (overlay) r.caption(k == 1 ? names[k] + "   " + caption(t) : names[k], x, 0, cw, fontPx);
        }
        return r.pixels();
    }

    private String caption(int t) {
        double ab = schedule.alphaBar(t), snr = ab / (1 - ab);
        return String.format(Locale.ROOT, "t = %d   ᾱ = %.4f   SNR %s%s", t, ab, ab >= 1 ? "∞" : String.format(Locale.ROOT, "%.1f dB", 10 * Math.log10(snr)),
                name == null ? "" : "   " + name);
    }

    @Override
    public String label(int i) {
        return "t = " + ts[i];
    }
}

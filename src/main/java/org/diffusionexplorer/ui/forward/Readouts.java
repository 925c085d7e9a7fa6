package org.diffusionexplorer.ui.forward;

import org.diffusionexplorer.core.schedule.NoiseSchedule;

import java.util.Locale;

/** The numbers shown beside the forward view for the current t. */
public final class Readouts {
    private int t;
    private double beta, alphaBar, sqrtAlphaBar, snrDb, psnr;

    void update(NoiseSchedule s, int t, double psnr) {
        this.t = t;
        beta = s.beta(t);
        alphaBar = s.alphaBar(t);
        sqrtAlphaBar = s.sqrtAlphaBar(t);
        snrDb = 10 * Math.log10(s.snr(t));
        this.psnr = psnr;
    }

    public int t() { return t; }
    public double beta() { return beta; }
    public double alphaBar() { return alphaBar; }
    public double sqrtAlphaBar() { return sqrtAlphaBar; }
    public double snrDb() { return snrDb; }
    public double psnr() { return psnr; }

    /** name/value rows for display. */
    public String[][] rows() {
        return new String[][]{
                {"t", Integer.toString(t)},
                {"β_t", fmt(beta)},
                {"ᾱ_t", fmt(alphaBar)},
                {"√ᾱ_t", fmt(sqrtAlphaBar)},
                {"SNR", Double.isInfinite(snrDb) ? "−∞ dB" : String.format(Locale.ROOT, "%.2f dB", snrDb)},
                {"PSNR(x_t, x_0)", Double.isInfinite(psnr) ? "∞ dB" : String.format(Locale.ROOT, "%.2f dB", psnr)},
        };
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows()) sb.append(r[0]).append(" = ").append(r[1]).append("  ");
        return sb.toString().trim();
    }

    static String fmt(double v) {
        if (v == 0) return "0";
        if (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4) return String.format(Locale.ROOT, "%.5f", v);
        return String.format(Locale.ROOT, "%.4e", v);
    }
}

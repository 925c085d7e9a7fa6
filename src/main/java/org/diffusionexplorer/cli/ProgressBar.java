package org.diffusionexplorer.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: "label 1200/10000 [=====>    ] 12% 1.1 it/s ETA 2h13m loss 0.0321".
 * Redrawn in place on a terminal at most every 200 ms; without a terminal (CI, logs) one line every 5%.
 */
final class ProgressBar {
    private final PrintWriter err;
    private final String label;
    private final boolean tty = System.console() != null;
    private long lastDraw;
    private int lastPercent = -1;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    void update(long done, long total, double rate, String extra) {
        long now = System.nanoTime();
        int pct = (int) (100 * done / Math.max(1, total));
        boolean end = done >= total;
        if (tty ? (!end && now - lastDraw < 200_000_000L) : (pct / 5 == lastPercent / 5 && !end)) return;
        lastDraw = now;
        lastPercent = pct;
        int width = 24, filled = (int) (width * done / Math.max(1, total));
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        String line = String.format(Locale.ROOT, "%s %d/%d [%s] %3d%% %.2f it/s ETA %s%s", label, done, total, bar, pct, rate,
                duration(eta), extra == null ? "" : " " + extra);
        if (tty) {
            err.print("\r" + line);
            if (end) err.println();
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String duration(double s) {
        if (!Double.isFinite(s)) return "?";
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}

package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.Trajectory;

import java.util.Locale;

/** The Generate view's words for what it shows: the readouts at the shown step, the focused sample, the kept steps. */
final class ShownText {
    private ShownText() {
    }

    /** Step k/N, t, σ, ᾱ and SNR at kept step k of tr, scrubbed to step (null tr: dashes). */
    static String[][] readouts(Trajectory tr, int k, int scrubbed) {
        if (tr == null) return new String[][]{{"step", "—"}, {"t", "—"}, {"σ_t", "—"}, {"ᾱ_t", "—"}, {"SNR", "—"}};
        int n = tr.steps();
        double ab = tr.alphaBar(k);
        String snr = ab >= 1 ? "∞ (clean)" : String.format(Locale.ROOT, "%.2f dB", 10 * Math.log10(ab / (1 - ab)));
        String stepText = k + " / " + n + (k != scrubbed && scrubbed <= tr.completed() ? " (nearest kept to " + scrubbed + ")" : "");
        return new String[][]{
                {"step", stepText},
                {"t", k < n ? timestep(tr.t(k)) : "— (the sample)"},
                {"σ_t", String.format(Locale.ROOT, "%.4g", tr.sigma(k))},
                {"ᾱ_t", String.format(Locale.ROOT, "%.5g", ab)},
                {"SNR", snr},
        };
    }

    private static String timestep(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : String.format(Locale.ROOT, "%.2f", t);
    }

    /**
     * "sample 3 · seed 4" for sample i and, for exact denoisers of images (nearest: {data index, mean squared
     * difference} per sample, or null), the data image it ended on.
     */
    static String focus(Trajectory tr, int i, long[] seeds, double[][] nearest, LoadedSource ls) {
        if (tr == null) return "";
        String s = "sample " + i + (i < seeds.length && seeds[i] >= 0 ? " · seed " + seeds[i] : "");
        if (nearest != null && i < nearest.length) {
            int j = (int) nearest[i][0];
            String name = ls != null && ls.dataNames() != null && j < ls.dataNames().size() ? " (" + ls.dataNames().get(j) + ")" : "";
            s += String.format(Locale.ROOT, " · ended on data image #%d%s, mean squared difference %.2g", j, name, nearest[i][1]);
        }
        return s;
    }

    /** The kept steps in words, with their memory against the budget. */
    static String kept(Trajectory tr) {
        if (tr == null) return "";
        String mem = String.format(Locale.ROOT, "%.1f MB", tr.bytes() / 1e6);
        return "Kept steps: " + tr.describeKept() + " · " + mem + " (budget " + SamplingJob.BUDGET_BYTES / 1_000_000 + " MB)";
    }
}

package org.diffusionexplorer.core.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Numbers and warnings about a schedule that users need to see (shared/DIFFUSION.md, "Pitfalls users hit"):
 * terminal SNR too high, β clipped or very large, where SNR = 1, how the steps split between high and low SNR, and
 * what a sampler with N steps and a spacing would visit.
 */
public final class ScheduleDiagnostics {
    /** ᾱ_{T−1} above this means the forward process ends visibly short of pure noise. */
    public static final double TERMINAL_ALPHA_BAR_WARN = 1e-3;

    public enum Level { INFO, WARNING }

    public record Item(Level level, String text) {
    }

    private ScheduleDiagnostics() {
    }

    public static List<Item> of(NoiseSchedule s) {
        List<Item> out = new ArrayList<>();
        int T = s.steps(), last = T - 1;
        double abT = s.alphaBar(last);
        if (abT > TERMINAL_ALPHA_BAR_WARN) {
            out.add(new Item(Level.WARNING, fmt("Terminal SNR too high: the forward process never reaches noise: ᾱ_{T−1} = %s "
                    + "(√ᾱ = %s of the image is left), yet sampling starts from N(0, I).", num(abT), num(Math.sqrt(abT)))));
        } else if (abT == 0) {
            out.add(new Item(Level.INFO, "Zero terminal SNR: ᾱ_{T−1} = 0. ε-prediction is undefined at t = T−1; use v-prediction or predict x₀ there."));
        } else {
            out.add(new Item(Level.INFO, fmt("Terminal ᾱ_{T−1} = %s, SNR = %s dB.", num(abT), num(10 * Math.log10(s.snr(last))))));
            double amp = 1 / Math.sqrt(abT);
            if (amp > 1e3) out.add(new Item(Level.WARNING, fmt("The x₀ estimate from an ε-prediction at t = T−1 amplifies errors by 1/√ᾱ = %s: clip the x₀ estimate or "
                    + "start sampling below T−1.", num(amp))));
        }
        double maxBeta = 0;
        int clipped = 0, large = 0;
        for (int t = 0; t < T; t++) {
            maxBeta = Math.max(maxBeta, s.beta(t));
            if (s.beta(t) > 0.5 && !(t == last && s.spec().zeroTerminalSnr())) large++;
        }
        var clip = s.spec().parameter("max_beta");
        if (clip.isPresent()) {
            double cap = clip.get().value(s.spec());
            for (int t = 0; t < T; t++) if (s.beta(t) >= cap) clipped++;
            if (clipped > 0) out.add(new Item(Level.WARNING, fmt("β is clipped at max β = %s in %d step%s.", num(cap), clipped, clipped == 1 ? "" : "s")));
        }
        if (large > 0) out.add(new Item(Level.WARNING, fmt("%d step%s with β > 0.5 (max β = %s): each destroys most of the signal at once.",
                large, large == 1 ? "" : "s", num(maxBeta))));
        int cross = snrOneTimestep(s);
        int high = 0;
        for (int t = 0; t < T; t++) if (s.logSnr(t) > 0) high++;
        if (cross >= 0) out.add(new Item(Level.INFO, fmt("SNR = 1 (log-SNR 0) at t = %d (%.0f%% of the way).", cross, 100.0 * cross / last)));
        else out.add(new Item(Level.WARNING, "SNR never crosses 1: the schedule stays on one side of signal = noise."));
        out.add(new Item(Level.INFO, fmt("%d steps (%.0f%%) at high SNR (signal dominates), %d (%.0f%%) at low SNR.",
                high, 100.0 * high / T, T - high, 100.0 * (T - high) / T)));
        return out;
    }

    /** The first t with log-SNR ≤ 0, or −1. */
    public static int snrOneTimestep(NoiseSchedule s) {
        for (int t = 0; t < s.steps(); t++) if (s.logSnr(t) <= 0) return t;
        return -1;
    }

    /** A note on what a sampler with n steps and this spacing visits (e.g. that leading never visits T−1). */
    public static Item samplerVisit(NoiseSchedule s, int n, TimestepSpacing spacing) {
        int[] ts = spacing.timesteps(s.steps(), n, spacing == TimestepSpacing.LEADING ? 1 : 0);
        int first = ts[0], last = s.steps() - 1;
        if (first < last) {
            return new Item(Level.WARNING, fmt("%s spacing with N = %d starts at t = %d, not T−1 = %d: the first model input x_t has "
                    + "ᾱ = %s but sampling starts from pure noise.", spacing.cliName(), n, first, last, num(s.alphaBar(first))));
        }
        return new Item(Level.INFO, fmt("%s spacing with N = %d visits t = %d … %d.", spacing.cliName(), n, first, ts[ts.length - 1]));
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    public static String num(double v) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-2 && a < 1e4) return String.format(Locale.ROOT, "%.3g", v);
        String s = String.format(Locale.ROOT, "%.2e", v);
        int e = s.indexOf('e');
        int exp = Integer.parseInt(s.substring(e + 1));
        return s.substring(0, e) + "·10" + superscript(exp);
    }

    private static String superscript(int n) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(n < 0 ? "⁻" : "");
        for (char c : Integer.toString(Math.abs(n)).toCharArray()) sb.append(digits.charAt(c - '0'));
        return sb.toString();
    }
}

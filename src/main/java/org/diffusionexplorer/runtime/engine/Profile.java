package org.diffusionexplorer.runtime.engine;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall time per engine operation, for {@code bench --profile}. Off unless {@link #enable} was called; when off, each
 * probe is one volatile read.
 */
public final class Profile {
    private static volatile boolean on;
    private static final Map<String, AtomicLong> TIME = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> FLOPS = new ConcurrentHashMap<>();

    private Profile() {
    }

    public static void enable(boolean enabled) {
        on = enabled;
    }

    public static void reset() {
        TIME.clear();
        FLOPS.clear();
    }

    public static long start() {
        return on ? System.nanoTime() : 0;
    }

    /** Adds the time since t0 under key and returns now (so probes chain). */
    public static long lap(String key, long t0) {
        if (!on) return 0;
        long now = System.nanoTime();
        TIME.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(now - t0);
        return now;
    }

    /**
     * As {@link #lap(String, long)}, also counting the operation's useful floating-point operations (multiply and
     * add counted apart; a convolution's work on its zero padding is not counted), for the GFLOPS column.
     */
    public static long lap(String key, long t0, long flops) {
        if (!on) return 0;
        FLOPS.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(flops);
        return lap(key, t0);
    }

    /** Useful floating-point operations counted since the last reset, over all operations. */
    public static long totalFlops() {
        return FLOPS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The floating-point operations actually done since the last reset: as {@link #totalFlops}, Winograd rows halved. */
    public static long actualFlops() {
        return FLOPS.entrySet().stream().mapToLong(e -> (long) (e.getValue().get() * doneShare(e.getKey()))).sum();
    }

    /**
     * The share of an operation's counted (direct-convolution) FLOPs it actually does: half for the Winograd rows, a
     * third for the upsampling convolution without the upsampled image ({@link SubPixelConv}).
     */
    private static double doneShare(String key) {
        return key.contains(".wino.") ? 0.5 : key.contains(".subpixel") ? 1 / 3.0 : 1;
    }

    /** A table of milliseconds per operation, divided by calls (e.g. training steps), largest first. */
    public static String report(int calls) {
        return report(calls, Double.NaN);
    }

    /**
     * As {@link #report(int)}, with a column of each operation's arithmetic rate as a share of fmaPeak (GFLOPS, see
     * {@link #fmaPeakGflops}) when it is a number: the multiply-adds actually done, which for the row-wise Winograd
     * operations (keys with ".wino.") are half the direct convolution's that the GFLOPS column counts, for the
     * sub-pixel ones (".subpixel") a third.
     */
    public static String report(int calls, double fmaPeak) {
        Map<String, Long> copy = new TreeMap<>();
        TIME.forEach((k, v) -> copy.put(k, v.get()));
        long total = copy.values().stream().mapToLong(Long::longValue).sum();
        boolean share = !Double.isNaN(fmaPeak);
        StringBuilder sb = new StringBuilder(share ? "| operation | ms per call | share | GFLOPS | of FMA peak |\n|---|---|---|---|---|\n"
                : "| operation | ms per call | share | GFLOPS |\n|---|---|---|---|\n");
        copy.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
            AtomicLong f = FLOPS.get(e.getKey());
            double g = f == null ? 0 : f.get() / (double) Math.max(1, e.getValue());
            String gf = f == null ? "" : String.format(Locale.ROOT, "%.1f", g);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f%% | %s |", e.getKey(), e.getValue() / 1e6 / calls,
                    100.0 * e.getValue() / Math.max(1, total), gf));
            if (share) sb.append(f == null ? " |" : String.format(Locale.ROOT, " %.0f%% |", 100 * g * doneShare(e.getKey()) / fmaPeak));
            sb.append('\n');
        });
        sb.append(String.format(Locale.ROOT, "| total | %.1f | | %.1f |%s%n", total / 1e6 / calls, totalFlops() / (double) Math.max(1, total),
                share ? " |" : ""));
        return sb.toString();
    }

    /**
     * This machine's arithmetic ceiling: GFLOPS of independent vector FMAs on the engine's threads (about a quarter of a second);
     * NaN when the Vector API module is not loaded.
     */
    public static double fmaPeakGflops() {
        return VecSupport.moduleLoaded() ? FmaPeak.gflops() : Double.NaN;
    }

    /** The 3×3 convolution kernel's GFLOPS in isolation on this machine (see {@code Conv.kernelPeakGflops}). */
    public static double kernelPeakGflops() {
        return Conv.kernelPeakGflops();
    }

    /** The engine's worker threads. */
    public static int threads() {
        return Par.threads();
    }
}

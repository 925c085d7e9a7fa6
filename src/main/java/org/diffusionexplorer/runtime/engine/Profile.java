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

    /** A table of milliseconds per operation, divided by calls (e.g. training steps), largest first. */
    public static String report(int calls) {
        Map<String, Long> copy = new TreeMap<>();
        TIME.forEach((k, v) -> copy.put(k, v.get()));
        long total = copy.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder("| operation | ms per call | share | GFLOPS |\n|---|---|---|---|\n");
        copy.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e -> {
            AtomicLong f = FLOPS.get(e.getKey());
            String gf = f == null ? "" : String.format(Locale.ROOT, "%.1f", f.get() / (double) Math.max(1, e.getValue()));
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f%% | %s |%n", e.getKey(), e.getValue() / 1e6 / calls,
                    100.0 * e.getValue() / Math.max(1, total), gf));
        });
        sb.append(String.format(Locale.ROOT, "| total | %.1f | | %.1f |%n", total / 1e6 / calls, totalFlops() / (double) Math.max(1, total)));
        return sb.toString();
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

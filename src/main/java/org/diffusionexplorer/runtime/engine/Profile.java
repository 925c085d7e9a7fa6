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

    private Profile() {
    }

    public static void enable(boolean enabled) {
        on = enabled;
    }

    public static void reset() {
        TIME.clear();
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

    /** A table of milliseconds per operation, divided by calls (e.g. training steps), largest first. */
    public static String report(int calls) {
        Map<String, Long> copy = new TreeMap<>();
        TIME.forEach((k, v) -> copy.put(k, v.get()));
        long total = copy.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder("| operation | ms per call | share |\n|---|---|---|\n");
        copy.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).forEach(e ->
                sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f%% |%n", e.getKey(), e.getValue() / 1e6 / calls, 100.0 * e.getValue() / Math.max(1, total))));
        sb.append(String.format(Locale.ROOT, "| total | %.1f | |%n", total / 1e6 / calls));
        return sb.toString();
    }
}

package org.diffusionexplorer.ui.common;

/**
 * The one progress throttle of the UI: a hot loop on a worker records its progress every iteration and lets it
 * through to the FX thread at most every {@link #INTERVAL_MS} (as Cryptomator's MigrationRunController), so the FX
 * queue is never flooded. One instance per loop; {@link #due()} is called from that loop's thread only.
 */
public final class ProgressThrottle {
    /** At most one update per this many milliseconds (DESIGN.md: every ~30-50 ms). */
    public static final long INTERVAL_MS = 40;
    private static final long INTERVAL_NANOS = INTERVAL_MS * 1_000_000L;
    private long last = System.nanoTime() - INTERVAL_NANOS - 1; // the first update goes through

    /** Whether an update may go to the FX thread now; if so, the interval starts again. */
    public boolean due() {
        long now = System.nanoTime();
        if (now - last <= INTERVAL_NANOS) return false;
        last = now;
        return true;
    }
}

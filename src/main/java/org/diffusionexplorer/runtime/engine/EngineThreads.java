package org.diffusionexplorer.runtime.engine;

/**
 * How many threads our engine's parallel loops use: all cores for the CLI; the window leaves one core to the FX
 * thread (STACK.md: a desktop app keeps a core for the UI), so sampling and training in the window never freeze it.
 */
public final class EngineThreads {
    private EngineThreads() {
    }

    /** At most n threads (1..cores). */
    public static void set(int n) {
        Par.limit(n);
    }

    public static int get() {
        return Par.threads();
    }

    /** Cores − 1 (at least 1): for the window. */
    public static void leaveOneCore() {
        set(Runtime.getRuntime().availableProcessors() - 1);
    }
}

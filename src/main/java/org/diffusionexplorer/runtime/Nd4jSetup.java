package org.diffusionexplorer.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One-time ND4J set-up: float32 defaults and a thread count that leaves a core for the UI (STACK.md: ND4J degrades
 * badly when it competes with other threads). Safe to call from any thread, any number of times.
 */
public final class Nd4jSetup {
    private static volatile boolean done;

    private Nd4jSetup() {
    }

    /** @param leaveOneCore true in the desktop app (the FX thread needs a core), false for the CLI and training */
    public static synchronized void init(boolean leaveOneCore) {
        if (done) return;
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Math.max(1, leaveOneCore ? cores - 1 : cores);
        if (System.getenv("OMP_NUM_THREADS") == null) System.setProperty("org.bytedeco.openblas.nthreads", Integer.toString(threads));
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        try {
            Nd4j.getEnvironment().setMaxThreads(threads);
        } catch (RuntimeException ignored) {
            // older natives without this setting
        }
        done = true;
    }

    /** Whether the native backend was built with oneDNN (the fast convolution path). */
    public static boolean hasOneDnn() {
        try {
            return Nd4j.getExecutioner().getEnvironmentInformation().toString().contains("onednn")
                    || String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation()).toLowerCase().contains("dnnl")
                    || Nd4j.getEnvironment().helpersAllowed();
        } catch (RuntimeException e) {
            return false;
        }
    }
}

package org.diffusionexplorer.runtime.engine;

/**
 * Whether the engine runs its convolutions on the Vector API kernels ({@link VecConv}) or on OpenBLAS
 * ({@link ConvGemm}); chosen through {@link org.diffusionexplorer.runtime.Engine} ({@code --engine vector|blas}).
 * The kernels need the incubator module {@code jdk.incubator.vector} in the boot layer (the launcher restarts the
 * JVM with {@code --add-modules jdk.incubator.vector} when it is missing; the tests and the installers pass it) and
 * are the default only with vectors of at least 512 bits: with 256-bit vectors they only match OpenBLAS's AVX2
 * kernels. This class itself never touches the module unless it is loaded, so it loads on any JVM.
 */
public final class VecSupport {
    private static volatile boolean enabled = moduleLoaded() && wideVectors();

    private VecSupport() {
    }

    public static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** 512-bit (or wider) float vectors. */
    public static boolean wideVectors() {
        if (!moduleLoaded()) return false;
        try {
            return VecConv.lanes() >= 16;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Turns the kernels on or off (on needs the module). */
    public static void use(boolean vector) {
        if (vector && !moduleLoaded()) throw new IllegalStateException("jdk.incubator.vector is not loaded");
        enabled = vector;
    }

    /** True when the convolutions run on the Vector API kernels. */
    public static boolean enabled() {
        return enabled;
    }

    /** A line for logs and bench output: which kernels run, and why. */
    public static String describe() {
        if (enabled) return "convolutions: Java Vector API, " + VecConv.lanes() * 32 + "-bit vectors";
        if (!moduleLoaded()) return "convolutions: OpenBLAS (jdk.incubator.vector not loaded)";
        return "convolutions: OpenBLAS";
    }
}

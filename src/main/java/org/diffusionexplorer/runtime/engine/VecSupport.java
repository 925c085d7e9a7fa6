package org.diffusionexplorer.runtime.engine;

/**
 * Whether the engine runs its convolutions on the Vector API kernels ({@link VecConv}) or on OpenBLAS
 * ({@link ConvGemm}). The kernels need the incubator module {@code jdk.incubator.vector} in the boot layer (the
 * launcher restarts the JVM with {@code --add-modules jdk.incubator.vector} when it is missing; the tests and the
 * installers pass it) and vectors of at least 512 bits: with 256-bit vectors they only match OpenBLAS's AVX2 kernels.
 * {@code -Dde.engine=blas} forces OpenBLAS, {@code -Dde.engine=vector} the kernels whatever the vector width.
 * This class itself never touches the module, so it loads on any JVM.
 */
public final class VecSupport {
    private static final boolean ENABLED = decide();

    private VecSupport() {
    }

    public static boolean moduleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static boolean decide() {
        String choice = System.getProperty("de.engine", "auto");
        if (choice.equals("blas") || !moduleLoaded()) return false;
        try {
            return choice.equals("vector") || VecConv.lanes() >= 16;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** True when the convolutions run on the Vector API kernels. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** A line for logs and bench output: which kernels run, and why. */
    public static String describe() {
        if (ENABLED) return "convolutions: Java Vector API, " + VecConv.lanes() * 32 + "-bit vectors";
        if (!moduleLoaded()) return "convolutions: OpenBLAS (jdk.incubator.vector not loaded)";
        if (System.getProperty("de.engine", "auto").equals("blas")) return "convolutions: OpenBLAS (-Dde.engine=blas)";
        return "convolutions: OpenBLAS (vectors narrower than 512 bits)";
    }
}

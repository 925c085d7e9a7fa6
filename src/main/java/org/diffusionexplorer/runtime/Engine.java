package org.diffusionexplorer.runtime;

import org.diffusionexplorer.runtime.engine.VecSupport;

import java.util.Locale;

/**
 * Which implementation runs the networks. One switch for the whole app ({@code --engine} on the CLI, View › Engine
 * in the window); models loaded afterwards use it.
 * <ul>
 *   <li>{@code vector}: our engine with its convolutions on Java's Vector API (needs jdk.incubator.vector; fastest
 *       with 512-bit vectors);</li>
 *   <li>{@code blas}: our engine with its convolutions as OpenBLAS GEMMs (ND4J's OpenBLAS; any CPU);</li>
 *   <li>{@code samediff}: the same networks as ND4J SameDiff graphs on ND4J's native backend (inference), the route
 *       to ND4J's other backends (e.g. CUDA).</li>
 * </ul>
 */
public enum Engine {
    VECTOR, BLAS, SAMEDIFF;

    private static volatile Engine active;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engine parse(String s) {
        for (Engine e : values()) if (e.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) return e;
        throw new IllegalArgumentException("--engine must be vector, blas or samediff (got '" + s + "')");
    }

    /** The fastest engine this JVM can run: vector where the module is loaded and vectors are 512 bits wide, else blas. */
    public static Engine fastest() {
        return VecSupport.moduleLoaded() && VecSupport.wideVectors() ? VECTOR : BLAS;
    }

    /** Null if this engine can run here, else why not. */
    public String unavailableReason() {
        if (this == VECTOR && !VecSupport.moduleLoaded()) {
            return "the vector engine needs the JVM option --add-modules jdk.incubator.vector (java -jar adds it by restarting itself)";
        }
        return null;
    }

    /** The engine in use (the fastest until one is selected). */
    public static Engine active() {
        Engine e = active;
        return e != null ? e : fastest();
    }

    /** Selects the engine for everything that runs from now on; refuses one that cannot run here. */
    public static void select(Engine e) {
        String why = e.unavailableReason();
        if (why != null) throw new IllegalArgumentException(why);
        active = e;
        VecSupport.use(e == VECTOR);
    }

    /** A line for logs and bench output. */
    public static String describe() {
        Engine e = active();
        return switch (e) {
            case VECTOR -> "engine vector (" + VecSupport.describe() + ")";
            case BLAS -> "engine blas (convolutions as OpenBLAS GEMMs)";
            case SAMEDIFF -> "engine samediff (ND4J SameDiff graphs)";
        };
    }
}

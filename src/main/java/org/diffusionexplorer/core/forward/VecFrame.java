package org.diffusionexplorer.core.forward;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@link FrameRenderer}'s loops on the Vector API: the same pixels bit for bit ({@link FrameRenderer#toByte}),
 * about three times faster per core than the scalar loop, which C2 does not vectorise (its float-to-int conversion).
 * The rounding avoids the Vector API's float-to-int conversion, which is not compiled to vector code on Java 17:
 * s = clamp(v·127.5 + 127.5, 0, 255) (NaN to 0) plus 1.5·2²³ rounds s half to even in the low mantissa bits,
 * exactly {@code Math.rint}. Only loaded when the incubator module is (see {@link FrameRenderer}).
 */
final class VecFrame {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final float MAGIC = 12582912f; // 1.5·2²³
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

    /*
     * Every loop is called through a method handle held in a non-final field, which C2 cannot inline through: it
     * compiles each loop on its own. When it inlined two loops into one caller (pair's rgbMix and rgbScaled, or
     * the loops of mix once grey and colour frames had both been drawn), the compilation passed C2's node budget
     * (NodeCountInliningCutoff in -XX:+PrintInlining), the vectors were boxed, and a 1024² frame allocated 19 MB
     * and took three times as long: garbage collections every ~100 ms in the schedule-edit benchmark. The call
     * through a handle costs nanoseconds per chunk of ≥ 32 768 pixels.
     */
    private static MethodHandle greyScaled = loop("greyScaled", false, false);
    private static MethodHandle greyMix = loop("greyMix", true, false);
    private static MethodHandle rgbScaled = loop("rgbScaled", false, false);
    private static MethodHandle rgbMix = loop("rgbMix", true, false);
    private static MethodHandle greyPair = loop("greyPair", true, true);

    private VecFrame() {
    }

    private static MethodHandle loop(String name, boolean mix, boolean pair) {
        MethodType t = mix
                ? MethodType.methodType(void.class, float.class, float[].class, float.class, float[].class, int[].class)
                : MethodType.methodType(void.class, float.class, float[].class, int[].class);
        if (pair) t = t.appendParameterTypes(int[].class);
        t = t.appendParameterTypes(int.class, int.class);
        try {
            return MethodHandles.lookup().findStatic(VecFrame.class, name, t);
        } catch (ReflectiveOperationException e) {
            throw new LinkageError("VecFrame." + name, e);
        }
    }

    private static void scaled(MethodHandle h, float a, float[] x, int[] argb, int from, int end) {
        try {
            h.invokeExact(a, x, argb, from, end);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    private static void mixed(MethodHandle h, float a, float[] x, float b, float[] e, int[] argb, int from, int end) {
        try {
            h.invokeExact(a, x, b, e, argb, from, end);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A loop's throwable as it is (the loops throw only unchecked ones). */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    static int lanes() {
        return L;
    }

    /** Bytes 0..255 of model values, lane by lane: FrameRenderer.toByte. */
    private static IntVector bytes(FloatVector v) {
        FloatVector s = v.mul(127.5f).add(127.5f);
        s = s.blend(0f, s.compare(VectorOperators.NE, s)).max(0f).min(255f);
        return s.add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
    }

    /**
     * a·x + b·e (e may be null: a·x) into argb over whole vectors of pixels from {@code from}; returns where it
     * stopped. One small method per case, the pixel packing written out in each loop: C2 keeps vectors in registers
     * only when it inlines every Vector API call of a loop, and it stops inlining past a node count (a helper for
     * the packing, or all four loops in one method, were not inlined: 2.5–3 times slower).
     */
    static int mix(float a, float[] x, float b, float[] e, int channels, int[] argb, int from, int to) {
        int end = from + (to - from) / L * L;
        if (channels == 1) {
            if (e == null) scaled(greyScaled, a, x, argb, from, end);
            else mixed(greyMix, a, x, b, e, argb, from, end);
        } else {
            if (e == null) scaled(rgbScaled, a, x, argb, from, end);
            else mixed(rgbMix, a, x, b, e, argb, from, end);
        }
        return end;
    }

    private static void greyScaled(float a, float[] x, int[] argb, int from, int end) {
        for (int i = from; i < end; i += L) {
            IntVector g = bytes(FloatVector.fromArray(F, x, i).mul(a));
            g.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(g).or(0xFF000000).intoArray(argb, i);
        }
    }

    private static void greyMix(float a, float[] x, float b, float[] e, int[] argb, int from, int end) {
        for (int i = from; i < end; i += L) {
            IntVector g = bytes(FloatVector.fromArray(F, x, i).mul(a).add(FloatVector.fromArray(F, e, i).mul(b)));
            g.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(g).or(0xFF000000).intoArray(argb, i);
        }
    }

    private static void rgbScaled(float a, float[] x, int[] argb, int from, int end) {
        int n = argb.length;
        for (int i = from; i < end; i += L) {
            IntVector r = bytes(FloatVector.fromArray(F, x, i).mul(a)), g = bytes(FloatVector.fromArray(F, x, n + i).mul(a)),
                    bl = bytes(FloatVector.fromArray(F, x, 2 * n + i).mul(a));
            r.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(bl).or(0xFF000000).intoArray(argb, i);
        }
    }

    private static void rgbMix(float a, float[] x, float b, float[] e, int[] argb, int from, int end) {
        int n = argb.length;
        for (int i = from; i < end; i += L) {
            IntVector r = bytes(FloatVector.fromArray(F, x, i).mul(a).add(FloatVector.fromArray(F, e, i).mul(b)));
            IntVector g = bytes(FloatVector.fromArray(F, x, n + i).mul(a).add(FloatVector.fromArray(F, e, n + i).mul(b)));
            IntVector bl = bytes(FloatVector.fromArray(F, x, 2 * n + i).mul(a).add(FloatVector.fromArray(F, e, 2 * n + i).mul(b)));
            r.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(bl).or(0xFF000000).intoArray(argb, i);
        }
    }

    /** x_t = a·x + b·e into argb and the signal a·x into signal, in one pass; returns where it stopped. */
    static int pair(float a, float[] x, float b, float[] e, int channels, int[] argb, int[] signal, int from, int to) {
        int end = from + (to - from) / L * L;
        if (channels == 1) {
            try {
                greyPair.invokeExact(a, x, b, e, argb, signal, from, end);
            } catch (Throwable t) {
                throw unchecked(t);
            }
        } else { // two passes: one loop with six conversions is past C2's inlining budget (3× slower than two)
            mixed(rgbMix, a, x, b, e, argb, from, end);
            scaled(rgbScaled, a, x, signal, from, end);
        }
        return end;
    }

    private static void greyPair(float a, float[] x, float b, float[] e, int[] argb, int[] signal, int from, int end) {
        for (int i = from; i < end; i += L) {
            FloatVector s = FloatVector.fromArray(F, x, i).mul(a);
            IntVector g = bytes(s.add(FloatVector.fromArray(F, e, i).mul(b)));
            g.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(g).or(0xFF000000).intoArray(argb, i);
            g = bytes(s);
            g.lanewise(VectorOperators.LSHL, 16).or(g.lanewise(VectorOperators.LSHL, 8)).or(g).or(0xFF000000).intoArray(signal, i);
        }
    }
}

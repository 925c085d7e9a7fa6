package org.diffusionexplorer.core.forward;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Turns planar C×H×W model-space values into packed opaque ARGB pixels, fused with the forward mix so a scrub frame
 * is one pass over memory: v = a·x + b·e, pixel = round((clamp(v, −1, 1) + 1)·127.5). One channel is shown as grey.
 * The same pass sums (v − x)² for the PSNR readout.
 */
public final class FrameRenderer {
    private static final int CHUNK_PIXELS = 1 << 15;
    /** The Vector API loops ({@link VecFrame}) exist where the incubator module is loaded and vectors hold 8+ floats. */
    private static final boolean VECTOR_LOOPS = vectorLoops();
    /**
     * They are used once compiled: until C2 has compiled them they run far slower than the scalar loops (measured:
     * a first 1024² frame 480 ms against 34 ms, a 192² thumbnail still 7 ms after a dozen calls against 0.3 ms), so
     * the first render starts a warm-up on a background thread and the scalar loops serve until it is done.
     */
    private static volatile boolean vectorReady;
    private static final AtomicBoolean WARMING = new AtomicBoolean();
    private static final CountDownLatch WARMED = new CountDownLatch(1);
    private static volatile boolean deferred;

    private static boolean vector() {
        if (vectorReady) return true;
        if (!deferred) warmUpInBackground();
        return false;
    }

    /**
     * The window calls this before its first frame: the warm-up (about a second of one core) would compete with
     * the start-up, so it waits for {@link #warmUpInBackground}, which the window calls once it is shown.
     */
    public static void deferWarmUp() {
        deferred = true;
    }

    /** Starts compiling the vector loops on a background thread (once; nothing where they are not available). */
    public static void warmUpInBackground() {
        if (VECTOR_LOOPS && WARMING.compareAndSet(false, true)) {
            Thread t = new Thread(FrameRenderer::warmUp, "de-frame-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /**
     * Runs every vector loop until C2 has compiled it, then switches to them. Compiled, the loops allocate nothing;
     * not yet compiled, the Vector API boxes every vector (hundreds of MB a second), so a round of calls that
     * allocates (almost) nothing is the sign. A fixed count was not enough: it let the loops in while C2 had compiled
     * only their on-stack-replacement versions, and frames ran 20× slower for two more seconds. The scalar
     * loops serve until then.
     */
    private static void warmUp() {
        try {
            int n = 64; // short loops: many calls, so the methods' own entries are compiled, and little garbage meanwhile
            float[] x = new float[3 * n], e = new float[3 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 255) / 127.5f - 1f;
                e[i] = ((i * 7919) % 511) / 255f - 1f;
            }
            int[] argb = new int[n], signal = new int[n];
            for (int round = 0; ; round++) {
                long before = allocatedBytes();
                for (int k = 0; k < 50; k++) {
                    for (int c = 1; c <= 3; c += 2) {
                        VecFrame.mix(0.6f, x, 0.8f, e, c, argb, 0, n);
                        VecFrame.mix(0.6f, x, 0f, null, c, argb, 0, n);
                        VecFrame.pair(0.6f, x, 0.8f, e, c, argb, signal, 0, n);
                    }
                }
                long used = allocatedBytes() - before;
                // compiled: under 1 kB a round (the allocation counter's own); not yet: megabytes
                if (round >= 20 && (before >= 0 ? used < 4096 : round >= 400)) {
                    vectorReady = true;
                    return;
                }
                // paced, more slowly the longer it takes (a busy JIT, a JVM that never compiles them): the boxed
                // vectors of uncompiled loops are garbage (they had caused a young collection every ~100 ms while the
                // schedule-edit benchmark ran, pausing the FX thread too). No deadline: a fixed one (20 s) ran out
                // while the test suite kept both cores busy
                if (round >= 20) Thread.sleep(Math.min(500, 10 + (round - 20) / 10));
            }
        } catch (RuntimeException | LinkageError e) {
            // the scalar loops stay in use
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WARMED.countDown();
        }
    }

    /** Bytes this thread has allocated so far, or −1 where the JVM does not say. */
    private static long allocatedBytes() {
        try {
            if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
                return t.getCurrentThreadAllocatedBytes();
            }
        } catch (RuntimeException | LinkageError e) {
            // not available
        }
        return -1;
    }

    /**
     * Waits until the vector loops are compiled and in use (or are not available), at most two minutes; for
     * benchmarks and tests. Returns whether they are in use.
     */
    public static boolean awaitVectorLoops() throws InterruptedException {
        if (!VECTOR_LOOPS) return false;
        warmUpInBackground();
        WARMED.await(2, java.util.concurrent.TimeUnit.MINUTES);
        return vectorReady;
    }

    /** Whether this JVM has the vector loops at all (the incubator module, 8+ float lanes). */
    static boolean vectorLoopsAvailable() {
        return VECTOR_LOOPS;
    }

    private static boolean vectorLoops() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VecFrame.lanes() >= 8;
        } catch (LinkageError e) {
            return false;
        }
    }

    private FrameRenderer() {
    }

    /**
     * Renders v = a·x + b·e into {@code argb}. With b = 0, e may be null. The arrays hold {@code channels} planes of
     * {@code argb.length} pixels. Parallel over chunks of pixels for large images.
     */
    public static void render(float a, float[] x, float b, float[] e, int channels, int[] argb) {
        int pixels = argb.length;
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
        if (x.length != pixels * channels || (e != null && e.length != x.length)) {
            throw new IllegalArgumentException("planes do not match the pixel count");
        }
        int chunks = (pixels + CHUNK_PIXELS - 1) / CHUNK_PIXELS;
        if (chunks <= 2) {
            renderRange(a, x, b, e, channels, argb, 0, pixels);
        } else {
            IntStream.range(0, chunks).parallel().forEach(
                    c -> renderRange(a, x, b, e, channels, argb, c * CHUNK_PIXELS, Math.min(pixels, (c + 1) * CHUNK_PIXELS)));
        }
    }

    /**
     * One pass for two panels: x_t = a·x + b·e into {@code argb} and the signal a·x into {@code signal}
     * (reads x once; the scrub's hot path).
     */
    public static void renderWithSignal(float a, float[] x, float b, float[] e, int channels, int[] argb, int[] signal) {
        int pixels = argb.length;
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
        if (x.length != pixels * channels || e.length != x.length || signal.length != pixels) {
            throw new IllegalArgumentException("planes do not match the pixel count");
        }
        int chunks = (pixels + CHUNK_PIXELS - 1) / CHUNK_PIXELS;
        if (chunks <= 2) {
            pairRange(a, x, b, e, channels, argb, signal, 0, pixels);
        } else {
            IntStream.range(0, chunks).parallel().forEach(c ->
                    pairRange(a, x, b, e, channels, argb, signal, c * CHUNK_PIXELS, Math.min(pixels, (c + 1) * CHUNK_PIXELS)));
        }
    }

    private static void pairRange(float a, float[] x, float b, float[] e, int channels, int[] argb, int[] signal, int from, int to) {
        int n = argb.length;
        if (vector()) from = VecFrame.pair(a, x, b, e, channels, argb, signal, from, to);
        if (channels == 1) {
            for (int i = from; i < to; i++) {
                float s = a * x[i];
                int g = byteOf(s + b * e[i]), q = byteOf(s);
                argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
                signal[i] = 0xFF000000 | q << 16 | q << 8 | q;
            }
        } else {
            for (int i = from; i < to; i++) {
                float sr = a * x[i], sg = a * x[n + i], sb = a * x[2 * n + i];
                argb[i] = 0xFF000000 | byteOf(sr + b * e[i]) << 16 | byteOf(sg + b * e[n + i]) << 8 | byteOf(sb + b * e[2 * n + i]);
                signal[i] = 0xFF000000 | byteOf(sr) << 16 | byteOf(sg) << 8 | byteOf(sb);
            }
        }
    }

    // v is computed exactly as the closed form does (a·x + b·e in float), so pixels equal toByte(x_t) bit for bit
    private static void renderRange(float a, float[] x, float b, float[] e, int channels, int[] argb, int from, int to) {
        int n = argb.length;
        if (vector()) from = VecFrame.mix(a, x, b, e, channels, argb, from, to);
        if (e == null) {
            renderScaled(a, x, channels, argb, from, to);
            return;
        }
        float[] ee = e;
        float bb = b;
        if (channels == 1) {
            for (int i = from; i < to; i++) {
                int g = byteOf(a * x[i] + bb * ee[i]);
                argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        } else {
            for (int i = from; i < to; i++) {
                int r = byteOf(a * x[i] + bb * ee[i]);
                int g = byteOf(a * x[n + i] + bb * ee[n + i]);
                int bl = byteOf(a * x[2 * n + i] + bb * ee[2 * n + i]);
                argb[i] = 0xFF000000 | r << 16 | g << 8 | bl;
            }
        }
    }

    private static void renderScaled(float a, float[] x, int channels, int[] argb, int from, int to) {
        int n = argb.length;
        if (channels == 1) {
            for (int i = from; i < to; i++) {
                int g = byteOf(a * x[i]);
                argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        } else {
            for (int i = from; i < to; i++) {
                argb[i] = 0xFF000000 | byteOf(a * x[i]) << 16 | byteOf(a * x[n + i]) << 8
                        | byteOf(a * x[2 * n + i]);
            }
        }
    }

    /** Same result as {@link #toByte} with integer clamping (NaN: (int) NaN is 0). */
    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, (int) Math.rint(v * 127.5f + 127.5f)));
    }

    /**
     * Model value in [−1, 1] to a byte 0..255: (v + 1)·127.5, computed as v·127.5 + 127.5 in float, rounded half to
     * even (exact ties of a float are rare; the rounding is the one the vector loops can do exactly) and clamped;
     * NaN gives 0. The exact inverse of p/127.5 − 1 for bytes.
     */
    public static int toByte(float v) {
        float s = v * 127.5f + 127.5f;
        if (!(s > 0f)) return 0; // also NaN
        return s >= 255f ? 255 : (int) Math.rint(s);
    }

    /** Byte 0..255 to model space [−1, 1]. */
    public static float fromByte(int p) {
        return p / 127.5f - 1f;
    }

    /**
     * Σ(x_t − x_0)² for x_t = a·x + b·e without a pass over the pixels, from the image's moments:
     * Σ((a−1)x + b·e)² = (a−1)²·Σx² + 2(a−1)b·Σxe + b²·Σe².
     */
    public record Moments(double sumXX, double sumXE, double sumEE, long n) {
        public static Moments of(float[] x, float[] e) {
            double xx = 0, xe = 0, ee = 0;
            for (int i = 0; i < x.length; i++) {
                xx += (double) x[i] * x[i];
                xe += (double) x[i] * e[i];
                ee += (double) e[i] * e[i];
            }
            return new Moments(xx, xe, ee, x.length);
        }

        public double sumSquaredError(double a, double b) {
            double am1 = a - 1;
            return Math.max(0, am1 * am1 * sumXX + 2 * am1 * b * sumXE + b * b * sumEE);
        }
    }

    /** PSNR in dB of x_t against x_0 in model space (peak-to-peak 2) from Σ(x_t − x_0)² over n values. */
    public static double psnr(double sumSquares, long n) {
        double mse = sumSquares / n;
        return mse <= 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(4.0 / mse);
    }
}

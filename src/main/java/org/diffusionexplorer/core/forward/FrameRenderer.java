package org.diffusionexplorer.core.forward;

import java.util.stream.IntStream;

/**
 * Turns planar C×H×W model-space values into packed opaque ARGB pixels, fused with the forward mix so a scrub frame
 * is one pass over memory: v = a·x + b·e, pixel = round((clamp(v, −1, 1) + 1)·127.5). One channel is shown as grey.
 * The same pass sums (v − x)² for the PSNR readout.
 */
public final class FrameRenderer {
    private static final int CHUNK_PIXELS = 1 << 15;

    private FrameRenderer() {
    }

    /**
     * Renders v = a·x + b·e into {@code argb}; returns Σ(v − x)² over all values (unclamped, model space).
     * With b = 0, e may be null. The arrays hold {@code channels} planes of {@code argb.length} pixels.
     */
    public static double render(float a, float[] x, float b, float[] e, int channels, int[] argb) {
        int pixels = argb.length;
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
        if (x.length != pixels * channels || (e != null && e.length != x.length)) {
            throw new IllegalArgumentException("planes do not match the pixel count");
        }
        int chunks = (pixels + CHUNK_PIXELS - 1) / CHUNK_PIXELS;
        if (chunks <= 2) return renderRange(a, x, b, e, channels, argb, 0, pixels);
        return IntStream.range(0, chunks).parallel()
                .mapToDouble(c -> renderRange(a, x, b, e, channels, argb, c * CHUNK_PIXELS, Math.min(pixels, (c + 1) * CHUNK_PIXELS)))
                .sum();
    }

    private static double renderRange(float a, float[] x, float b, float[] e, int channels, int[] argb, int from, int to) {
        int n = argb.length;
        float[] ee = e == null ? x : e;
        float bb = e == null ? 0f : b;
        double sq = 0;
        float am1 = a - 1f;
        if (channels == 1) {
            for (int i = from; i < to; i++) {
                float xv = x[i], ev = ee[i];
                float v = a * xv + bb * ev;
                float d = am1 * xv + bb * ev;
                sq += d * d;
                int g = toByte(v);
                argb[i] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        } else {
            for (int i = from; i < to; i++) {
                float xr = x[i], xg = x[n + i], xb = x[2 * n + i];
                float er = ee[i], eg = ee[n + i], eb = ee[2 * n + i];
                float dr = am1 * xr + bb * er, dg = am1 * xg + bb * eg, db = am1 * xb + bb * eb;
                sq += dr * dr + dg * dg + db * db;
                argb[i] = 0xFF000000 | toByte(a * xr + bb * er) << 16 | toByte(a * xg + bb * eg) << 8 | toByte(a * xb + bb * eb);
            }
        }
        return sq;
    }

    /** Model value in [−1, 1] to a byte 0..255, rounding half up; exact inverse of p/127.5 − 1 for bytes. */
    public static int toByte(float v) {
        float s = v * 127.5f + 128f;
        s = s < 0f ? 0f : (s > 255.5f ? 255.5f : s);
        int q = (int) s;
        return q > 255 ? 255 : q;
    }

    /** Byte 0..255 to model space [−1, 1]. */
    public static float fromByte(int p) {
        return p / 127.5f - 1f;
    }

    /** PSNR in dB of x_t against x_0 in model space (peak-to-peak 2) from Σ(x_t − x_0)² over n values. */
    public static double psnr(double sumSquares, long n) {
        double mse = sumSquares / n;
        return mse <= 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(4.0 / mse);
    }
}

package org.diffusionexplorer.core.tensor;

/** Resizing of planar C×H×W images. */
public final class Resample {
    private Resample() {
    }

    /**
     * Area-averaging resize (each output pixel is the mean of the input area it covers, with fractional edges):
     * the right filter for downscaling; enlarging interpolates linearly.
     */
    public static Tensor area(Tensor img, int outH, int outW) {
        int c = img.dim(0), h = img.dim(1), w = img.dim(2);
        if (outH == h && outW == w) return img.copy();
        Taps tx = Taps.of(w, outW), ty = Taps.of(h, outH);
        float[] src = img.data(), tmp = new float[c * h * outW], out = new float[c * outH * outW];
        for (int row = 0; row < c * h; row++) {
            for (int ox = 0; ox < outW; ox++) {
                double s = 0;
                for (int k = 0; k < tx.index[ox].length; k++) s += tx.weight[ox][k] * src[row * w + tx.index[ox][k]];
                tmp[row * outW + ox] = (float) s;
            }
        }
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    double s = 0;
                    for (int k = 0; k < ty.index[oy].length; k++) {
                        s += ty.weight[oy][k] * tmp[(ch * h + ty.index[oy][k]) * outW + ox];
                    }
                    out[(ch * outH + oy) * outW + ox] = (float) s;
                }
            }
        }
        return new Tensor(out, c, outH, outW);
    }

    /** For each output position, the input indices and weights that make it (weights sum to 1). */
    private record Taps(int[][] index, double[][] weight) {
        static Taps of(int in, int out) {
            int[][] idx = new int[out][];
            double[][] wt = new double[out][];
            double scale = (double) in / out;
            for (int o = 0; o < out; o++) {
                if (scale <= 1) {
                    double centre = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
                    int i0 = (int) Math.floor(centre), i1 = Math.min(in - 1, i0 + 1);
                    double f = centre - i0;
                    idx[o] = new int[]{i0, i1};
                    wt[o] = new double[]{1 - f, f};
                } else {
                    double start = o * scale, end = (o + 1) * scale;
                    int first = (int) Math.floor(start), last = Math.min(in - 1, (int) Math.ceil(end) - 1);
                    idx[o] = new int[last - first + 1];
                    wt[o] = new double[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        idx[o][i - first] = i;
                        wt[o][i - first] = (Math.min(end, i + 1) - Math.max(start, i)) / scale;
                    }
                }
            }
            return new Taps(idx, wt);
        }
    }

    /** Centre crop to a square of the shorter side. */
    public static Tensor centreCropSquare(Tensor img) {
        int c = img.dim(0), h = img.dim(1), w = img.dim(2), s = Math.min(h, w);
        if (h == w) return img.copy();
        int oy = (h - s) / 2, ox = (w - s) / 2;
        float[] out = new float[c * s * s];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < s; y++)
                System.arraycopy(img.data(), (ch * h + y + oy) * w + ox, out, (ch * s + y) * s, s);
        return new Tensor(out, c, s, s);
    }

    /** Size that fits within maxSide keeping the aspect ratio (never enlarges); returns {h, w}. */
    public static int[] fit(int h, int w, int maxSide) {
        if (Math.max(h, w) <= maxSide) return new int[]{h, w};
        double s = (double) maxSide / Math.max(h, w);
        return new int[]{Math.max(1, (int) Math.round(h * s)), Math.max(1, (int) Math.round(w * s))};
    }
}

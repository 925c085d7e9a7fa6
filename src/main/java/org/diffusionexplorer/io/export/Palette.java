package org.diffusionexplorer.io.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A colour table of at most 256 RGB entries for GIF frames. Exact when the pixels it is built from hold 256
 * colours or fewer (then those pixels map to themselves); otherwise a median cut (Heckbert 1982) over a 5-bit-per-
 * channel histogram. Colours not in the table map to the nearest entry, cached per 5-bit cell.
 */
final class Palette {
    private final int[] rgb;          // entries, 0xRRGGBB
    private final int[] exactKeys;    // open addressing: colour + 1 (0 = empty) → index
    private final byte[] exactIdx;
    private final short[] nearest = new short[1 << 15];

    private Palette(int[] rgb) {
        this.rgb = rgb;
        int cap = 1024;
        exactKeys = new int[cap];
        exactIdx = new byte[cap];
        for (int i = 0; i < rgb.length; i++) put(rgb[i], i);
        Arrays.fill(nearest, (short) -1);
    }

    int size() { return rgb.length; }

    int color(int i) { return rgb[i]; }

    /** The table for these pixels (ARGB; alpha ignored), sampling every {@code step}-th pixel for the histogram. */
    static Palette of(List<int[]> frames) {
        int[] unique = new int[257];
        int n = 0;
        IntSet seen = new IntSet();
        outer:
        for (int[] f : frames) {
            for (int p : f) {
                int c = p & 0xFFFFFF;
                if (seen.add(c)) {
                    if (n == 256) { n = 257; break outer; }
                    unique[n++] = c;
                }
            }
        }
        if (n <= 256) return new Palette(Arrays.copyOf(unique, Math.max(1, n)));
        int[] hist = new int[1 << 15];
        for (int[] f : frames) {
            int step = Math.max(1, f.length / 65536);
            for (int i = 0; i < f.length; i += step) hist[key(f[i])]++;
        }
        return new Palette(medianCut(hist, 256));
    }

    private static int key(int c) {
        return ((c >> 19) & 31) << 10 | ((c >> 11) & 31) << 5 | ((c >> 3) & 31);
    }

    private static int[] medianCut(int[] hist, int colours) {
        List<int[]> boxes = new ArrayList<>(); // each box: list of occupied cell keys
        int m = 0;
        int[] all = new int[hist.length];
        for (int k = 0; k < hist.length; k++) if (hist[k] > 0) all[m++] = k;
        boxes.add(Arrays.copyOf(all, m));
        while (boxes.size() < colours) {
            // split the box with the most pixels that has more than one cell, along its longest axis, at the median
            int best = -1;
            long bestCount = 0;
            for (int b = 0; b < boxes.size(); b++) {
                int[] box = boxes.get(b);
                if (box.length < 2) continue;
                long cnt = 0;
                for (int k : box) cnt += hist[k];
                if (cnt > bestCount) { bestCount = cnt; best = b; }
            }
            if (best < 0) break;
            int[] box = boxes.remove(best);
            int axis = longestAxis(box);
            Integer[] sorted = Arrays.stream(box).boxed().sorted(Comparator.comparingInt(k -> channel(k, axis))).toArray(Integer[]::new);
            long half = bestCount / 2, acc = 0;
            int cut = 1;
            for (int i = 0; i < sorted.length - 1; i++) {
                acc += hist[sorted[i]];
                cut = i + 1;
                if (acc >= half) break;
            }
            int[] a = new int[cut], c = new int[sorted.length - cut];
            for (int i = 0; i < sorted.length; i++) if (i < cut) a[i] = sorted[i]; else c[i - cut] = sorted[i];
            boxes.add(a);
            boxes.add(c);
        }
        int[] out = new int[boxes.size()];
        for (int b = 0; b < out.length; b++) {
            long r = 0, g = 0, bl = 0, cnt = 0;
            for (int k : boxes.get(b)) {
                long h = hist[k];
                r += h * (channel(k, 0) * 8 + 4);
                g += h * (channel(k, 1) * 8 + 4);
                bl += h * (channel(k, 2) * 8 + 4);
                cnt += h;
            }
            out[b] = (int) (r / cnt) << 16 | (int) (g / cnt) << 8 | (int) (bl / cnt);
        }
        return out;
    }

    private static int channel(int key, int axis) {
        return (key >> (10 - 5 * axis)) & 31;
    }

    private static int longestAxis(int[] box) {
        int best = 0, bestRange = -1;
        for (int a = 0; a < 3; a++) {
            int lo = 31, hi = 0;
            for (int k : box) {
                int v = channel(k, a);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi - lo > bestRange) { bestRange = hi - lo; best = a; }
        }
        return best;
    }

    private void put(int c, int idx) {
        int mask = exactKeys.length - 1, h = mix(c) & mask;
        while (exactKeys[h] != 0 && exactKeys[h] != c + 1) h = (h + 1) & mask;
        exactKeys[h] = c + 1;
        exactIdx[h] = (byte) idx;
    }

    private static int mix(int c) {
        int h = c * 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    /** Index of the colour (exact when it is in the table, else the nearest entry). */
    int index(int argb) {
        int c = argb & 0xFFFFFF;
        int mask = exactKeys.length - 1, h = mix(c) & mask;
        while (exactKeys[h] != 0) {
            if (exactKeys[h] == c + 1) return exactIdx[h] & 0xFF;
            h = (h + 1) & mask;
        }
        int k = key(c);
        short n = nearest[k];
        if (n < 0) {
            n = (short) nearestTo(((k >> 10) & 31) * 8 + 4, ((k >> 5) & 31) * 8 + 4, (k & 31) * 8 + 4);
            nearest[k] = n;
        }
        return n;
    }

    private int nearestTo(int r, int g, int b) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < rgb.length; i++) {
            int dr = ((rgb[i] >> 16) & 255) - r, dg = ((rgb[i] >> 8) & 255) - g, db = (rgb[i] & 255) - b;
            long d = 2L * dr * dr + 4L * dg * dg + 3L * db * db;
            if (d < bestD) { bestD = d; best = i; }
        }
        return best;
    }

    /** Indices of a frame, optionally with Floyd–Steinberg error diffusion. */
    byte[] map(int[] argb, int w, int h, boolean dither) {
        byte[] out = new byte[w * h];
        if (!dither) {
            for (int i = 0; i < out.length; i++) out[i] = (byte) index(argb[i]);
            return out;
        }
        float[] err = new float[(w + 2) * 3 * 2];
        for (int y = 0; y < h; y++) {
            int cur = (y & 1) * (w + 2) * 3, nxt = ((y + 1) & 1) * (w + 2) * 3;
            Arrays.fill(err, nxt, nxt + (w + 2) * 3, 0f);
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x], e = cur + (x + 1) * 3;
                int r = clamp(((p >> 16) & 255) + Math.round(err[e])), g = clamp(((p >> 8) & 255) + Math.round(err[e + 1])), b = clamp((p & 255) + Math.round(err[e + 2]));
                int idx = index(r << 16 | g << 8 | b);
                out[y * w + x] = (byte) idx;
                int q = rgb[idx];
                float er = r - ((q >> 16) & 255), eg = g - ((q >> 8) & 255), eb = b - (q & 255);
                diffuse(err, e + 3, er, eg, eb, 7 / 16f);
                diffuse(err, nxt + x * 3, er, eg, eb, 3 / 16f);
                diffuse(err, nxt + (x + 1) * 3, er, eg, eb, 5 / 16f);
                diffuse(err, nxt + (x + 2) * 3, er, eg, eb, 1 / 16f);
            }
        }
        return out;
    }

    private static void diffuse(float[] err, int at, float r, float g, float b, float wgt) {
        err[at] += r * wgt;
        err[at + 1] += g * wgt;
        err[at + 2] += b * wgt;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    /** A small open-addressing set of ints (colours), growing as needed. */
    private static final class IntSet {
        private int[] keys = new int[1024];
        private int n;

        boolean add(int c) {
            if (2 * (n + 1) > keys.length) grow();
            int mask = keys.length - 1, h = mix(c) & mask;
            while (keys[h] != 0) {
                if (keys[h] == c + 1) return false;
                h = (h + 1) & mask;
            }
            keys[h] = c + 1;
            n++;
            return true;
        }

        private void grow() {
            int[] old = keys;
            keys = new int[old.length * 2];
            n = 0;
            for (int k : old) if (k != 0) add(k - 1);
        }
    }
}

package org.diffusionexplorer.runtime.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GroupNorm + SiLU inner loops on the Vector API, for one (sample, group) job of {@link GroupNormSilu}: the same
 * arithmetic as its scalar loops (sigmoid from {@link FastMath}'s rational tanh), with the reductions vectorised
 * (C2 does not vectorise float sums on its own) and the backward pass fused into one sweep per channel.
 * Only touched when {@link VecSupport#enabled()}.
 */
final class VecNorm {
    private static final VectorSpecies<Float> S = VecConv.S;
    private static final int L = S.length();

    private VecNorm() {
    }

    /** {@link FastMath#sigmoid} lane-wise: ½ + ½·tanh(z/2) with the same rational tanh. */
    private static FloatVector sigmoid(FloatVector z) {
        FloatVector c = z.mul(0.5f).max(-FastMath.CLAMP).min(FastMath.CLAMP);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.fma(FastMath.A13, FastMath.A11);
        p = x2.fma(p, FloatVector.broadcast(S, FastMath.A9));
        p = x2.fma(p, FloatVector.broadcast(S, FastMath.A7));
        p = x2.fma(p, FloatVector.broadcast(S, FastMath.A5));
        p = x2.fma(p, FloatVector.broadcast(S, FastMath.A3));
        p = x2.fma(p, FloatVector.broadcast(S, FastMath.A1));
        p = c.mul(p);
        FloatVector q = x2.fma(FastMath.B6, FastMath.B4);
        q = x2.fma(q, FloatVector.broadcast(S, FastMath.B2));
        q = x2.fma(q, FloatVector.broadcast(S, FastMath.B0));
        return p.div(q).fma(0.5f, 0.5f);
    }

    /** {@link #TAIL} from offset rem: lanes i ≥ L − rem are 1, the others 0 (the lanes a last, overlapping vector adds anew). */
    private static final float[] TAIL = new float[2 * L];

    static {
        java.util.Arrays.fill(TAIL, L, 2 * L, 1f);
    }

    /**
     * Σ d[off..off+len). The values after the last whole vector are added by one more vector, ending at off+len and
     * overlapping the one before, with the lanes already added multiplied by 0 (a scalar tail cost more than the
     * vectors at 7 × 7 and 28 × 28, whose planes are 3 vectors + 1 and 24 double vectors + 16).
     */
    static double sum(float[] d, int off, int len) {
        if (len < L) return scalarSum(d, off, len);
        FloatVector a = FloatVector.zero(S), b = a;
        int k = off, end = off + len;
        for (; k + 2 * L <= end; k += 2 * L) {
            a = a.add(FloatVector.fromArray(S, d, k));
            b = b.add(FloatVector.fromArray(S, d, k + L));
        }
        if (k + L <= end) {
            a = a.add(FloatVector.fromArray(S, d, k));
            k += L;
        }
        if (k < end) b = FloatVector.fromArray(S, d, end - L).fma(FloatVector.fromArray(S, TAIL, end - k), b);
        float[] l = new float[L];
        a.add(b).intoArray(l, 0);
        return lanes(l);
    }

    private static double scalarSum(float[] d, int off, int len) {
        double s = 0;
        for (int k = off; k < off + len; k++) s += d[k];
        return s;
    }

    /**
     * The lanes of a vector, stored by the caller, added in lane order (reduceLanes' order differs between the
     * interpreter and C2; and a helper taking the vector itself may not be inlined, which boxes it).
     */
    private static double lanes(float[] l) {
        double s = 0;
        for (float x : l) s += x;
        return s;
    }

    /** Σ (d − m)² over [off, off+len), the tail as in {@link #sum}. */
    static double centredSquares(float[] d, int off, int len, float m) {
        if (len < L) {
            double s = 0;
            for (int k = off; k < off + len; k++) s += (d[k] - m) * (d[k] - m);
            return s;
        }
        FloatVector a = FloatVector.zero(S), b = a;
        int k = off, end = off + len;
        for (; k + 2 * L <= end; k += 2 * L) {
            FloatVector u = FloatVector.fromArray(S, d, k).sub(m), v = FloatVector.fromArray(S, d, k + L).sub(m);
            a = u.fma(u, a);
            b = v.fma(v, b);
        }
        if (k + L <= end) {
            FloatVector u = FloatVector.fromArray(S, d, k).sub(m);
            a = u.fma(u, a);
            k += L;
        }
        if (k < end) {
            FloatVector u = FloatVector.fromArray(S, d, end - L).sub(m).mul(FloatVector.fromArray(S, TAIL, end - k));
            b = u.fma(u, b);
        }
        float[] l = new float[L];
        a.add(b).intoArray(l, 0);
        return lanes(l);
    }

    /**
     * out = silu ? z·σ(z) : z with z = γ·x̂ + β, x̂ = (d − m)·r, over [off, off+len). Element-wise, so the values
     * after the last whole vector come from one more vector ending at off+len, which writes some values again.
     */
    static void normalise(float[] d, float[] out, int off, int len, float m, float r, float gc, float bc, boolean silu) {
        int end = off + len;
        if (len < L) {
            for (int k = off; k < end; k++) {
                float z = gc * ((d[k] - m) * r) + bc;
                out[k] = silu ? z * FastMath.sigmoid(z) : z;
            }
            return;
        }
        for (int k = off; ; k += L) {
            if (k + L > end) {
                if (k == end) return;
                k = end - L;
            }
            FloatVector z = FloatVector.fromArray(S, d, k).sub(m).mul(r).fma(gc, bc);
            (silu ? z.mul(sigmoid(z)) : z).intoArray(out, k);
            if (k == end - L) return;
        }
    }

    /**
     * dz = dy·silu'(z) (or dy without SiLU) into out over [off, off+len), with x̂ = (x − m)·r recomputed from the
     * forward's input, returning {Σ dz, Σ dz·x̂} in sums[0..1] (the tail as in {@link #sum}). out may be dy.
     */
    static void siluBackward(float[] dy, float[] x, float m, float r, float[] out, int off, int len, float gc, float bc, boolean silu, double[] sums) {
        int end = off + len;
        if (len < L) {
            double a = 0, b = 0;
            for (int k = off; k < end; k++) {
                float xh = (x[k] - m) * r, dz;
                if (silu) {
                    float z = gc * xh + bc, sg = FastMath.sigmoid(z);
                    dz = dy[k] * sg * (1f + z * (1f - sg));
                } else {
                    dz = dy[k];
                }
                out[k] = dz;
                a += dz;
                b += dz * xh;
            }
            sums[0] = a;
            sums[1] = b;
            return;
        }
        FloatVector sd = FloatVector.zero(S), sx = sd;
        // dy of the last vector, read before the loop: out may be dy (GroupNormSilu writes in place), and the last
        // vector overlaps values the loop has already replaced
        FloatVector gLast = FloatVector.fromArray(S, dy, end - L);
        for (int k = off; ; k += L) {
            boolean last = k + L >= end;
            int at = last ? end - L : k;
            FloatVector xh = FloatVector.fromArray(S, x, at).sub(m).mul(r), g = last ? gLast : FloatVector.fromArray(S, dy, at);
            FloatVector dz;
            if (silu) {
                FloatVector z = xh.fma(gc, bc), sg = sigmoid(z);
                dz = g.mul(sg).mul(z.mul(sg.neg().add(1f)).add(1f));
            } else {
                dz = g;
            }
            dz.intoArray(out, at);
            if (at != k) dz = dz.mul(FloatVector.fromArray(S, TAIL, end - k)); // the lanes before k are summed already
            sd = sd.add(dz);
            sx = dz.fma(xh, sx);
            if (last) break;
        }
        float[] l = new float[L];
        sd.intoArray(l, 0);
        sums[0] = lanes(l);
        sx.intoArray(l, 0);
        sums[1] = lanes(l);
    }

    /** out = gr·out − ar − br·x̂ with x̂ = (x − m)·r over [off, off+len) (in place, so the tail is scalar). */
    static void finish(float[] out, float[] x, float m, float r, int off, int len, float gr, float ar, float br) {
        int k = off, end = off + len;
        for (; k + L <= end; k += L) {
            FloatVector o = FloatVector.fromArray(S, out, k), xh = FloatVector.fromArray(S, x, k).sub(m).mul(r);
            o.mul(gr).sub(ar).sub(xh.mul(br)).intoArray(out, k);
        }
        for (; k < end; k++) out[k] = gr * out[k] - ar - br * ((x[k] - m) * r);
    }
}

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

    static double sum(float[] d, int off, int len) {
        FloatVector a = FloatVector.zero(S), b = a;
        int k = off, end = off + len;
        for (; k + 2 * L <= end; k += 2 * L) {
            a = a.add(FloatVector.fromArray(S, d, k));
            b = b.add(FloatVector.fromArray(S, d, k + L));
        }
        float[] lanes = new float[L];
        a.add(b).intoArray(lanes, 0);
        double s = 0;
        for (float v : lanes) s += v; // in lane order: reduceLanes' order differs between the interpreter and C2
        for (; k < end; k++) s += d[k];
        return s;
    }

    static double centredSquares(float[] d, int off, int len, float m) {
        FloatVector a = FloatVector.zero(S), b = a;
        int k = off, end = off + len;
        for (; k + 2 * L <= end; k += 2 * L) {
            FloatVector u = FloatVector.fromArray(S, d, k).sub(m), v = FloatVector.fromArray(S, d, k + L).sub(m);
            a = u.fma(u, a);
            b = v.fma(v, b);
        }
        float[] lanes = new float[L];
        a.add(b).intoArray(lanes, 0);
        double s = 0;
        for (float v : lanes) s += v; // in lane order (see sum)
        for (; k < end; k++) s += (d[k] - m) * (d[k] - m);
        return s;
    }

    /** xh = (d − m)·r, z = γ·xh + β, out = silu ? z·σ(z) : z over [off, off+len). */
    static void normalise(float[] d, float[] xh, float[] out, int off, int len, float m, float r, float gc, float bc, boolean silu) {
        int k = off, end = off + len;
        for (; k + L <= end; k += L) {
            FloatVector xv = FloatVector.fromArray(S, d, k).sub(m).mul(r);
            if (xh != null) xv.intoArray(xh, k); // kept for backward only
            FloatVector z = xv.fma(gc, bc);
            (silu ? z.mul(sigmoid(z)) : z).intoArray(out, k);
        }
        for (; k < end; k++) {
            float xv = (d[k] - m) * r;
            if (xh != null) xh[k] = xv;
            float z = gc * xv + bc;
            out[k] = silu ? z * FastMath.sigmoid(z) : z;
        }
    }

    /**
     * dz = dy·silu'(z) (or dy without SiLU) into out over [off, off+len), returning {Σ dz, Σ dz·xh} in sums[0..1].
     */
    static void siluBackward(float[] dy, float[] xh, float[] out, int off, int len, float gc, float bc, boolean silu, double[] sums) {
        FloatVector sd = FloatVector.zero(S), sx = sd;
        int k = off, end = off + len;
        for (; k + L <= end; k += L) {
            FloatVector x = FloatVector.fromArray(S, xh, k), g = FloatVector.fromArray(S, dy, k);
            FloatVector dz;
            if (silu) {
                FloatVector z = x.fma(gc, bc), sg = sigmoid(z);
                dz = g.mul(sg).mul(z.mul(sg.neg().add(1f)).add(1f));
            } else {
                dz = g;
            }
            dz.intoArray(out, k);
            sd = sd.add(dz);
            sx = dz.fma(x, sx);
        }
        float[] la = new float[L], lb = new float[L];
        sd.intoArray(la, 0);
        sx.intoArray(lb, 0);
        double a = 0, b = 0;
        for (int l = 0; l < L; l++) { // in lane order (see sum)
            a += la[l];
            b += lb[l];
        }
        for (; k < end; k++) {
            float dz;
            if (silu) {
                float z = gc * xh[k] + bc, sg = FastMath.sigmoid(z);
                dz = dy[k] * sg * (1f + z * (1f - sg));
            } else {
                dz = dy[k];
            }
            out[k] = dz;
            a += dz;
            b += dz * xh[k];
        }
        sums[0] = a;
        sums[1] = b;
    }

    /** out = gr·out − ar − br·xh over [off, off+len). */
    static void finish(float[] out, float[] xh, int off, int len, float gr, float ar, float br) {
        int k = off, end = off + len;
        for (; k + L <= end; k += L) {
            FloatVector o = FloatVector.fromArray(S, out, k), x = FloatVector.fromArray(S, xh, k);
            o.mul(gr).sub(ar).sub(x.mul(br)).intoArray(out, k);
        }
        for (; k < end; k++) out[k] = gr * out[k] - ar - br * xh[k];
    }
}

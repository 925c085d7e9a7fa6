package org.diffusionexplorer.runtime.engine;

import org.diffusionexplorer.runtime.MlpConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The 2-D denoiser (as tiny-diffusion): h = silu(in(concat(x, time features))); depth × h = h + silu(hidden_i(h));
 * out = out_proj(h). Parameter names follow {@code org.diffusionexplorer.runtime.MlpGraph}.
 */
public final class Mlp implements EngineModel {
    private final MlpConfig config;
    private final List<Param> params = new ArrayList<>();
    private final Linear in, outProj;
    private final List<Linear> hidden = new ArrayList<>();
    private final List<float[]> preActs = new ArrayList<>();
    private float[] inPre;
    private final ClassEmbedding classEmb;

    public Mlp(MlpConfig c, long seed) {
        config = c;
        SplittableRandom rng = new SplittableRandom(seed);
        in = new Linear("in", c.dim() + c.timeFeatures(), c.width(), false, rng, params);
        for (int i = 0; i < c.depth(); i++) hidden.add(new Linear("hidden." + i, c.width(), c.width(), false, rng, params));
        outProj = new Linear("out_proj", c.width(), c.dim(), false, rng, params);
        classEmb = c.classes() > 0 ? new ClassEmbedding("class_emb", c.classes(), c.width(), rng, params) : null;
    }

    @Override public int classes() { return config.classes(); }

    public MlpConfig config() { return config; }
    @Override public List<Param> params() { return params; }
    @Override public int[] itemShape() { return new int[]{config.dim()}; }
    @Override public int timeFeatures() { return config.timeFeatures(); }

    @Override
    public float[] forward(float[] x, int n, float[] tfeat, int[] labels, boolean keep) {
        if (classEmb == null && labels != null) {
            for (int l : labels) if (l != -1) throw new IllegalArgumentException("this network is unconditional (got class " + l + ")");
        }
        int d = config.dim(), tf = config.timeFeatures();
        float[] cat = new float[n * (d + tf)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, i * d, cat, i * (d + tf), d);
            System.arraycopy(tfeat, i * tf, cat, i * (d + tf) + d, tf);
        }
        float[] pre = in.forward(cat, n, keep);
        if (classEmb != null) classEmb.addTo(pre, n, labels, keep);
        float[] h = Linear.silu(pre);
        if (keep) {
            inPre = pre;
            preActs.clear();
        }
        for (Linear l : hidden) {
            float[] z = l.forward(h, n, keep);
            if (keep) preActs.add(z);
            float[] a = Linear.silu(z);
            for (int i = 0; i < h.length; i++) a[i] += h[i];
            h = a;
        }
        return outProj.forward(h, n, keep);
    }

    @Override
    public void backward(float[] dOut, int n) {
        float[] g = outProj.backward(dOut);
        for (int i = hidden.size() - 1; i >= 0; i--) {
            float[] dz = Linear.siluBackward(preActs.get(i), g);
            float[] dh = hidden.get(i).backward(dz);
            for (int k = 0; k < g.length; k++) g[k] += dh[k]; // residual: dL/dh = g + through the layer
        }
        float[] dPre = Linear.siluBackward(inPre, g);
        if (classEmb != null) classEmb.backward(dPre, n);
        in.backward(dPre);
    }
}

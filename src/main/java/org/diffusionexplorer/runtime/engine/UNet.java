package org.diffusionexplorer.runtime.engine;

import org.diffusionexplorer.runtime.UNetConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The DDPM UNet (Ho et al. 2020) on the GEMM engine, forward and backward written out:
 * time features → Linear → SiLU → Linear (→ SiLU, shared by every block); conv_in; per level resBlocks ResBlocks,
 * then 2×2 average pooling (except the last level); two middle ResBlocks; per level (resBlocks + 1) ResBlocks on
 * the concatenated skip, then nearest ×2 + conv (except level 0); GroupNorm, SiLU, conv_out (zero-initialised).
 * Parameter names follow {@code org.diffusionexplorer.runtime.UNetGraph}, so weights move between the two.
 */
public final class UNet implements EngineModel {
    private final UNetConfig config;
    private final List<Param> params = new ArrayList<>();
    private final Scratch scratch = new Scratch();
    private final Arena arena = new Arena();
    private final Linear time0, time1;
    private final Conv convIn, convOut;
    private final GroupNormSilu normOut;
    private final List<List<ResBlock>> down = new ArrayList<>(), up = new ArrayList<>();
    private final List<Conv> upConvs = new ArrayList<>();
    private final ResBlock mid0, mid1;
    private final ClassEmbedding classEmb;

    // forward state kept for backward
    private float[] tfeatIn, temb, tact0;
    private int[] skipChannels;
    private List<int[]> downShapes;

    public UNet(UNetConfig c, long seed) {
        if (c.attention()) throw new IllegalArgumentException("the engine UNet has no attention layer; use attention=false");
        this.config = c;
        SplittableRandom rng = new SplittableRandom(seed);
        int te = c.timeEmbedding(), g = c.groups();
        time0 = new Linear("time.0", c.timeFeatures(), te, false, rng, params);
        time1 = new Linear("time.1", te, te, false, rng, params);
        convIn = new Conv("conv_in", c.channels(), c.width(0), 3, false, rng, scratch, params);
        int levels = c.multipliers().length, ch = c.width(0);
        List<Integer> skips = new ArrayList<>();
        skips.add(ch);
        for (int l = 0; l < levels; l++) {
            List<ResBlock> blocks = new ArrayList<>();
            for (int r = 0; r < c.resBlocks(); r++) {
                blocks.add(new ResBlock("down." + l + ".res." + r, ch, c.width(l), g, te, rng, scratch, params));
                ch = c.width(l);
                skips.add(ch);
            }
            down.add(blocks);
            if (l < levels - 1) skips.add(ch);
        }
        mid0 = new ResBlock("mid.res.0", ch, ch, g, te, rng, scratch, params);
        mid1 = new ResBlock("mid.res.1", ch, ch, g, te, rng, scratch, params);
        for (int l = levels - 1; l >= 0; l--) {
            List<ResBlock> blocks = new ArrayList<>();
            for (int r = 0; r <= c.resBlocks(); r++) {
                int sw = skips.remove(skips.size() - 1);
                blocks.add(new ResBlock("up." + l + ".res." + r, ch + sw, c.width(l), g, te, rng, scratch, params));
                ch = c.width(l);
            }
            up.add(blocks);
            upConvs.add(l > 0 ? new Conv("up." + l + ".upsample", ch, ch, 3, false, rng, scratch, params) : null);
        }
        normOut = new GroupNormSilu("norm_out", ch, g, true, params);
        convOut = new Conv("conv_out", ch, c.channels(), 3, true, rng, scratch, params);
        // last, so that unconditional networks keep the initialisation they always had
        classEmb = c.classes() > 0 ? new ClassEmbedding("class_emb", c.classes(), te, rng, params) : null;
    }

    @Override public int classes() { return config.classes(); }

    public UNetConfig config() { return config; }

    @Override public List<Param> params() { return params; }

    @Override public int[] itemShape() { return new int[]{config.channels(), config.size(), config.size()}; }

    @Override public int timeFeatures() { return config.timeFeatures(); }

    /** x: [n][c][h][w]; tfeat: [n][timeFeatures]; returns [n][c][h][w]. */
    @Override
    public float[] forward(float[] xNchw, int n, float[] tfeat, int[] labels, boolean keep) {
        if (classEmb == null && labels != null) {
            for (int l : labels) if (l != -1) throw new IllegalArgumentException("this network is unconditional (got class " + l + ")");
        }
        try (Arena.Scope scope = arena.enter()) {
            arena.recycle();
            return forwardInArena(xNchw, n, tfeat, labels, keep);
        }
    }

    private float[] forwardInArena(float[] xNchw, int n, float[] tfeat, int[] labels, boolean keep) {
        int s = config.size();
        float[] t0 = time0.forward(tfeat, n, keep);
        float[] t1in = Linear.silu(t0);
        float[] tv = time1.forward(t1in, n, keep);
        if (classEmb != null) classEmb.addTo(tv, n, labels, keep); // emb = time(t) + E[class] (Ho and Salimans 2022)
        float[] tact = Linear.silu(tv);
        if (keep) {
            tfeatIn = t0;
            temb = tv;
        }
        Act h = convIn.forward(Act.fromNchw(xNchw, n, config.channels(), s, s), keep);
        Deque<Act> skips = new ArrayDeque<>();
        skips.push(h);
        int levels = down.size();
        List<int[]> shapes = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            for (ResBlock b : down.get(l)) {
                h = b.forward(h, tact, keep);
                skips.push(h);
            }
            if (l < levels - 1) {
                shapes.add(new int[]{h.h, h.w});
                long p0 = Profile.start();
                h = Resize.avgPool(h);
                Profile.lap("resize", p0);
                skips.push(h);
            }
        }
        h = mid1.forward(mid0.forward(h, tact, keep), tact, keep);
        List<Integer> sc = new ArrayList<>();
        for (int u = 0; u < up.size(); u++) {
            for (ResBlock b : up.get(u)) {
                Act sk = skips.pop();
                sc.add(h.c);
                long p0 = Profile.start();
                Act cat = Act.concat(h, sk);
                Profile.lap("concat", p0);
                h = b.forward(cat, tact, keep);
            }
            Conv uc = upConvs.get(u);
            if (uc != null) h = uc.forwardUpsampled(h, keep);
        }
        Act out = convOut.forward(normOut.forward(h, keep), keep);
        if (keep) {
            skipChannels = sc.stream().mapToInt(Integer::intValue).toArray();
            downShapes = shapes;
            tact0 = tact;
        }
        return out.toNchw();
    }

    /** Backward from dL/d(out) [n][c][h][w]; accumulates every parameter's gradient. */
    @Override
    public void backward(float[] dOutNchw, int n) {
        try (Arena.Scope scope = arena.enter()) {
            backwardInArena(dOutNchw, n);
        }
    }

    private void backwardInArena(float[] dOutNchw, int n) {
        int s = config.size();
        Act g = normOut.backward(convOut.backward(Act.fromNchw(dOutNchw, n, config.channels(), s, s)));
        float[] dTact = new float[tact0.length];
        int si = skipChannels.length - 1;
        List<Act> skipGrads = new ArrayList<>();
        for (int u = up.size() - 1; u >= 0; u--) {
            Conv uc = upConvs.get(u);
            if (uc != null) g = uc.backwardUpsampled(g);
            List<ResBlock> blocks = up.get(u);
            for (int r = blocks.size() - 1; r >= 0; r--) {
                Act dcat = blocks.get(r).backward(g, dTact);
                long p0 = Profile.start();
                Act[] parts = dcat.split(skipChannels[si--]);
                Profile.lap("concat", p0);
                g = parts[0];
                skipGrads.add(parts[1]); // gradient of the skip popped at this point
            }
        }
        // skipGrads now lists skip gradients from the last pop to the first pop = from the first push to the last
        g = mid0.backward(mid1.backward(g, dTact), dTact);
        int k = skipGrads.size() - 1; // the last pushed skip is consumed first in up = skipGrads[last]
        int levels = down.size();
        for (int l = levels - 1; l >= 0; l--) {
            if (l < levels - 1) {
                long p0 = Profile.start();
                g.addInPlace(skipGrads.get(k--));
                int[] hw = downShapes.get(l);
                g = Resize.avgPoolBackward(g, hw[0], hw[1]);
                Profile.lap("resize", p0);
            }
            List<ResBlock> blocks = down.get(l);
            for (int r = blocks.size() - 1; r >= 0; r--) {
                long p0 = Profile.start();
                g.addInPlace(skipGrads.get(k--));
                Profile.lap("add", p0);
                g = blocks.get(r).backward(g, dTact);
            }
        }
        g.addInPlace(skipGrads.get(k--));
        convIn.backward(g);
        // time MLP
        float[] dtv = Linear.siluBackward(temb, dTact);
        if (classEmb != null) classEmb.backward(dtv, n);
        float[] dt1in = time1.backward(dtv);
        time0.backward(Linear.siluBackward(tfeatIn, dt1in));
        tact0 = null;
    }
}

package org.diffusionexplorer.runtime.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The DDPM residual block: h = conv1(silu(gn1(x))) + proj(silu(temb)); h = conv2(silu(gn2(h))); out = h + skip(x),
 * skip a 1×1 convolution when the width changes. conv2 starts at zero, so each block starts as the identity.
 */
final class ResBlock {
    final GroupNormSilu norm1, norm2;
    final Conv conv1, conv2, skip;
    final Linear time;
    final int cin, cout;

    ResBlock(String name, int cin, int cout, int groups, int tembDim, SplittableRandom rng, Scratch s, List<Param> reg) {
        this.cin = cin;
        this.cout = cout;
        norm1 = new GroupNormSilu(name + ".norm1", cin, groups, true, reg);
        conv1 = new Conv(name + ".conv1", cin, cout, 3, false, rng, s, reg);
        time = new Linear(name + ".time", tembDim, cout, false, rng, reg);
        norm2 = new GroupNormSilu(name + ".norm2", cout, groups, true, reg);
        conv2 = new Conv(name + ".conv2", cout, cout, 3, true, rng, s, reg);
        skip = cin == cout ? null : new Conv(name + ".skip", cin, cout, 1, false, rng, s, reg);
    }

    Act forward(Act x, float[] tact, boolean keep) {
        long t0 = Profile.start();
        float[] tp = time.forward(tact, x.n, keep);
        Profile.lap("resblock.time", t0);
        // the time projection and the skip connection are added by the convolutions' epilogues
        Act h = conv1.forward(norm1.forward(x, keep), keep, tp, null);
        Act sk = skip == null ? x : skip.forward(x, keep);
        return conv2.forward(norm2.forward(h, keep), keep, null, sk);
    }

    /** Returns dL/dx; adds dL/d(silu(temb)) into dTact. */
    Act backward(Act dOut, float[] dTact) {
        Act dh = norm2.backward(conv2.backward(dOut));
        long t0 = Profile.start();
        int p = dh.plane(), hw = dh.h * dh.w, n = dh.n;
        float[] dtp = new float[n * cout], d = dh.data;
        Par.each(cout, p, c -> {
            for (int i = 0; i < n; i++) dtp[i * cout + c] = (float) GroupNormSilu.sum(d, c * p + i * hw, hw);
        });
        float[] dt = time.backward(dtp);
        for (int i = 0; i < dt.length; i++) dTact[i] += dt[i];
        Profile.lap("resblock.time.bwd", t0);
        Act dx = norm1.backward(conv1.backward(dh));
        Act sk = skip == null ? dOut : skip.backward(dOut);
        t0 = Profile.start();
        dx.addInPlace(sk);
        Profile.lap("add", t0);
        return dx;
    }
}

package org.diffusionexplorer.runtime;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The DDPM UNet (Ho et al. 2020, after the PyTorch port in diffusers' UNet2DModel, simplified): sinusoidal time
 * features → MLP → per-block projection; ResBlocks of GroupNorm, SiLU and 3×3 convolutions with a residual;
 * 2×2 average pooling down, nearest-neighbour ×2 + 3×3 convolution up, skip connections concatenated;
 * optional single-head self-attention at the lowest resolution; a class embedding added to the time embedding for
 * conditional networks. Placeholders: "x" [N,C,H,W], "tfeat" [N,D] (and "cls" [N,classes+1], one-hot); output "out".
 */
final class UNetGraph {
    private UNetGraph() {
    }

    static Network build(UNetConfig c, long seed) {
        GraphBuilder g = new GraphBuilder(seed);
        var sd = g.sd;
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, c.channels(), c.size(), c.size());
        SDVariable tf = sd.placeHolder("tfeat", DataType.FLOAT, -1, c.timeFeatures());
        int te = c.timeEmbedding();
        SDVariable temb = g.linear("time.1", g.silu(g.linear("time.0", tf, c.timeFeatures(), te, false)), te, te, false);
        if (c.classes() > 0) {
            // emb = time(t) + E[class]; the class comes one-hot in "cls" [N, classes+1] (last column: no class)
            SDVariable cls = sd.placeHolder("cls", DataType.FLOAT, -1, c.classes() + 1);
            temb = temb.add(g.classEmbedding("class_emb", cls, c.classes(), te));
        }
        SDVariable tact = g.silu(temb);

        int levels = c.multipliers().length;
        int res = c.size();
        SDVariable h = g.conv("conv_in", x, c.channels(), c.width(0), 3, 1, false);
        Deque<SDVariable> skips = new ArrayDeque<>();
        Deque<Integer> skipWidths = new ArrayDeque<>();
        skips.push(h);
        skipWidths.push(c.width(0));
        int ch = c.width(0);
        for (int l = 0; l < levels; l++) {
            for (int r = 0; r < c.resBlocks(); r++) {
                h = resBlock(g, "down." + l + ".res." + r, h, tact, ch, c.width(l), res, c);
                ch = c.width(l);
                skips.push(h);
                skipWidths.push(ch);
            }
            if (l < levels - 1) {
                h = sd.cnn().avgPooling2d(h, Pooling2DConfig.builder()
                        .kH(2).kW(2).sH(2).sW(2).isNHWC(false).build());
                res /= 2;
                skips.push(h);
                skipWidths.push(ch);
            }
        }
        h = resBlock(g, "mid.res.0", h, tact, ch, ch, res, c);
        if (c.attention()) h = attention(g, "mid.attn", h, ch, res, c.groups());
        h = resBlock(g, "mid.res.1", h, tact, ch, ch, res, c);
        for (int l = levels - 1; l >= 0; l--) {
            for (int r = 0; r <= c.resBlocks(); r++) {
                int sw = skipWidths.pop();
                h = sd.concat(1, h, skips.pop());
                h = resBlock(g, "up." + l + ".res." + r, h, tact, ch + sw, c.width(l), res, c);
                ch = c.width(l);
            }
            if (l > 0) {
                h = sd.cnn().upsampling2d(h, 2, 2, true); // (x, 2) is broken in M2.1 (STACK.md)
                res *= 2;
                h = g.conv("up." + l + ".upsample", h, ch, ch, 3, 1, false);
            }
        }
        h = g.silu(g.groupNorm("norm_out", h, ch, c.groups(), res, res));
        SDVariable out = g.conv("conv_out", h, ch, c.channels(), 3, 1, true);
        out.rename("out");
        return new Network(sd, g.params, "out");
    }

    private static SDVariable resBlock(GraphBuilder g, String name, SDVariable x, SDVariable tact, int cin, int cout, int res, UNetConfig c) {
        SDVariable h = g.conv(name + ".conv1", g.silu(g.groupNorm(name + ".norm1", x, cin, groupsFor(cin, c.groups()), res, res)), cin, cout, 3, 1, false);
        SDVariable tp = g.linear(name + ".time", tact, c.timeEmbedding(), cout, false);
        h = h.add(tp.reshape(-1, cout, 1, 1));
        h = g.conv(name + ".conv2", g.silu(g.groupNorm(name + ".norm2", h, cout, groupsFor(cout, c.groups()), res, res)), cout, cout, 3, 1, true);
        SDVariable skip = cin == cout ? x : g.conv(name + ".skip", x, cin, cout, 1, 1, false);
        return h.add(skip);
    }

    private static int groupsFor(int channels, int groups) {
        int gr = Math.min(groups, channels);
        while (channels % gr != 0) gr--;
        return gr;
    }

    /** Single-head self-attention over the res×res positions (Vaswani et al. 2017), with a residual. */
    private static SDVariable attention(GraphBuilder g, String name, SDVariable x, int ch, int res, int groups) {
        var sd = g.sd;
        SDVariable n = g.groupNorm(name + ".norm", x, ch, groupsFor(ch, groups), res, res);
        int hw = res * res;
        SDVariable q = g.conv(name + ".q", n, ch, ch, 1, 1, false).reshape(-1, ch, hw);
        SDVariable k = g.conv(name + ".k", n, ch, ch, 1, 1, false).reshape(-1, ch, hw);
        SDVariable v = g.conv(name + ".v", n, ch, ch, 1, 1, false).reshape(-1, ch, hw);
        SDVariable scores = sd.linalg().matmul(q.permute(0, 2, 1), k).mul(1.0 / Math.sqrt(ch)); // [N, hw, hw]
        SDVariable w = sd.nn().softmax(scores, 2);
        SDVariable o = sd.linalg().matmul(v, w.permute(0, 2, 1)).reshape(-1, ch, res, res); // [N, ch, hw]
        return x.add(g.conv(name + ".proj", o, ch, ch, 1, 1, true));
    }
}

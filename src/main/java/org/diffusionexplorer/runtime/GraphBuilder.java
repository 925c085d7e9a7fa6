package org.diffusionexplorer.runtime;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The layers our networks are made of, built into a SameDiff graph with seeded, PyTorch-like initialisation
 * (uniform ±1/√fan_in). Notes from STACK.md: {@code sd.nn.linear} is wrong with oneDNN at batch &gt; 1, so linear layers
 * are {@code x.mmul(W).add(b)}; there is no GroupNorm op, so it is composed from primitives.
 * This SameDiff version is the independent reference the GEMM engine is tested against (and a second backend):
 * measured here it is 4-10× slower than the engine (ND4J's conv2d ran at ~24 GFLOPS, ~23 µs per small op).
 */
final class GraphBuilder {
    final SameDiff sd = SameDiff.create();
    final List<ParamSpec> params = new ArrayList<>();
    private final SplittableRandom rng;

    GraphBuilder(long seed) {
        rng = new SplittableRandom(seed);
    }

    private SDVariable param(String name, ParamSpec.Kind kind, long[] fileShape, double bound, double constant) {
        ParamSpec p = new ParamSpec(name, kind, fileShape);
        params.add(p);
        long[] gs = p.graphShape();
        float[] v = new float[(int) p.size()];
        for (int i = 0; i < v.length; i++) v[i] = bound > 0 ? (float) ((rng.nextDouble() * 2 - 1) * bound) : (float) constant;
        // values are generated in file (PyTorch) order, then laid out for the graph
        return sd.var(name, Layouts.toGraph(p, Nd4j.create(v, fileShape, 'c')).reshape(gs).castTo(DataType.FLOAT));
    }

    SDVariable conv(String name, SDVariable x, int cin, int cout, int k, int stride, boolean zeroInit) {
        double bound = 1 / Math.sqrt((double) cin * k * k);
        SDVariable w = param(name + ".weight", ParamSpec.Kind.CONV, new long[]{cout, cin, k, k}, zeroInit ? 0 : bound, 0);
        SDVariable b = param(name + ".bias", ParamSpec.Kind.VECTOR, new long[]{cout}, zeroInit ? 0 : bound, 0);
        // explicit padding k/2 ("VALID" mode with pH/pW): 3×3 keeps the size, 3×3 stride 2 halves it
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(k / 2).pW(k / 2)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        return sd.cnn().conv2d(x, w, b, cfg);
    }

    SDVariable linear(String name, SDVariable x, int in, int out, boolean zeroInit) {
        double bound = 1 / Math.sqrt(in);
        SDVariable w = param(name + ".weight", ParamSpec.Kind.LINEAR, new long[]{out, in}, zeroInit ? 0 : bound, 0);
        SDVariable b = param(name + ".bias", ParamSpec.Kind.VECTOR, new long[]{out}, zeroInit ? 0 : bound, 0);
        return x.mmul(w).add(b);
    }

    /** GroupNorm (Wu and He 2018) with ε = 1e-5 as PyTorch, from primitive ops, then γ·x + β per channel. */
    SDVariable groupNorm(String name, SDVariable x, int channels, int groups, int h, int w) {
        SDVariable gamma = param(name + ".weight", ParamSpec.Kind.VECTOR, new long[]{channels}, 0, 1);
        SDVariable beta = param(name + ".bias", ParamSpec.Kind.VECTOR, new long[]{channels}, 0, 0);
        SDVariable g = x.reshape(-1, groups, (long) (channels / groups) * h * w);
        SDVariable centred = g.sub(g.mean(true, 2));
        SDVariable var = centred.mul(centred).mean(true, 2);
        SDVariable n = centred.div(sd.math().sqrt(var.add(1e-5))).reshape(-1, channels, h, w);
        return n.mul(gamma.reshape(1, channels, 1, 1)).add(beta.reshape(1, channels, 1, 1));
    }

    /** onehot [N, classes+1] · E [classes+1, dim]: the class embedding row of each item (last row: no class). */
    SDVariable classEmbedding(String name, SDVariable onehot, int classes, int dim) {
        SDVariable e = param(name + ".weight", ParamSpec.Kind.VECTOR, new long[]{classes + 1, dim}, 0.1, 0);
        return onehot.mmul(e);
    }

    SDVariable silu(SDVariable x) {
        return sd.nn().swish(x);
    }
}

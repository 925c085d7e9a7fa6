package org.diffusionexplorer.runtime;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * MLP denoiser for 2-D data (as tiny-diffusion): input concat(x, time features) → depth × (linear, SiLU) with
 * residuals between equal-width layers → linear to dim. Placeholders "x" [N,dim], "tfeat" [N,D]; output "out".
 */
final class MlpGraph {
    private MlpGraph() {
    }

    static Network build(MlpConfig c, long seed) {
        GraphBuilder g = new GraphBuilder(seed);
        var sd = g.sd;
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, c.dim());
        SDVariable tf = sd.placeHolder("tfeat", DataType.FLOAT, -1, c.timeFeatures());
        SDVariable pre = g.linear("in", sd.concat(1, x, tf), c.dim() + c.timeFeatures(), c.width(), false);
        if (c.classes() > 0) pre = pre.add(g.classEmbedding("class_emb", sd.placeHolder("cls", DataType.FLOAT, -1, c.classes() + 1), c.classes(), c.width()));
        SDVariable h = g.silu(pre);
        for (int i = 0; i < c.depth(); i++) h = h.add(g.silu(g.linear("hidden." + i, h, c.width(), c.width(), false)));
        SDVariable out = g.linear("out_proj", h, c.width(), c.dim(), false);
        out.rename("out");
        return new Network(sd, g.params, "out");
    }
}

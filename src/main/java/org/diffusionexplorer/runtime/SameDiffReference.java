package org.diffusionexplorer.runtime;

import org.diffusionexplorer.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * The same networks as SameDiff graphs ({@link UNetGraph}, {@link MlpGraph}), loaded with weights in the file layout:
 * an independent implementation to check the GEMM engine against, and a second backend.
 */
public final class SameDiffReference {
    private final Network net;
    private final int classes;

    private SameDiffReference(Network net, int classes) {
        this.net = net;
        this.classes = classes;
    }

    public static SameDiffReference unet(UNetConfig c) {
        Nd4jSetup.init(false);
        return new SameDiffReference(UNetGraph.build(c, 0), c.classes());
    }

    public static SameDiffReference mlp(MlpConfig c) {
        Nd4jSetup.init(false);
        return new SameDiffReference(MlpGraph.build(c, 0), c.classes());
    }

    public void load(Map<String, SafeTensors.Entry> weights) {
        for (ParamSpec p : net.params()) {
            SafeTensors.Entry e = weights.get(p.name());
            if (e == null) throw new IllegalArgumentException("missing " + p.name());
            INDArray file = Nd4j.create(e.data(), e.shape(), 'c');
            net.sd().getVariable(p.name()).setArray(Layouts.toGraph(p, file).reshape(p.graphShape()));
        }
    }

    /** Forward on x [n, item...] (row-major) and time features [n, D]. */
    public float[] forward(float[] x, long[] xShape, float[] tfeat, int tfDim) {
        return forward(x, xShape, tfeat, tfDim, null);
    }

    /** As above, with a class label per item for a conditional network (−1 or null: no class). */
    public float[] forward(float[] x, long[] xShape, float[] tfeat, int tfDim, int[] labels) {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.create(x, xShape, 'c'));
        ph.put("tfeat", Nd4j.create(tfeat, new long[]{xShape[0], tfDim}, 'c'));
        if (classes > 0) {
            int n = (int) xShape[0];
            float[] onehot = new float[n * (classes + 1)];
            for (int i = 0; i < n; i++) {
                int l = labels == null ? -1 : labels[i];
                if (l < -1 || l >= classes) throw new IllegalArgumentException("class " + l + " outside 0.." + (classes - 1));
                onehot[i * (classes + 1) + (l < 0 ? classes : l)] = 1;
            }
            ph.put("cls", Nd4j.create(onehot, new long[]{n, classes + 1}, 'c'));
        } else if (labels != null) {
            for (int l : labels) if (l != -1) throw new IllegalArgumentException("this network is unconditional (got class " + l + ")");
        }
        return net.sd().output(ph, net.output()).get(net.output()).dup('c').data().asFloat();
    }

    public int parameterTensors() {
        return net.params().size();
    }
}

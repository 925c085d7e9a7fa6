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

    private SameDiffReference(Network net) {
        this.net = net;
    }

    public static SameDiffReference unet(UNetConfig c) {
        Nd4jSetup.init(false);
        return new SameDiffReference(UNetGraph.build(c, 0));
    }

    public static SameDiffReference mlp(MlpConfig c) {
        Nd4jSetup.init(false);
        return new SameDiffReference(MlpGraph.build(c, 0));
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
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.create(x, xShape, 'c'));
        ph.put("tfeat", Nd4j.create(tfeat, new long[]{xShape[0], tfDim}, 'c'));
        return net.sd().output(ph, net.output()).get(net.output()).dup('c').data().asFloat();
    }

    public int parameterTensors() {
        return net.params().size();
    }
}

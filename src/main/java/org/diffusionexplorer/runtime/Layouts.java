package org.diffusionexplorer.runtime;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Moves parameter values between the file layout (PyTorch) and the graph layout (see {@link ParamSpec}). */
final class Layouts {
    private Layouts() {
    }

    static INDArray toGraph(ParamSpec p, INDArray file) {
        return switch (p.kind()) {
            case CONV -> file.permute(2, 3, 1, 0).dup('c');
            case LINEAR -> file.transpose().dup('c');
            case VECTOR -> file.dup('c');
        };
    }

    static INDArray toFile(ParamSpec p, INDArray graph) {
        return switch (p.kind()) {
            case CONV -> graph.permute(3, 2, 0, 1).dup('c');
            case LINEAR -> graph.transpose().dup('c');
            case VECTOR -> graph.dup('c');
        };
    }
}

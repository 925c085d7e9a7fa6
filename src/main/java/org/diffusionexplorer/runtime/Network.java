package org.diffusionexplorer.runtime;

import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/** A built graph with its parameter list (in creation order) and output name. */
record Network(SameDiff sd, List<ParamSpec> params, String output) {
    long parameterCount() {
        long n = 0;
        for (ParamSpec p : params) n += p.size();
        return n;
    }
}

package org.diffusionexplorer.runtime.engine;

/**
 * Native and Java scratch space shared by all layers of one model (layers run one at a time). Sized on demand.
 */
final class Scratch {
    final Blas.Buffer in = new Blas.Buffer(), out = new Blas.Buffer(), weights = new Blas.Buffer(), grad = new Blas.Buffer();
    private float[] javaPad = new float[0], javaOut = new float[0];

    float[] pad(int n) {
        if (javaPad.length < n) javaPad = new float[n];
        return javaPad;
    }

    float[] out(int n) {
        if (javaOut.length < n) javaOut = new float[n];
        return javaOut;
    }
}

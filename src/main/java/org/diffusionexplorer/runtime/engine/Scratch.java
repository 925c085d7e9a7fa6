package org.diffusionexplorer.runtime.engine;

import java.util.Arrays;

/**
 * Native and Java scratch space shared by all layers of one model (layers run one at a time). Sized on demand.
 */
final class Scratch {
    final Blas.Buffer weights = new Blas.Buffer();
    private float[] javaPad = new float[0], javaOut = new float[0], javaOut2 = new float[0], packed = new float[0], winoInput = new float[0];
    private ConvGemm.Worker[] workers = new ConvGemm.Worker[0];

    /** Buffers of worker w of the chunked convolution GEMMs. */
    synchronized ConvGemm.Worker worker(int w) {
        if (w >= workers.length) {
            ConvGemm.Worker[] more = Arrays.copyOf(workers, w + 1);
            for (int i = workers.length; i <= w; i++) more[i] = new ConvGemm.Worker();
            workers = more;
        }
        return workers[w];
    }

    /** Weights packed for {@link VecConv}'s kernels. */
    float[] packed(int n) {
        return packed = atLeast(packed, n);
    }

    /** {@link RowWinograd}'s transformed input. */
    float[] winoInput(int n) {
        return winoInput = atLeast(winoInput, n);
    }

    /** a if it holds n floats, else a new array (contents are scratch either way). */
    static float[] atLeast(float[] a, int n) {
        return a.length < n ? new float[n] : a;
    }

    float[] pad(int n) {
        return javaPad = atLeast(javaPad, n);
    }

    float[] out2(int n) {
        return javaOut2 = atLeast(javaOut2, n);
    }

    float[] out(int n) {
        return javaOut = atLeast(javaOut, n);
    }
}

package org.diffusionexplorer.runtime.engine;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The GEMMs of a stride-1 convolution, cache-blocked and run on the engine's own threads.
 *
 * Activations are zero-padded and channel-major, [rows][P] with P = n·(h+2)·(w+2) (for 1×1 kernels, unpadded), so
 * kernel tap t reads the input shifted by a constant column offset off_t. The interior columns [lo, lo+len) are cut
 * into chunks; for each chunk a worker copies the shifted rows into an im2col block [taps·rows][cl] (in Java, with
 * System.arraycopy), moves it to native memory in one copy, and runs one single-threaded OpenBLAS GEMM with
 * K = taps·rows. Workers take chunks as they come free, so a core that is busy elsewhere only slows its own share.
 *
 * Against the first version (nine multi-threaded GEMMs over the whole batch, accumulating into an output much
 * larger than the caches): each chunk's data stays in cache between the copy and the GEMM, and OpenBLAS runs no
 * threads of its own, whose spinning between calls competed with the Java element-wise work and collapsed when
 * another process took a core (README, performance).
 */
final class ConvGemm {
    /** Target size of an im2col block (floats): about 1 MB, within the L2 cache. */
    private static final int BLOCK = 1 << 18;

    private ConvGemm() {
    }

    /** Per-worker buffers (Java and native), grown on demand and reused across calls. */
    static final class Worker {
        float[] colJ = new float[0], outJ = new float[0], accJ = new float[0];
        final Blas.Buffer colN = new Blas.Buffer(), outN = new Blas.Buffer(), accN = new Blas.Buffer();

        float[] col(int n) {
            return colJ = Scratch.atLeast(colJ, n);
        }

        /** The worker's weight-gradient sums ({@link VecConvGrad#weightGradientDot}). */
        float[] acc(int n) {
            return accJ = Scratch.atLeast(accJ, n);
        }

        float[] out(int n) {
            return outJ = Scratch.atLeast(outJ, n);
        }

        /**
         * The worker's chunk buffers of {@link RowWinograd} and {@link SubPixelConv}, reused chunk after chunk: the
         * transformed rows (V, of the input or of dL/dy) and the products (M), or in the chunked weight gradient V
         * and the transposed Ŷ.
         */
        private float[] winoV = new float[0], winoM = new float[0];

        float[] winoV(int n) {
            return winoV = Scratch.atLeast(winoV, n);
        }

        float[] winoM(int n) {
            return winoM = Scratch.atLeast(winoM, n);
        }
    }

    static int chunkColumns(int len, int k) {
        int cl = Math.max(64, BLOCK / Math.max(1, k));
        int perWorker = (len + Par.threads() - 1) / Par.threads();
        return Math.max(1, Math.min(cl, Math.min(len, perWorker)));
    }

    /** col[(t·rows + r)·cl + j] = src[r·P + start + offs[t] + j]. */
    private static void im2col(float[] src, int rows, int P, int start, int cl, int[] offs, float[] col) {
        for (int t = 0; t < offs.length; t++) {
            int base = start + offs[t];
            for (int r = 0; r < rows; r++) System.arraycopy(src, r * P + base, col, (t * rows + r) * cl, cl);
        }
    }

    /**
     * dst[o·P + lo + j] = Σ_{t,r} a[o][t·rows + r] · src[r·P + lo + j + offs[t]] for j in [0, len): the forward pass
     * (a = the weights as [m][taps·rows]) and, with negated offsets and transposed weights, the input gradient.
     * Columns of dst outside [lo, lo+len) are not written.
     */
    static void apply(float[] src, int rows, int P, int lo, int len, int[] offs, FloatPointer a, int m, float[] dst, Scratch s) {
        int k = offs.length * rows, cl = chunkColumns(len, k), chunks = (len + cl - 1) / cl;
        Blas.singleThreaded();
        Par.chunks(chunks, (w, c) -> {
            Worker wk = s.worker(w);
            int c0 = c * cl, n = Math.min(cl, len - c0);
            float[] col = wk.col(k * n);
            im2col(src, rows, P, lo + c0, n, offs, col);
            FloatPointer colN = wk.colN.put(col, k * n), outN = wk.outN.ensure((long) m * n);
            Blas.gemm(false, false, m, n, k, 1f, a, k, colN, n, 0f, outN, n);
            float[] out = wk.out(m * n);
            wk.outN.get(out, m * n);
            for (int o = 0; o < m; o++) System.arraycopy(out, o * n, dst, o * P + lo + c0, n);
        });
    }

    /**
     * grad[o][t·rows + r] += Σ_j dy[o·P + lo + j] · src[r·P + lo + j + offs[t]]: the weight gradient. Worker w takes
     * chunks w, w+W, w+2W, … in order and accumulates in its own native buffer; the buffers are then summed in worker
     * order, so the result is the same on every run (a resumed training run must match an uninterrupted one).
     */
    static void weightGradient(float[] src, int rows, int P, int lo, int len, int[] offs, float[] dy, int m, float[] grad, Scratch s) {
        int k = offs.length * rows, cl = chunkColumns(len, k), chunks = (len + cl - 1) / cl;
        int workers = Math.min(chunks, Par.threads());
        Blas.singleThreaded();
        Par.workers(workers, w -> {
            Worker wk = s.worker(w);
            FloatPointer acc = wk.accN.ensure((long) m * k);
            for (int c = w; c < chunks; c += workers) {
                int c0 = c * cl, n = Math.min(cl, len - c0);
                float[] col = wk.col(k * n);
                im2col(src, rows, P, lo + c0, n, offs, col);
                float[] dyc = wk.out(m * n);
                for (int o = 0; o < m; o++) System.arraycopy(dy, o * P + lo + c0, dyc, o * n, n);
                FloatPointer colN = wk.colN.put(col, k * n), dyN = wk.outN.put(dyc, m * n);
                Blas.gemm(false, true, m, k, n, 1f, dyN, n, colN, n, c == w ? 0f : 1f, acc, k);
            }
        });
        float[] tmp = new float[m * k];
        for (int w = 0; w < workers; w++) {
            s.worker(w).accN.get(tmp, m * k);
            for (int i = 0; i < tmp.length; i++) grad[i] += tmp[i];
        }
    }
}

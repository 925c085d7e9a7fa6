package org.diffusionexplorer.runtime.engine;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Single-precision GEMM on OpenBLAS (the BLAS that ND4J's CPU backend ships with), through native buffers that are
 * reused between calls. Measured here: 50-60 GFLOPS per core for the convolutions' GEMMs (OpenBLAS 0.3.19 runs its
 * AVX2 kernels on these CPUs; see {@link VecConv}), against ~24 GFLOPS for ND4J's conv2d op and ~23 µs of overhead
 * per small ND4J op, which is why the UNet is built on GEMMs directly.
 */
final class Blas {
    static {
        Loader.load(openblas_nolapack.class);
        openblas_nolapack.blas_set_num_threads(1);
    }

    /**
     * The engine parallelises GEMMs itself (ConvGemm), so OpenBLAS runs each call on the calling thread. Checked
     * before each parallel section in case something (ND4J's set-up) raised OpenBLAS's thread count again.
     */
    static void singleThreaded() {
        if (openblas_nolapack.blas_get_num_threads() != 1) openblas_nolapack.blas_set_num_threads(1);
    }

    private Blas() {
    }

    /** A growable native float buffer. Not thread-safe; each layer owns its own. */
    static final class Buffer {
        private FloatPointer ptr;
        private long capacity;

        FloatPointer ensure(long n) {
            if (ptr == null || capacity < n) {
                if (ptr != null) ptr.close();
                capacity = Math.max(n, capacity + capacity / 2);
                ptr = new FloatPointer(capacity);
            }
            return ptr.position(0);
        }

        FloatPointer put(float[] src, int len) {
            FloatPointer p = ensure(len);
            p.put(src, 0, len);
            return p.position(0);
        }

        void get(float[] dst, int len) {
            ptr.position(0).get(dst, 0, len);
        }
    }

    /** C[m×n] = alpha·op(A)·op(B) + beta·C, row-major with leading dimensions; pointers at their positions. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, int lda,
                     FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** Java-array GEMM for small matrices (time MLP): C = op(A)·op(B) (+ C if accumulate). */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                     boolean accumulate, float[] c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, 1f, a, lda, b, ldb, accumulate ? 1f : 0f, c, ldc);
    }
}

package org.diffusionexplorer.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Ways to run a 3×3 convolution of a batch of 64 as OpenBLAS GEMMs, at the layer shapes of the bundled UNet: the
 * engine's nine whole-batch GEMMs on a zero-padded channel-major buffer (one per kernel tap, a column offset each),
 * against cache-sized column chunks with an im2col of each chunk (one GEMM with K = 9·cin) on two Java threads with
 * single-threaded OpenBLAS; for the forward pass and for the weight gradient. Results, and why the engine keeps
 * the nine GEMMs, in README (performance). Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args="ConvGemmBench -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvGemmBench {
    /** cin x cout @ spatial size. */
    @Param({"32x32@28", "64x64@28", "96x32@28", "128x64@14", "64x64@7"})
    public String shape;

    @Param({"2048"})
    public int chunk;

    int cin, cout, wp, P, lo, len;
    FloatPointer in, out, w, gw0, gw1, col0, col1;
    ExecutorService pool;

    @Setup
    public void setup() {
        Loader.load(openblas_nolapack.class);
        String[] a = shape.split("[x@]");
        cin = Integer.parseInt(a[0]);
        cout = Integer.parseInt(a[1]);
        int hw = Integer.parseInt(a[2]);
        wp = hw + 2;
        P = 64 * (hw + 2) * wp;
        lo = wp + 1;
        len = P - 2 * lo;
        SplittableRandom r = new SplittableRandom(1);
        in = fill(new FloatPointer((long) cin * P), r);
        out = fill(new FloatPointer((long) cout * P), r);
        w = fill(new FloatPointer(9L * cin * cout), r);
        gw0 = new FloatPointer(9L * cin * cout);
        gw1 = new FloatPointer(9L * cin * cout);
        col0 = new FloatPointer(9L * cin * chunk);
        col1 = new FloatPointer(9L * cin * chunk);
        pool = Executors.newFixedThreadPool(2);
    }

    @TearDown
    public void tearDown() {
        pool.shutdown();
        openblas_nolapack.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
    }

    private static FloatPointer fill(FloatPointer p, SplittableRandom r) {
        float[] v = new float[(int) p.capacity()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return p.put(v);
    }

    private int offset(int tap) {
        return (tap / 3 - 1) * wp + (tap % 3 - 1);
    }

    private static void gemm(boolean transB, int m, int n, int k, FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
    }

    @Benchmark
    public Pointer forwardNineGemms() {
        openblas_nolapack.blas_set_num_threads(2);
        for (int t = 0; t < 9; t++) {
            gemm(false, cout, len, cin, w.position((long) t * cout * cin), cin, in.position(lo + offset(t)), P, t == 0 ? 0f : 1f, out.position(lo), P);
        }
        return out;
    }

    @Benchmark
    public Pointer forwardChunkedIm2col() throws Exception {
        return chunked(false);
    }

    @Benchmark
    public Pointer weightGradNineGemms() {
        openblas_nolapack.blas_set_num_threads(2);
        for (int t = 0; t < 9; t++) {
            gemm(true, cout, cin, len, out.position(lo), P, in.position(lo + offset(t)), P, 0f, gw0.position((long) t * cout * cin), cin);
        }
        return gw0;
    }

    @Benchmark
    public Pointer weightGradChunkedIm2col() throws Exception {
        return chunked(true);
    }

    /** Two threads take alternate column chunks; each copies its chunk's nine shifted rows, then one GEMM. */
    private Pointer chunked(boolean weightGrad) throws Exception {
        openblas_nolapack.blas_set_num_threads(1);
        int chunks = (len + chunk - 1) / chunk;
        Future<?>[] f = new Future<?>[2];
        for (int th = 0; th < 2; th++) {
            int id = th;
            f[th] = pool.submit(() -> {
                FloatPointer iv = new FloatPointer(in), ov = new FloatPointer(out), wv = new FloatPointer(w), cv = id == 0 ? col0 : col1,
                        gv = new FloatPointer(id == 0 ? gw0 : gw1);
                for (int ci = id; ci < chunks; ci += 2) {
                    int c0 = ci * chunk, cl = Math.min(chunk, len - c0);
                    for (int t = 0; t < 9; t++)
                        for (int i = 0; i < cin; i++)
                            Pointer.memcpy(cv.position(((long) t * cin + i) * cl), iv.position((long) i * P + lo + c0 + offset(t)), 4L * cl);
                    cv.position(0);
                    if (weightGrad) gemm(true, cout, 9 * cin, cl, ov.position(lo + c0), P, cv, cl, ci < 2 ? 0f : 1f, gv.position(0), 9 * cin);
                    else gemm(false, cout, cl, 9 * cin, wv.position(0), 9 * cin, cv, cl, 0f, ov.position(lo + c0), P);
                }
            });
        }
        for (Future<?> x : f) x.get();
        return out;
    }
}

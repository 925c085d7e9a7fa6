package org.diffusionexplorer.runtime.engine;

import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The engine's two implementations of a 3×3 convolution's GEMMs at the bundled UNet's layer shapes, batch 64, on
 * the engine's threads: {@link ConvGemm} (im2col chunks, single-threaded OpenBLAS per chunk) against
 * {@link VecConv} (Vector API kernels), forward and weight gradient. Run:
 * {@code mvn -Pbench test-compile exec:exec -Dbench.args="ConvKernelsBench -f 1 -wi 3 -i 5"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ConvKernelsBench {
    /** cin x cout @ spatial size. */
    @Param({"32x32@28", "96x32@28", "64x64@14", "128x64@14", "64x64@7"})
    public String shape;

    int cin, cout, P, lo, len;
    int[] offs;
    float[] in, dy, wFwd, dst, grad;
    FloatPointer wNative;
    final Scratch scratch = new Scratch();

    @Setup
    public void setup() {
        String[] a = shape.split("[x@]");
        cin = Integer.parseInt(a[0]);
        cout = Integer.parseInt(a[1]);
        int hw = Integer.parseInt(a[2]), wp = hw + 2;
        P = 64 * (hw + 2) * wp;
        lo = wp + 1;
        len = P - 2 * lo;
        offs = new int[9];
        for (int t = 0; t < 9; t++) offs[t] = (t / 3 - 1) * wp + (t % 3 - 1);
        SplittableRandom r = new SplittableRandom(1);
        in = fill(new float[cin * P], r);
        dy = fill(new float[cout * P], r);
        wFwd = fill(new float[cout * 9 * cin], r);
        dst = new float[cout * P];
        grad = new float[cout * 9 * cin];
        wNative = new FloatPointer(wFwd.length).put(wFwd);
    }

    private static float[] fill(float[] v, SplittableRandom r) {
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return v;
    }

    @Benchmark
    public float[] forwardOpenBlas() {
        ConvGemm.apply(in, cin, P, lo, len, offs, wNative.position(0), cout, dst, scratch);
        return dst;
    }

    @Benchmark
    public float[] forwardVectorApi() {
        VecConv.apply(in, cin, P, lo, len, offs, wFwd, cout, dst, scratch);
        return dst;
    }

    @Benchmark
    public float[] weightGradOpenBlas() {
        ConvGemm.weightGradient(in, cin, P, lo, len, offs, dy, cout, grad, scratch);
        return grad;
    }

    @Benchmark
    public float[] weightGradVectorApi() {
        VecConvGrad.weightGradientDot(in, 0, cin, P, lo, len, offs, dy, 0, cout, grad, 0, scratch);
        return grad;
    }
}

package org.diffusionexplorer.bench;

import org.diffusionexplorer.runtime.UNetConfig;
import org.diffusionexplorer.runtime.engine.UNet;

/** Quick timing of the engine UNet (not JMH): mvn -q test-compile exec:java ... or run with the test classpath. */
public final class EngineTiming {
    public static void main(String[] a) {
        int base = Integer.parseInt(a[0]), res = Integer.parseInt(a[1]);
        int[] mult = java.util.Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
        UNet u = new UNet(new UNetConfig(1, 28, base, mult, res, 8, 64, false), 1);
        System.out.println(u.config() + " params " + u.parameterCount());
        for (int b : new int[]{1, 16, 64}) {
            float[] x = new float[b * 784], tf = new float[b * 64];
            for (int i = 0; i < 5; i++) u.forward(x, b, tf, false);
            int reps = b == 1 ? 50 : 10;
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) u.forward(x, b, tf, false);
            System.out.printf("infer b=%d: %.1f ms%n", b, (System.nanoTime() - s) / 1e6 / reps);
        }
        int b = 64;
        float[] x = new float[b * 784], tf = new float[b * 64], g = new float[b * 784];
        for (int i = 0; i < 3; i++) { u.forward(x, b, tf, true); u.backward(g, b); }
        long s = System.nanoTime();
        for (int i = 0; i < 5; i++) { u.forward(x, b, tf, true); u.backward(g, b); }
        System.out.printf("train step b=64 (fwd+bwd): %.1f ms%n", (System.nanoTime() - s) / 1e6 / 5);
    }
}

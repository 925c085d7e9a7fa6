package org.diffusionexplorer.runtime.engine;

public final class SiluTiming {
    public static void main(String[] a) {
        float[] x = new float[1 << 21], y = new float[1 << 21];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i) * 4;
        for (int r = 0; r < 3; r++) {
            long s = System.nanoTime();
            for (int k = 0; k < 20; k++) for (int i = 0; i < x.length; i++) y[i] = x[i] / (1f + (float) Math.exp(-x[i]));
            long m = System.nanoTime();
            for (int k = 0; k < 20; k++) for (int i = 0; i < x.length; i++) y[i] = x[i] * FastMath.sigmoid(x[i]);
            long f = System.nanoTime();
            for (int k = 0; k < 20; k++) for (int i = 0; i < x.length; i++) y[i] = x[i] * 0.5f + 0.25f;
            long e = System.nanoTime();
            System.out.printf("Math.exp silu %.2f ns/elem, FastMath silu %.2f ns/elem, affine %.2f ns/elem%n",
                    (m - s) / 20.0 / x.length, (f - m) / 20.0 / x.length, (e - f) / 20.0 / x.length);
        }
    }
}

package org.diffusionexplorer.runtime.engine;

public final class GnTiming {
    public static void main(String[] a) {
        java.util.List<Param> reg = new java.util.ArrayList<>();
        GroupNormSilu gn = new GroupNormSilu("gn", 32, 8, true, reg);
        Act x = new Act(32, 64, 28, 28);
        for (int i = 0; i < x.data.length; i++) x.data[i] = (float) Math.sin(i);
        for (int i = 0; i < 10; i++) gn.backward(gn.forward(x, true));
        long s = System.nanoTime();
        for (int i = 0; i < 20; i++) gn.forward(x, true);
        long f = System.nanoTime();
        Act y = gn.forward(x, true);
        long s2 = System.nanoTime();
        for (int i = 0; i < 20; i++) { gn.forward(x, true); gn.backward(y); }
        long b = System.nanoTime();
        System.out.printf("GN+SiLU 32ch x 64 x 28²: fwd %.2f ms, fwd+bwd %.2f ms%n", (f - s) / 20e6, (b - s2) / 20e6);
        Conv c = new Conv("c", 32, 32, 3, false, new java.util.SplittableRandom(1), new Scratch(), reg);
        for (int i = 0; i < 5; i++) c.backward(c.forward(x, true));
        s = System.nanoTime();
        for (int i = 0; i < 10; i++) c.forward(x, true);
        f = System.nanoTime();
        for (int i = 0; i < 10; i++) c.backward(c.forward(x, true));
        b = System.nanoTime();
        System.out.printf("conv 32->32 x 64 x 28²: fwd %.2f ms, fwd+bwd %.2f ms%n", (f - s) / 10e6, (b - f) / 10e6);
    }
}

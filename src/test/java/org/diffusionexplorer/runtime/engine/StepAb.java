package org.diffusionexplorer.runtime.engine;

import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.UNetConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * An A/B harness, not a test: forward + backward of the small UNet at batch 64, alternating the settings step by
 * step in one JVM (so a noisy neighbour hits every setting alike), with each setting's median step and profile rows.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:target/lib/* ...StepAb jchunk 2048 512
 * (knobs: jchunk, chunkColumns, subPixel 1 0, chunkedGradients 1 0, gnInPlace 1 0)
 */
public final class StepAb {
    public static void main(String[] a) {
        String knob = a[0];
        int[] values = Arrays.stream(a, 1, a.length).mapToInt(Integer::parseInt).toArray();
        IntConsumer set = switch (knob) {
            case "jchunk" -> v -> VecConvGrad.jchunk = v;
            case "chunkColumns" -> v -> RowWinograd.chunkColumns = v;
            case "subPixel" -> v -> Conv.subPixel = v != 0;
            case "chunkedGradients" -> v -> Conv.chunkedGradients = v != 0;
            case "gnInPlace" -> v -> GroupNormSilu.inPlace = v != 0;
            default -> throw new IllegalArgumentException(knob);
        };
        UNetConfig c = Architectures.unetPreset("small", 1, 28);
        UNet u = new UNet(c, 1);
        int n = 64, rounds = Integer.getInteger("rounds", 15);
        float[] x = new float[n * 784], d = new float[n * 784], tf = new float[n * c.timeFeatures()];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < x.length; i++) { x[i] = (float) r.nextGaussian(); d[i] = (float) r.nextGaussian() * 1e-3f; }
        for (int i = 0; i < tf.length; i++) tf[i] = (float) r.nextDouble();
        for (int i = 0; i < 20; i++) for (int v : values) { set.accept(v); u.forward(x, n, tf, true); u.backward(d, n); }
        List<List<Double>> t = new ArrayList<>();
        for (int ignored : values) t.add(new ArrayList<>());
        String[] keys = {"conv3.bwd.wino.dW.gemm", "conv3.bwd.wino.dW.chunked", "conv3.fwd.wino.chunked", "conv3.bwd.wino.dX.chunked", "groupnorm.bwd"};
        double[][] rows = new double[values.length][keys.length];
        for (int k = 0; k < rounds; k++)
            for (int j = 0; j < values.length; j++) {
                set.accept(values[j]);
                Profile.reset();
                Profile.enable(true);
                long s = System.nanoTime();
                u.forward(x, n, tf, true);
                u.backward(d, n);
                t.get(j).add((System.nanoTime() - s) / 1e6);
                Profile.enable(false);
                String rep = Profile.report(1);
                if (Boolean.getBoolean("full") && k == rounds - 1) System.out.println(knob + "=" + values[j] + ", last round:\n" + rep);
                for (int q = 0; q < keys.length; q++)
                    for (String line : rep.split("\n"))
                        if (line.startsWith("| " + keys[q] + " |")) rows[j][q] += Double.parseDouble(line.split("\\|")[2].trim()) / rounds;
            }
        for (int j = 0; j < values.length; j++) {
            double[] s = t.get(j).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s=%d: step median %.1f ms (min %.1f); mean dW.gemm %.1f, dW.chunked %.1f, fwd.chunked %.1f, dX.chunked %.1f, groupnorm.bwd %.1f ms%n",
                    knob, values[j], s[s.length / 2], s[0], rows[j][0], rows[j][1], rows[j][2], rows[j][3], rows[j][4]);
        }
    }
}

package org.diffusionexplorer.core.data;

import org.diffusionexplorer.core.model.GaussianMixtureDenoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * 2-D toy distributions (as in tiny-diffusion and the score-matching literature), scaled to roughly [−2, 2]²:
 * moons, swiss roll, 8 gaussians, checkerboard, spiral, circles.
 */
public final class ToyDatasets {
    public static final List<String> NAMES = List.of("moons", "swiss-roll", "8gaussians", "checkerboard", "spiral", "circles");

    private ToyDatasets() {
    }

    /** Class names of the sets that have classes (for conditional models and guidance); null for the others. */
    public static List<String> classes(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "moons" -> List.of("upper moon", "lower moon");
            case "8gaussians", "8-gaussians" -> List.of("east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east");
            case "circles" -> List.of("outer circle", "inner circle");
            default -> null;
        };
    }

    /**
     * The exact class-conditional denoiser of a toy set that is a Gaussian mixture (8gaussians: eight components
     * N(1.6·(cos, sin)(2πk/8), 0.1²·I), class k each), on the given schedule; null for the other sets.
     */
    public static GaussianMixtureDenoiser mixture(String name, NoiseSchedule s) {
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!key.equals("8gaussians") && !key.equals("8-gaussians")) return null;
        double[] w = new double[8], v = new double[8];
        float[][] mu = new float[8][];
        int[] cls = new int[8];
        for (int k = 0; k < 8; k++) {
            double a = 2 * Math.PI * k / 8;
            w[k] = 1;
            v[k] = 0.01;
            mu[k] = new float[]{(float) (1.6 * Math.cos(a)), (float) (1.6 * Math.sin(a))};
            cls[k] = k;
        }
        return new GaussianMixtureDenoiser(s, w, mu, v, cls, 8);
    }

    public static Dataset sample(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = new float[2 * n];
        int[] labels = new int[n];
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (int i = 0; i < n; i++) {
            double x, y;
            switch (key) {
                case "moons" -> {
                    double a = Math.PI * r.nextDouble();
                    if (r.nextBoolean()) { x = Math.cos(a); y = Math.sin(a); } else { x = 1 - Math.cos(a); y = 0.5 - Math.sin(a); labels[i] = 1; }
                    x = (x - 0.5) * 1.6 + 0.05 * r.nextGaussian();
                    y = (y - 0.25) * 1.6 + 0.05 * r.nextGaussian();
                }
                case "swiss-roll", "swissroll" -> {
                    double t = 1.5 * Math.PI * (1 + 2 * r.nextDouble());
                    x = t * Math.cos(t) / 7 + 0.04 * r.nextGaussian();
                    y = t * Math.sin(t) / 7 + 0.04 * r.nextGaussian();
                }
                case "8gaussians", "8-gaussians" -> {
                    labels[i] = r.nextInt(8);
                    double a = 2 * Math.PI * labels[i] / 8;
                    x = 1.6 * Math.cos(a) + 0.1 * r.nextGaussian();
                    y = 1.6 * Math.sin(a) + 0.1 * r.nextGaussian();
                }
                case "checkerboard" -> { // FFJORD's, scaled to [−2, 2]²
                    double x1 = r.nextDouble() * 4 - 2;
                    double x2 = r.nextDouble() - r.nextInt(2) * 2 + Math.floorMod((long) Math.floor(x1), 2L);
                    x = x1;
                    y = x2;
                }
                case "spiral" -> {
                    double t = Math.sqrt(r.nextDouble()) * 3 * Math.PI;
                    x = t * Math.cos(t) / 5 + 0.05 * r.nextGaussian();
                    y = t * Math.sin(t) / 5 + 0.05 * r.nextGaussian();
                }
                case "circles" -> {
                    double a = 2 * Math.PI * r.nextDouble();
                    boolean outer = r.nextBoolean();
                    double rad = outer ? 1.6 : 0.8;
                    labels[i] = outer ? 0 : 1;
                    x = rad * Math.cos(a) + 0.05 * r.nextGaussian();
                    y = rad * Math.sin(a) + 0.05 * r.nextGaussian();
                }
                default -> throw new IllegalArgumentException("toy data set must be one of " + String.join(", ", NAMES) + " (got '" + name + "')");
            }
            p[2 * i] = (float) x;
            p[2 * i + 1] = (float) y;
        }
        List<String> cls = classes(key);
        return new Dataset("toy:" + key, new Tensor(p, n, 2), cls == null ? null : labels, cls);
    }

    /**
     * Sliced Wasserstein-1 distance between two 2-D point sets over {@code projections} random directions
     * (sorted projections, equal counts by quantile matching).
     */
    public static double slicedWasserstein(float[] a, float[] b, int projections, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int na = a.length / 2, nb = b.length / 2, m = Math.min(na, nb);
        double total = 0;
        double[] pa = new double[na], pb = new double[nb];
        for (int k = 0; k < projections; k++) {
            double ang = Math.PI * r.nextDouble(), c = Math.cos(ang), s = Math.sin(ang);
            for (int i = 0; i < na; i++) pa[i] = a[2 * i] * c + a[2 * i + 1] * s;
            for (int i = 0; i < nb; i++) pb[i] = b[2 * i] * c + b[2 * i + 1] * s;
            Arrays.sort(pa);
            Arrays.sort(pb);
            double d = 0;
            for (int q = 0; q < m; q++) d += Math.abs(pa[(int) ((q + 0.5) * na / m)] - pb[(int) ((q + 0.5) * nb / m)]);
            total += d / m;
        }
        return total / projections;
    }
}

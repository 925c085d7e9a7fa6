package org.diffusionexplorer.core.schedule;

/** numpy.linspace in float64, including both end points. */
final class Linspace {
    private Linspace() {
    }

    static double[] of(double start, double end, int n) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        double step = (end - start) / (n - 1);
        for (int i = 0; i < n; i++) out[i] = start + i * step;
        out[n - 1] = end;
        return out;
    }
}

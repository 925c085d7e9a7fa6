package org.diffusionexplorer.core.tensor;

/** Counts of values in equal bins over [lo, hi]; values outside fall into the end bins. */
public record Histogram(double lo, double hi, long[] counts, long total) {

    /** Histogram of every {@code stride}-th value of v = a·x + b·e (e may be null when b = 0). */
    public static Histogram of(float a, float[] x, float b, float[] e, int bins, double lo, double hi, int stride) {
        long[] c = new long[bins];
        double scale = bins / (hi - lo);
        long n = 0;
        for (int i = 0; i < x.length; i += stride) {
            double v = a * x[i] + (e == null ? 0 : b * e[i]);
            int k = (int) Math.floor((v - lo) * scale);
            c[k < 0 ? 0 : Math.min(bins - 1, k)]++;
            n++;
        }
        return new Histogram(lo, hi, c, n);
    }

    public int bins() { return counts.length; }

    public double binWidth() { return (hi - lo) / counts.length; }

    /** The empirical density in bin k (count / (total · bin width)), comparable with a pdf. */
    public double density(int k) {
        return total == 0 ? 0 : counts[k] / (total * binWidth());
    }

    /** The standard normal density. */
    public static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }
}

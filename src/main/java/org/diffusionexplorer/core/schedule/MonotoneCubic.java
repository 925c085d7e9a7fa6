package org.diffusionexplorer.core.schedule;

/**
 * Piecewise cubic Hermite interpolation that preserves monotonicity (Fritsch and Carlson 1980, as scipy's
 * PchipInterpolator): the interpolant of strictly monotone data is strictly monotone, so a hand-drawn log-SNR curve
 * never makes ᾱ increase. Outside [x_0, x_{n−1}] the end values are held.
 */
public final class MonotoneCubic {
    private final double[] x, y, d;

    public MonotoneCubic(double[] x, double[] y) {
        int n = x.length;
        if (n < 2 || y.length != n) throw new IllegalArgumentException("need at least two points of equal length arrays");
        this.x = x.clone();
        this.y = y.clone();
        this.d = new double[n];
        double[] h = new double[n - 1], delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            h[i] = x[i + 1] - x[i];
            if (!(h[i] > 0)) throw new IllegalArgumentException("x must increase strictly");
            delta[i] = (y[i + 1] - y[i]) / h[i];
        }
        if (n == 2) {
            d[0] = d[1] = delta[0];
            return;
        }
        for (int i = 1; i < n - 1; i++) {
            if (delta[i - 1] * delta[i] <= 0) {
                d[i] = 0;
            } else { // weighted harmonic mean
                double w1 = 2 * h[i] + h[i - 1], w2 = h[i] + 2 * h[i - 1];
                d[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
            }
        }
        d[0] = endSlope(h[0], h[1], delta[0], delta[1]);
        d[n - 1] = endSlope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
    }

    /** scipy's one-sided three-point end condition, limited to keep monotonicity. */
    private static double endSlope(double h0, double h1, double m0, double m1) {
        double dd = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
        if (Math.signum(dd) != Math.signum(m0)) return 0;
        if (Math.signum(m0) != Math.signum(m1) && Math.abs(dd) > Math.abs(3 * m0)) return 3 * m0;
        return dd;
    }

    public double value(double at) {
        int n = x.length;
        if (at <= x[0]) return y[0];
        if (at >= x[n - 1]) return y[n - 1];
        int lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= at) lo = mid; else hi = mid;
        }
        double h = x[hi] - x[lo], s = (at - x[lo]) / h;
        double s2 = s * s, s3 = s2 * s;
        double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
        return h00 * y[lo] + h10 * h * d[lo] + h01 * y[hi] + h11 * h * d[hi];
    }
}

package org.diffusionexplorer.runtime.eval;

/** Eigenvalues and square roots of small symmetric matrices by cyclic Jacobi rotations (for the Fréchet distance). */
final class SymmetricEigen {
    private SymmetricEigen() {
    }

    /** Returns {eigenvalues, eigenvectors (columns)} of a symmetric matrix. */
    static double[][][] decompose(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) v[i][i] = 1;
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
            if (off < 1e-22) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) continue;
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p], akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k], aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p], vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[][] ev = new double[1][n];
        for (int i = 0; i < n; i++) ev[0][i] = a[i][i];
        return new double[][][]{ev, v};
    }

    static double[] eigenvalues(double[][] a) {
        double[][] sym = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) sym[i][j] = 0.5 * (a[i][j] + a[j][i]);
        return decompose(sym)[0][0];
    }

    /** The symmetric PSD square root V·diag(√λ)·Vᵀ. */
    static double[][] sqrt(double[][] a) {
        double[][][] d = decompose(a);
        double[] ev = d[0][0];
        double[][] v = d[1];
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += v[i][k] * Math.sqrt(Math.max(0, ev[k])) * v[j][k];
                out[i][j] = s;
            }
        return out;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double aik = a[i][k];
                for (int j = 0; j < n; j++) c[i][j] += aik * b[k][j];
            }
        return c;
    }
}

package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.runtime.engine.Classifier;
import org.diffusionexplorer.runtime.engine.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Quality of Fashion-MNIST samples in a classifier's feature space: an FID-like Fréchet distance between Gaussian fits
 * of the 64-d features of samples and of the test set, class coverage (the classifier's predicted labels), and a
 * memorisation check (each sample's nearest training image in pixel space against the test set's own distances).
 */
public final class QualityCheck {
    private final Classifier net;

    private QualityCheck(Classifier net) {
        this.net = net;
    }

    /** Trains the classifier (Adam, a few epochs) on the training set; returns it with its test accuracy. */
    public static QualityCheck train(Dataset train, int[] labels, int epochs, long seed, IntConsumer progress) {
        Classifier c = new Classifier(seed);
        int n = train.size(), b = 128, steps = epochs * (n / b);
        float[][] m = new float[c.params().size()][], v = new float[c.params().size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[c.params().get(i).size()];
            v[i] = new float[c.params().get(i).size()];
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        float[] x = new float[b * 784];
        for (int s = 0; s < steps; s++) {
            if (s % (n / b) == 0) for (int i = n - 1; i > 0; i--) {
                int k = r.nextInt(i + 1), t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            int off = (s % (n / b)) * b;
            int[] y = new int[b];
            for (int j = 0; j < b; j++) {
                train.copyItem(perm[off + j], x, j * 784, false);
                y[j] = labels[perm[off + j]];
            }
            c.zeroGrad();
            float[] logits = c.logits(c.features(x, b, true), b, true);
            float[] d = new float[logits.length];
            for (int j = 0; j < b; j++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int k = 0; k < 10; k++) max = Math.max(max, logits[j * 10 + k]);
                for (int k = 0; k < 10; k++) sum += Math.exp(logits[j * 10 + k] - max);
                for (int k = 0; k < 10; k++) d[j * 10 + k] = (float) ((Math.exp(logits[j * 10 + k] - max) / sum - (k == y[j] ? 1 : 0)) / b);
            }
            c.backward(d, b);
            double lr = 2e-3 * Math.min(1, (s + 1) / Math.max(1.0, Math.min(100, steps / 10))) * (s > steps * 0.7 ? 0.2 : 1), b1 = 0.9, b2 = 0.999;
            for (int i = 0; i < m.length; i++) {
                Param p = c.params().get(i);
                for (int k = 0; k < p.size(); k++) {
                    m[i][k] = (float) (b1 * m[i][k] + (1 - b1) * p.grad[k]);
                    v[i][k] = (float) (b2 * v[i][k] + (1 - b2) * p.grad[k] * p.grad[k]);
                    p.value[k] -= (float) (lr * (m[i][k] / (1 - Math.pow(b1, s + 1))) / (Math.sqrt(v[i][k] / (1 - Math.pow(b2, s + 1))) + 1e-8));
                }
            }
            if (progress != null) progress.accept(s + 1);
        }
        return new QualityCheck(c);
    }

    public static int steps(int items, int epochs) {
        return epochs * (items / 128);
    }

    public void save(Path f) throws IOException {
        Map<String, SafeTensors.Entry> w = new LinkedHashMap<>();
        for (Param p : net.params()) w.put(p.name, new SafeTensors.Entry(p.fileShape, p.toFileLayout()));
        SafeTensors.write(f, w, Map.of("what", "fashion-mnist classifier for the quality check"));
    }

    public static QualityCheck load(Path f) throws InputException {
        Classifier c = new Classifier(0);
        Map<String, SafeTensors.Entry> w = SafeTensors.read(f);
        for (Param p : c.params()) {
            SafeTensors.Entry e = w.get(p.name);
            if (e == null || e.data().length != p.size()) throw new InputException(f + ": not a classifier checkpoint (" + p.name + ")");
            p.fromFileLayout(e.data());
        }
        return new QualityCheck(c);
    }

    public static boolean exists(Path f) {
        return Files.isRegularFile(f);
    }

    /** Features [n][64] and predicted labels of images [n][1][28][28] (batches of 256). */
    public float[][] featuresAndLabels(Tensor images, int[] predicted) {
        int n = images.dim(0);
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += 256) {
            int m = Math.min(256, n - from);
            float[] x = new float[m * 784];
            System.arraycopy(images.data(), from * 784, x, 0, m * 784);
            float[] f = net.features(x, m, false), l = net.logits(f, m, false);
            for (int j = 0; j < m; j++) {
                out[from + j] = Arrays.copyOfRange(f, j * 64, (j + 1) * 64);
                int best = 0;
                for (int k = 1; k < 10; k++) if (l[j * 10 + k] > l[j * 10 + best]) best = k;
                if (predicted != null) predicted[from + j] = best;
            }
        }
        return out;
    }

    public double accuracy(Tensor images, int[] labels) {
        int[] p = new int[images.dim(0)];
        featuresAndLabels(images, p);
        int ok = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == labels[i]) ok++;
        return (double) ok / p.length;
    }

    /** Fréchet distance between Gaussian fits of two feature sets: |μ1−μ2|² + Tr(Σ1 + Σ2 − 2(Σ1^½ Σ2 Σ1^½)^½). */
    public static double frechet(float[][] a, float[][] b) {
        int d = a[0].length;
        double[] ma = mean(a), mb = mean(b);
        double[][] ca = cov(a, ma), cb = cov(b, mb);
        double diff = 0;
        for (int i = 0; i < d; i++) diff += (ma[i] - mb[i]) * (ma[i] - mb[i]);
        double[][] sa = SymmetricEigen.sqrt(ca);
        double[][] mmat = SymmetricEigen.mul(SymmetricEigen.mul(sa, cb), sa);
        double[] ev = SymmetricEigen.eigenvalues(mmat);
        double trSqrt = 0;
        for (double e : ev) trSqrt += Math.sqrt(Math.max(0, e));
        double tr = 0;
        for (int i = 0; i < d; i++) tr += ca[i][i] + cb[i][i];
        return diff + tr - 2 * trSqrt;
    }

    static double[] mean(float[][] x) {
        double[] m = new double[x[0].length];
        for (float[] r : x) for (int i = 0; i < m.length; i++) m[i] += r[i];
        for (int i = 0; i < m.length; i++) m[i] /= x.length;
        return m;
    }

    static double[][] cov(float[][] x, double[] m) {
        int d = m.length;
        double[][] c = new double[d][d];
        for (float[] r : x)
            for (int i = 0; i < d; i++) {
                double di = r[i] - m[i];
                for (int j = i; j < d; j++) c[i][j] += di * (r[j] - m[j]);
            }
        for (int i = 0; i < d; i++)
            for (int j = i; j < d; j++) {
                c[i][j] /= x.length - 1;
                c[j][i] = c[i][j];
            }
        return c;
    }

    /** Mean squared pixel distance from each sample to its nearest neighbour in a reference set. */
    public static double[] nearestDistances(Tensor samples, Tensor reference, int limit) {
        int n = Math.min(limit, samples.dim(0)), r = reference.dim(0), d = samples.size() / samples.dim(0);
        float[] s = samples.data(), ref = reference.data();
        double[] out = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < r; j++) {
                double acc = 0;
                for (int k = 0; k < d && acc < best; k++) {
                    double e = s[i * d + k] - ref[j * d + k];
                    acc += e * e;
                }
                best = Math.min(best, acc);
            }
            out[i] = best / d;
        });
        return out;
    }
}

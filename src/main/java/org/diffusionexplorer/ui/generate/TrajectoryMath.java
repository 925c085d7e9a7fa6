package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;

import java.util.TreeMap;

/** Small pure computations on trajectories and images for the Generate view. */
final class TrajectoryMath {
    private TrajectoryMath() {
    }

    /** The trajectory with sample i replaced by the only sample of {@code one} (same grid and kept steps). */
    static Trajectory replaceItem(Trajectory tr, int i, Trajectory one) {
        TreeMap<Integer, Trajectory.Frame> frames = new TreeMap<>();
        for (int k : tr.keptSteps()) {
            Trajectory.Frame a = tr.frame(k), b = one.frame(k);
            frames.put(k, new Trajectory.Frame(put(a.xt(), i, b.xt()), put(a.x0Hat(), i, b.x0Hat()), put(a.epsHat(), i, b.epsHat())));
        }
        return tr.withFrames(frames, Math.min(tr.completed(), one.completed()));
    }

    private static Tensor put(Tensor batch, int i, Tensor one) {
        if (batch == null || one == null) return batch;
        float[] d = batch.data().clone();
        int per = d.length / batch.dim(0);
        System.arraycopy(one.data(), 0, d, i * per, per);
        return new Tensor(d, batch.shape());
    }

    /** For each sample, the index of the nearest data item (mean squared difference) and that difference. */
    static double[][] nearest(Tensor samples, Tensor data) {
        int n = samples.dim(0), m = data.dim(0), d = samples.size() / n;
        if (data.size() / m != d) return null;
        double[][] out = new double[n][2];
        float[] s = samples.data(), x = data.data();
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int arg = -1;
            for (int j = 0; j < m; j++) {
                double acc = 0;
                for (int k = 0; k < d && acc < best * d; k++) {
                    double diff = s[i * d + k] - x[j * d + k];
                    acc += diff * diff;
                }
                if (acc / d < best) {
                    best = acc / d;
                    arg = j;
                }
            }
            out[i][0] = arg;
            out[i][1] = best;
        }
        return out;
    }

    /** PSNR in dB of a against b in model space [−1, 1] (peak-to-peak 2). */
    static double psnr(Tensor a, Tensor b) {
        double s = 0;
        float[] x = a.data(), y = b.data();
        for (int k = 0; k < x.length; k++) {
            double diff = Math.max(-1, Math.min(1, x[k])) - Math.max(-1, Math.min(1, y[k]));
            s += diff * diff;
        }
        double mse = s / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(4 / mse);
    }

    /** An image C×H×W fitted to a model's item shape: centre crop, area resize, grey ↔ RGB. Returns 1×C×H×W. */
    static Tensor fitImage(Tensor img, int[] itemShape) {
        int c = itemShape[0], h = itemShape[1], w = itemShape[2];
        Tensor x = img;
        if (x.dim(1) != h || x.dim(2) != w) {
            if (h == w) x = Resample.centreCropSquare(x);
            x = Resample.area(x, h, w);
        }
        int n = h * w, ci = x.dim(0);
        float[] d = x.data(), out = new float[c * n];
        if (ci == c) {
            System.arraycopy(d, 0, out, 0, out.length);
        } else if (c == 1) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < ci; k++) s += d[k * n + i];
                out[i] = (float) (s / ci);
            }
        } else {
            for (int k = 0; k < c; k++) System.arraycopy(d, 0, out, k * n, n);
        }
        return new Tensor(out, 1, c, h, w);
    }
}

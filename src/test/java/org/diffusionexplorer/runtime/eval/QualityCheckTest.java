package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.runtime.engine.Classifier;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityCheckTest {
    static float[][] gaussian(int n, int d, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) for (int i = 0; i < d; i++) row[i] = (float) (r.nextGaussian() * (1 + 0.5 * (i % 3)) + (i == 0 ? shift : 0));
        return x;
    }

    @Test
    void frechetDistanceOfGaussians() {
        double same = QualityCheck.frechet(gaussian(4000, 8, 0, 1), gaussian(4000, 8, 0, 2));
        double shifted = QualityCheck.frechet(gaussian(4000, 8, 0, 1), gaussian(4000, 8, 2, 2));
        assertTrue(same < 0.1, "same distribution: " + same);
        assertEquals(4.0, shifted, 0.3, "a mean shift of 2 gives |Δμ|² = 4");
    }

    @Test
    void eigenSquareRoot() {
        double[][] a = {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}};
        double[][] s = SymmetricEigen.sqrt(a), back = SymmetricEigen.mul(s, s);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(a[i][j], back[i][j], 1e-9);
    }

    @Test
    void classifierLearnsAToyTask() {
        // two classes: bright top half vs bright bottom half, with noise
        SplittableRandom r = new SplittableRandom(3);
        int n = 768;
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int k = 0; k < 784; k++) x[i * 784 + k] = (float) (((k / 28 < 14) == (y[i] == 0) ? 0.5 : -0.5) + 0.5 * r.nextGaussian());
        }
        var data = new org.diffusionexplorer.core.data.Dataset("t", new org.diffusionexplorer.core.tensor.Tensor(x, n, 1, 28, 28));
        QualityCheck q = QualityCheck.train(data, y, 10, 1, null);
        assertTrue(q.accuracy(data.items(), y) > 0.9);
        assertEquals(Classifier.FEATURES, q.featuresAndLabels(data.items(), null)[0].length);
    }
}

package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample-set-in, metrics-out API on a toy two-class task (no Fashion-MNIST needed). */
class FashionQualityTest {
    static Tensor images(int n, long seed, int[] labels) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 784];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int k = 0; k < 784; k++) x[i * 784 + k] = (float) (((k / 28 < 14) == (labels[i] == 0) ? 0.5 : -0.5) + 0.5 * r.nextGaussian());
        }
        return new Tensor(x, n, 1, 28, 28);
    }

    @Test
    void scoresASampleSetWithAndWithoutIntendedLabels() {
        int[] yTrain = new int[512], yTest = new int[256], ySamples = new int[64];
        Dataset train = new Dataset("train", images(512, 1, yTrain)), test = new Dataset("test", images(256, 2, yTest));
        QualityCheck q = QualityCheck.train(train, yTrain, 6, 1, null);
        FashionQuality fq = new FashionQuality(q, train, test, yTest);
        Tensor samples = images(64, 3, ySamples);

        FashionQuality.Report plain = fq.score(samples);
        assertEquals(64, plain.count());
        assertTrue(Double.isNaN(plain.labelAgreement()));
        assertEquals(64, Arrays.stream(plain.classCounts()).sum());
        assertEquals(64, plain.probe());
        assertTrue(plain.fidSamples() >= -1e-6 && plain.fidBlurredTestImages() > plain.fidTestImages(), plain.toString());
        assertTrue(plain.sampleNearest()[0] <= plain.sampleNearest()[63], "sorted");

        FashionQuality.Report labelled = fq.score(samples, ySamples);
        assertTrue(labelled.labelAgreement() > 0.9, "agreement " + labelled.labelAgreement());
        assertEquals(plain.fidSamples(), labelled.fidSamples());
        int[] flipped = Arrays.stream(ySamples).map(l -> 1 - l).toArray();
        assertTrue(fq.score(samples, flipped).labelAgreement() < 0.1);
        int[] none = new int[64];
        Arrays.fill(none, -1);
        assertTrue(Double.isNaN(fq.score(samples, none).labelAgreement()));
        assertThrows(IllegalArgumentException.class, () -> fq.score(samples, new int[3]));
    }

    @Test
    void blurAndFirstKeepShapes() {
        int[] y = new int[5];
        Tensor t = images(5, 4, y);
        assertEquals(3, SampleImages.first(t, 3).dim(0));
        assertEquals(5, SampleImages.first(t, 50).dim(0));
        Tensor flat = new Tensor(new float[2 * 784], 2, 1, 28, 28);
        Arrays.fill(flat.data(), 0.25f);
        for (float v : SampleImages.blur(flat).data()) assertEquals(0.25f, v, 1e-6f);
    }
}

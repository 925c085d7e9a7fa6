package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.data.FashionMnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The Fashion-MNIST quality check as one call: a sample set in, {@link Report} out. The references are the data set's
 * training and test images and a classifier ({@link QualityCheck}) trained on them once and cached.
 * <pre>
 *   FashionQuality fq = FashionQuality.open(FashionMnist.locate(null), FashionQuality.defaultClassifierFile(), null);
 *   Report r = fq.score(FashionQuality.sample(denoiser, schedule, 2000, guidance, null), guidance.labels());
 * </pre>
 */
public final class FashionQuality {
    /** How the classifier is trained when it is not cached yet. */
    static final int CLASSIFIER_EPOCHS = 3;
    static final long CLASSIFIER_SEED = 7;
    /** Samples probed for memorisation (each against the whole training set). */
    static final int MEMORISATION_PROBE = 200;

    /** Told when the classifier has to be trained first: returns the per-step progress callback (or null). */
    @FunctionalInterface
    public interface ClassifierTraining {
        IntConsumer start(int totalSteps);
    }

    private final QualityCheck classifier;
    private final Dataset train, test;
    private final int[] testLabels;

    public FashionQuality(QualityCheck classifier, Dataset train, Dataset test, int[] testLabels) {
        this.classifier = classifier;
        this.train = train;
        this.test = test;
        this.testLabels = testLabels;
    }

    /**
     * The data set in dir and the classifier cached in classifierFile; the classifier is trained (a few epochs, seeded)
     * and saved there when the file does not exist.
     */
    public static FashionQuality open(Path dir, Path classifierFile, ClassifierTraining training) throws IOException, InputException {
        Dataset train = FashionMnist.train(dir);
        Dataset test = FashionMnist.test(dir);
        int[] testLabels = FashionMnist.testLabels(dir);
        QualityCheck q;
        if (QualityCheck.exists(classifierFile)) {
            q = QualityCheck.load(classifierFile);
        } else {
            IntConsumer progress = training == null ? null : training.start(QualityCheck.steps(train.size(), CLASSIFIER_EPOCHS));
            q = QualityCheck.train(train, FashionMnist.trainLabels(dir), CLASSIFIER_EPOCHS, CLASSIFIER_SEED, progress);
            Files.createDirectories(classifierFile.getParent());
            q.save(classifierFile);
        }
        return new FashionQuality(q, train, test, testLabels);
    }

    /** ~/.cache/diffusion-explorer/fmnist-classifier.safetensors */
    public static Path defaultClassifierFile() {
        return Path.of(System.getProperty("user.home"), ".cache", "diffusion-explorer", "fmnist-classifier.safetensors");
    }

    /**
     * count samples of a denoiser as the check scores them: DDIM, 50 steps, x̂₀ clipped, seed 1; guidance (class
     * labels and scale) may be null for unconditional sampling; listener (progress) may be null.
     */
    public static Tensor sample(Denoiser d, NoiseSchedule schedule, int count, Guidance guidance, SamplingRun.Listener listener) {
        return new SamplingRun(d, schedule, SamplerKind.DDIM, SamplerConfig.of(50).withClip(true), 1, count)
                .withGuidance(guidance).run(listener, () -> false);
    }

    /** The classifier's accuracy on the test set (how far its features can be trusted). */
    public double classifierAccuracy() {
        return classifier.accuracy(test.items(), testLabels);
    }

    /** Scores unconditional samples (N×1×28×28, model space). */
    public Report score(Tensor samples) {
        return score(samples, null);
    }

    /**
     * Scores samples; with intended labels (one per sample, −1 for unconditional), also the share the classifier
     * recognises as the intended class.
     */
    public Report score(Tensor samples, int[] intendedLabels) {
        int n = samples.dim(0);
        if (intendedLabels != null && intendedLabels.length != n) {
            throw new IllegalArgumentException(intendedLabels.length + " labels for " + n + " samples");
        }
        int[] predicted = new int[n];
        float[][] fs = classifier.featuresAndLabels(samples, predicted);
        float[][] ft = classifier.featuresAndLabels(test.items(), null);
        float[][] trainSub = classifier.featuresAndLabels(SampleImages.first(train.items(), n), null);
        float[][] testSub = Arrays.copyOf(ft, n);
        double accuracy = classifierAccuracy();
        double fidSamples = QualityCheck.frechet(fs, ft);
        double fidTrain = QualityCheck.frechet(trainSub, ft);
        double fidTest = QualityCheck.frechet(testSub, ft);
        Tensor blurred = SampleImages.blur(SampleImages.first(test.items(), n));
        double fidBlur = QualityCheck.frechet(classifier.featuresAndLabels(blurred, null), ft);
        int[] hist = new int[FashionMnist.CLASSES.size()];
        for (int p : predicted) hist[p]++;
        double agreement = Double.NaN;
        double[] classAgreement = null;
        if (intendedLabels != null) {
            int[] asked = new int[hist.length], ok = new int[hist.length];
            for (int i = 0; i < n; i++) {
                if (intendedLabels[i] < 0) continue;
                asked[intendedLabels[i]]++;
                if (predicted[i] == intendedLabels[i]) ok[intendedLabels[i]]++;
            }
            classAgreement = new double[hist.length];
            int allAsked = 0, allOk = 0;
            for (int k = 0; k < hist.length; k++) {
                classAgreement[k] = asked[k] == 0 ? Double.NaN : (double) ok[k] / asked[k];
                allAsked += asked[k];
                allOk += ok[k];
            }
            agreement = allAsked == 0 ? Double.NaN : (double) allOk / allAsked;
        }
        int probe = Math.min(MEMORISATION_PROBE, n);
        double[] ds = QualityCheck.nearestDistances(samples, train.items(), probe);
        double[] dt = QualityCheck.nearestDistances(test.items(), train.items(), probe);
        Arrays.sort(ds);
        Arrays.sort(dt);
        return new Report(n, accuracy, fidSamples, fidTrain, fidTest, fidBlur, hist, predicted, agreement, classAgreement, ds, dt);
    }

    /**
     * The metrics of one sample set.
     *
     * @param count              samples scored
     * @param classifierAccuracy the classifier's test accuracy
     * @param fidSamples         Fréchet distance of the samples' features to the 10 000 test images'
     * @param fidTrainingImages  the same for as many training images (a reference: what a perfect model reaches)
     * @param fidTestImages      the same for as many test images (the noise floor of the estimate)
     * @param fidBlurredTestImages the same for as many test images after a 3×3 box blur (a scale: recognisable but soft)
     * @param classCounts        how many samples the classifier puts in each class (coverage)
     * @param predicted          each sample's predicted class
     * @param labelAgreement     share of labelled samples recognised as their intended class; NaN without labels
     * @param classAgreement     the same per intended class (NaN for a class nobody asked for); null without labels
     * @param sampleNearest      sorted mean squared pixel distances of probed samples to their nearest training image
     * @param testNearest        the same for as many test images (what "not memorised" looks like)
     */
    public record Report(int count, double classifierAccuracy, double fidSamples, double fidTrainingImages,
                         double fidTestImages, double fidBlurredTestImages, int[] classCounts, int[] predicted,
                         double labelAgreement, double[] classAgreement, double[] sampleNearest, double[] testNearest) {
        /** How many samples (and test images) the memorisation check probed. */
        public int probe() {
            return sampleNearest.length;
        }
    }
}

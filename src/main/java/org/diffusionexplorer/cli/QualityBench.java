package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.runtime.LoadedModel;
import org.diffusionexplorer.runtime.eval.FashionQuality;
import org.diffusionexplorer.runtime.eval.SampleImages;
import org.diffusionexplorer.runtime.eval.ToyQuality;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code bench --quality}: prints the metrics of {@link ToyQuality} and {@link FashionQuality} as tables. */
final class QualityBench {
    private QualityBench() {
    }

    /** Sliced Wasserstein distances of each toy 2-D model, then the Fashion-MNIST check. */
    static int run(PrintWriter out, PrintWriter err, Path classifier, Path samplesDir, int count) throws Exception {
        out.println("| model | SW(model, data) | SW(exact denoiser, data) | SW(data, data) |");
        out.println("|---|---|---|---|");
        ToyQuality.scoreToyModels(r -> out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", r.id(), r.model(), r.exactDenoiser(), r.data()));
        out.println("(2000 samples, DDIM 50 steps, seed 1; the exact denoiser uses 2000 training points and reproduces them: its distance is the memorising floor.)");
        fashion(out, err, classifier, samplesDir, count);
        return 0;
    }

    /** FID-like score in a Java-trained classifier's feature space, class coverage and memorisation for Fashion-MNIST. */
    private static void fashion(PrintWriter out, PrintWriter err, Path classifier, Path samplesDir, int count) throws Exception {
        Path dir;
        try {
            dir = FashionMnist.locate(null);
        } catch (InputException e) {
            out.println("(Fashion-MNIST quality skipped: " + e.getMessage() + ")");
            return;
        }
        Path cf = classifier != null ? classifier : FashionQuality.defaultClassifierFile();
        FashionQuality fq = FashionQuality.open(dir, cf, total -> {
            ProgressBar bar = new ProgressBar(err, "classifier");
            long start = System.nanoTime();
            return s -> bar.update(s, total, s / Math.max(1e-9, (System.nanoTime() - start) / 1e9), null);
        });
        Tensor samples;
        String what;
        if (samplesDir != null) {
            samples = SampleImages.readPngs(samplesDir);
            what = samplesDir.toString();
        } else {
            LoadedModel m = LoadedModel.load(ModelRegistry.resolve("fashion-mnist"));
            ProgressBar bar = new ProgressBar(err, "sample");
            samples = FashionQuality.sample(m.denoiser(), m.schedule(), count, null, (r, n) -> bar.update(r.index() + 1, n, 0, null));
            what = "fashion-mnist, DDIM 50 steps, seed 1";
        }
        FashionQuality.Report r = fq.score(samples);
        int n = r.count();
        out.println();
        out.printf(Locale.ROOT, "Fashion-MNIST quality of %d samples (%s); classifier test accuracy %.3f%n", n, what, r.classifierAccuracy());
        out.println("| | Fréchet distance in the classifier's 64-d feature space, vs the 10 000 test images |");
        out.println("|---|---|");
        out.printf(Locale.ROOT, "| samples | %.3f |%n", r.fidSamples());
        out.printf(Locale.ROOT, "| %d training images (reference) | %.3f |%n", n, r.fidTrainingImages());
        out.printf(Locale.ROOT, "| %d test images (noise floor) | %.3f |%n", n, r.fidTestImages());
        out.printf(Locale.ROOT, "| %d test images, 3×3 box blur (a scale: recognisable but soft) | %.3f |%n", n, r.fidBlurredTestImages());
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 10; k++) sb.append(FashionMnist.CLASSES.get(k)).append(' ').append(r.classCounts()[k]).append(k < 9 ? ", " : "");
        out.println("class coverage (predicted labels): " + sb);
        int probe = r.probe();
        double[] ds = r.sampleNearest(), dt = r.testNearest();
        out.printf(Locale.ROOT, "memorisation: nearest training image, mean squared pixel distance (model space): samples min %.4f median %.4f; "
                + "test images min %.4f median %.4f (%d each)%n", ds[0], ds[probe / 2], dt[0], dt[probe / 2], probe);
    }
}

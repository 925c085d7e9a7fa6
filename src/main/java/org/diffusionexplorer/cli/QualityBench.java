package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.sampling.Guidance;
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
    static int run(PrintWriter out, PrintWriter err, Path classifier, Path samplesDir, String model, int count) throws Exception {
        out.println("| model | SW(model, data) | SW(exact denoiser, data) | SW(data, data) |");
        out.println("|---|---|---|---|");
        ToyQuality.scoreToyModels(r -> out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", r.id(), r.model(), r.exactDenoiser(), r.data()));
        out.println("(2000 samples, DDIM 50 steps, seed 1; the exact denoiser uses 2000 training points and reproduces them: its distance is the memorising floor.)");
        fashion(out, err, classifier, samplesDir, model == null ? "fashion-mnist" : model, count);
        return 0;
    }

    /** FID-like score in a Java-trained classifier's feature space, class coverage and memorisation for Fashion-MNIST. */
    private static void fashion(PrintWriter out, PrintWriter err, Path classifier, Path samplesDir, String model, int count) throws Exception {
        FashionQuality fq = open(out, err, classifier);
        if (fq == null) return;
        Tensor samples;
        String what;
        if (samplesDir != null) {
            samples = SampleImages.readPngs(samplesDir);
            what = samplesDir.toString();
        } else {
            LoadedModel m = LoadedModel.load(ModelRegistry.resolve(model));
            ProgressBar bar = new ProgressBar(err, "sample");
            samples = FashionQuality.sample(m.denoiser(), m.schedule(), count, null, (r, n) -> bar.update(r.index() + 1, n, 0, null));
            what = model + ", DDIM 50 steps, seed 1";
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

    /** The classifier (trained and cached on first use), or null (with a line) when Fashion-MNIST is not there. */
    private static FashionQuality open(PrintWriter out, PrintWriter err, Path classifier) throws Exception {
        Path dir;
        try {
            dir = FashionMnist.locate(null);
        } catch (InputException e) {
            out.println("(Fashion-MNIST quality skipped: " + e.getMessage() + ")");
            return null;
        }
        Path cf = classifier != null ? classifier : FashionQuality.defaultClassifierFile();
        return FashionQuality.open(dir, cf, total -> {
            ProgressBar bar = new ProgressBar(err, "classifier");
            long start = System.nanoTime();
            return s -> bar.update(s, total, s / Math.max(1e-9, (System.nanoTime() - start) / 1e9), null);
        });
    }

    /**
     * A class-conditional model at each guidance scale w: count samples (class i mod 10 for sample i, so an equal
     * share per class; DDIM 50, seed 1), the share the classifier puts in the intended class, per class and over all,
     * and the FID-like distance to the test images (guidance trades diversity for fidelity).
     */
    static int guided(PrintWriter out, PrintWriter err, Path classifier, String model, double[] scales, int count) throws Exception {
        if (model == null) throw new IllegalArgumentException("--guidance needs --model, a class-conditional Fashion-MNIST model");
        for (double w : scales) {
            if (!Double.isFinite(w) || w < 0) throw new IllegalArgumentException("--guidance scales must be finite and ≥ 0 (got " + w + ")");
        }
        if (count < 10) throw new IllegalArgumentException("--count must be at least 10 (one per class)");
        LoadedModel m = LoadedModel.load(ModelRegistry.resolve(model));
        int classes = m.denoiser().classes();
        if ("toy:8gaussians".equals(m.bundle().json().training.get("data")) && classes > 0) return guidedToy(out, m, model, scales);
        if (classes != FashionMnist.CLASSES.size()) {
            throw new IllegalArgumentException(model + " is not a class-conditional Fashion-MNIST model (it has " + classes + " classes)");
        }
        FashionQuality fq = open(out, err, classifier);
        if (fq == null) return 0;
        StringBuilder head = new StringBuilder("| w | accuracy | FID-like |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String c : FashionMnist.CLASSES) {
            head.append(' ').append(c).append(" |");
            rule.append("---|");
        }
        out.printf(Locale.ROOT, "%s: %d samples per scale (%d per class), DDIM 50 steps, seed 1; accuracy: the share the classifier (test accuracy %.3f) puts in the asked class%n",
                model, count, count / classes, fq.classifierAccuracy());
        out.println(head);
        out.println(rule);
        out.flush();
        for (double w : scales) {
            ProgressBar bar = new ProgressBar(err, "w=" + w);
            Guidance g = Guidance.everyClass(classes, count, w);
            Tensor samples = FashionQuality.sample(m.denoiser(), m.schedule(), count, g, (r, n) -> bar.update(r.index() + 1, n, 0, null));
            FashionQuality.Report r = fq.score(samples, g.labels());
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.3f | %.3f |", fmt(w), r.labelAgreement(), r.fidSamples()));
            for (double a : r.classAgreement()) row.append(String.format(Locale.ROOT, " %.2f |", a));
            out.println(row);
            out.flush();
        }
        out.println("(w = 0 samples without the class, so its accuracy is the classes' base rate; the FID-like distance is in the classifier's 64-d feature space against the 10 000 test images, noise floor at this count in `bench --quality`)");
        return 0;
    }

    /** A class-conditional 8-Gaussian model under guidance against the exact mixture's guided field. */
    private static int guidedToy(PrintWriter out, LoadedModel m, String model, double[] scales) {
        out.printf(Locale.ROOT, "%s against the exact 8-Gaussian mixture's closed-form guided field: %d samples per scale (class i mod 8), DDIM 50%n",
                model, ToyQuality.COUNT);
        out.println("| w | SW(model, exact guided) | SW(exact guided, exact guided): noise floor |");
        out.println("|---|---|---|");
        for (double w : scales) {
            ToyQuality.GuidedRow r = ToyQuality.guided(m, w);
            out.printf(Locale.ROOT, "| %s | %.4f | %.4f |%n", fmt(w), r.modelToExact(), r.exactToExact());
            out.flush();
        }
        return 0;
    }

    private static String fmt(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }
}

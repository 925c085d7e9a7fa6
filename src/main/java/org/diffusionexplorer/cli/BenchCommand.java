package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.LoadedModel;
import org.diffusionexplorer.runtime.TimeFeatures;
import org.diffusionexplorer.runtime.UNetConfig;
import org.diffusionexplorer.runtime.engine.UNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the performance suite and prints a table (milliseconds, median of repeats).",
                "With PyTorch available (/usr/bin/python3 with torch), the same UNet runs there in the same run for the ratio.",
                "--quality instead measures sample quality of the bundled 2-D models (sliced Wasserstein distances)."})
final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Mixin
    EngineOption engineOption = new EngineOption();

    @Option(names = "--quality", description = "measure sample quality instead of speed")
    boolean quality;

    @Option(names = "--model-size", defaultValue = "small", description = "UNet preset to time (default ${DEFAULT-VALUE}, the bundled fashion-mnist architecture)")
    String modelSize;

    @Option(names = "--no-torch", description = "skip the PyTorch comparison")
    boolean noTorch;

    @Option(names = "--rounds", description = "alternate ours and PyTorch this many times and report medians (default 3)")
    int rounds = 3;

    @Option(names = "--python", paramLabel = "PATH", description = "the Python with torch for the comparison (default: /usr/bin/python3 when it has torch, else python3 on PATH)")
    String python;

    @Option(names = "--no-blas-table", description = "skip the second table (our engine on OpenBLAS, the fallback for CPUs without AVX-512)")
    boolean noBlasTable;

    @Option(names = "--export", description = "time the animation encoders (200 forward frames in each format, a reverse grid)")
    boolean export;

    @Option(names = "--profile", description = "time each engine operation over 10 training steps at batch 64 and print where the time goes")
    boolean profile;

    @Option(names = "--samples", paramLabel = "DIR", description = "with --quality: score the sample_*.png images in DIR instead of sampling fashion-mnist")
    Path samplesDir;

    @Option(names = "--count", defaultValue = "2000", description = "with --quality: Fashion-MNIST samples to draw (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--classifier", paramLabel = "FILE", description = "with --quality: the feature classifier (trained and cached there if missing; default ~/.cache/diffusion-explorer/fmnist-classifier.safetensors)")
    Path classifier;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        PrintWriter out = cmd.commandLine().getOut();
        if (quality) return quality(out);
        if (profile && org.diffusionexplorer.runtime.Engine.active() == org.diffusionexplorer.runtime.Engine.SAMEDIFF) {
            throw new IllegalArgumentException("--profile times our engine's operations: use --engine vector or blas");
        }
        if (profile) return profile(out);
        if (export) return ExportBench.run(out);
        if (rounds < 1 || rounds > 50) throw new IllegalArgumentException("--rounds must be between 1 and 50 (got " + rounds + ")");
        out.println("| what | ms |");
        out.println("|---|---|");
        out.printf(Locale.ROOT, "| forward frame 1024×1024 RGB → ARGB | %.2f |%n", forwardFrame());
        UNetConfig c = Architectures.unetPreset(modelSize, 1, 28);
        UNet u = new UNet(c, 1);
        // training has its own model instance, as in the app (previews sample with the EMA copy): switching one
        // instance between inference and training slows the next training steps (measured: ~430 → ~590 ms)
        org.diffusionexplorer.runtime.train.Trainer trainer = org.diffusionexplorer.runtime.Engine.active() == org.diffusionexplorer.runtime.Engine.SAMEDIFF
                ? null : benchTrainer(new UNet(c, 1));
        // ours and PyTorch alternate, round by round, so that a noisy neighbour on the machine hits both sides
        int r = rounds;
        TorchPeer torchPeer = new TorchPeer(python);
        double[][] oursR = new double[r][], torchR = new double[r][];
        boolean withTorch = !noTorch;
        for (int i = 0; i < r; i++) {
            oursR[i] = ours(u, c, trainer, i == 0 ? 25 : 5);
            torchR[i] = withTorch ? torchPeer.run(c, out) : null;
            withTorch &= torchR[i] != null;
        }
        double[] ours = medians(oursR), torch = withTorch ? medians(torchR) : null;
        out.println();
        out.printf(Locale.ROOT, "UNet %s, %d parameters (28×28, 1 channel), %s; ms per call, median of %d round(s):%n",
                c, u.parameterCount(), blasCore(), r);
        out.println("| | batch 1 | batch 16 | batch 64 | train step, batch 64 | train images/s |");
        out.println("|---|---|---|---|---|---|");
        if (torch != null) {
            // the first row that starts with "| ratio": batch 1, 16, 64, then the training step, as plain numbers
            double[] ratio = ratios(oursR, torchR, r);
            out.printf(Locale.ROOT, "| ratio (ours / PyTorch, median over rounds) | %.2f | %.2f | %.2f | %.2f | |%n", ratio[0], ratio[1], ratio[2], ratio[3]);
        }
        row(out, "Diffusion Explorer (" + org.diffusionexplorer.runtime.Engine.describe() + ")", ours);
        if (torch != null) {
            row(out, "PyTorch " + torchPeer.version + " (CPU, same threads, " + torchPeer.dispatch + ")", torch);
            StringBuilder rr = new StringBuilder("training step per round, ours / PyTorch (ms):");
            for (int i = 0; i < r; i++) rr.append(String.format(Locale.ROOT, " %.0f / %.0f", oursR[i][3], torchR[i][3]));
            out.println(rr);
        } else {
            out.println("(no PyTorch row: " + (noTorch ? "--no-torch" : torchPeer.missing) + ")");
        }
        // the OpenBLAS fallback (CPUs without AVX-512, arm64), measured apart, after the main table
        if (!noBlasTable && org.diffusionexplorer.runtime.Engine.active() == org.diffusionexplorer.runtime.Engine.VECTOR) {
            org.diffusionexplorer.runtime.Engine.select(org.diffusionexplorer.runtime.Engine.BLAS);
            try {
                UNet ub = new UNet(c, 1);
                double[][] blasR = new double[r][];
                var tb = benchTrainer(new UNet(c, 1));
                for (int i = 0; i < r; i++) blasR[i] = ours(ub, c, tb, i == 0 ? 10 : 3);
                out.println();
                out.printf(Locale.ROOT, "The OpenBLAS fallback (--engine blas), same network, median of %d round(s):%n", r);
                out.println("| | batch 1 | batch 16 | batch 64 | train step, batch 64 | train images/s |");
                out.println("|---|---|---|---|---|---|");
                if (torch != null) {
                    double[] ratio = ratios(blasR, torchR, r);
                    out.printf(Locale.ROOT, "| blas / PyTorch | %.2f | %.2f | %.2f | %.2f | |%n", ratio[0], ratio[1], ratio[2], ratio[3]);
                }
                row(out, "Diffusion Explorer (engine blas)", medians(blasR));
            } finally {
                org.diffusionexplorer.runtime.Engine.select(org.diffusionexplorer.runtime.Engine.VECTOR);
            }
        }
        return 0;
    }

    private static double[] ratios(double[][] a, double[][] b, int r) {
        double[] ratio = new double[4];
        for (int k = 0; k < 4; k++) {
            double[] q = new double[r];
            for (int i = 0; i < r; i++) q[i] = a[i][k] / b[i][k];
            Arrays.sort(q);
            ratio[k] = q[r / 2];
        }
        return ratio;
    }


    /** Our forward passes at batch 1 / 16 / 64 and a training step at batch 64 (medians, ms). */
    private static double[] ours(UNet u, UNetConfig c, org.diffusionexplorer.runtime.train.Trainer trainer, int warmSteps) {
        double[] t = new double[4];
        if (org.diffusionexplorer.runtime.Engine.active() == org.diffusionexplorer.runtime.Engine.SAMEDIFF) {
            // the SameDiff graph of the same network and weights; training runs on our engine only
            var graph = org.diffusionexplorer.runtime.SameDiffReference.unet(c);
            graph.load(Architectures.weights(u));
            for (int i = 0; i < 3; i++) {
                int b = new int[]{1, 16, 64}[i];
                t[i] = median(() -> graph.forward(new float[b * 784], new long[]{b, 1, 28, 28}, TimeFeatures.of(new double[b], c.timeFeatures()), c.timeFeatures()), b == 1 ? 40 : 8);
            }
            t[3] = Double.NaN;
            return t;
        }
        // the JIT needs ~25 steps before the training step is at its steady pace (~500 → ~430 ms here)
        for (int i = 0; i < warmSteps; i++) trainer.trainStep();
        for (int i = 0; i < 3; i++) {
            int b = new int[]{1, 16, 64}[i];
            t[i] = median(() -> u.forward(new float[b * 784], b, TimeFeatures.of(new double[b], c.timeFeatures()), false), b == 1 ? 40 : 8);
        }
        t[3] = median(trainer::trainStep, 7);
        return t;
    }

    private static double[] medians(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (int k = 0; k < m.length; k++) {
            double[] col = new double[rows.length];
            for (int i = 0; i < rows.length; i++) col[i] = rows[i][k];
            Arrays.sort(col);
            m[k] = col[rows.length / 2];
        }
        return m;
    }

    /** OpenBLAS picks its kernels by CPU unless OPENBLAS_CORETYPE says otherwise (it matters: see README). */
    private static String blasCore() {
        String env = System.getenv("OPENBLAS_CORETYPE");
        return org.diffusionexplorer.runtime.engine.VecSupport.describe() + "; "
                + (env == null ? "OpenBLAS kernels chosen by CPU" : "OPENBLAS_CORETYPE=" + env);
    }

    /** A real training step (batch, forward, loss, backward, Adam, EMA) at batch 64 on random 28×28 items. */
    private static org.diffusionexplorer.runtime.train.Trainer benchTrainer(UNet u) {
        int n = 512, s = u.config().size(), ch = u.config().channels();
        Tensor items = new Tensor(new NoiseSource(3).gaussian(n * ch * s * s), n, ch, s, s);
        var config = new org.diffusionexplorer.runtime.train.TrainConfig("bench", new org.diffusionexplorer.core.schedule.ScheduleSpec.Linear(1000, 1e-4, 0.02, false),
                org.diffusionexplorer.core.model.Prediction.EPSILON, 1_000_000, 64, 1e-4, 0, 1.0, 0.999, 0, false, 1_000_000);
        return new org.diffusionexplorer.runtime.train.Trainer(config, new org.diffusionexplorer.core.data.Dataset("bench", items), u);
    }

    private int profile(PrintWriter out) {
        UNetConfig c = Architectures.unetPreset(modelSize, 1, 28);
        UNet u = new UNet(c, 1);
        var trainer = benchTrainer(u);
        // warm-up: the Vector API kernels are only fast once C2 has compiled them
        for (int i = 0; i < 25; i++) trainer.trainStep();
        org.diffusionexplorer.runtime.engine.Profile.reset();
        org.diffusionexplorer.runtime.engine.Profile.enable(true);
        int steps = 10;
        double[] t = new double[steps];
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            long s0 = System.nanoTime();
            trainer.trainStep();
            t[i] = (System.nanoTime() - s0) / 1e6;
        }
        double wall = (System.nanoTime() - start) / 1e6 / steps;
        org.diffusionexplorer.runtime.engine.Profile.enable(false);
        Arrays.sort(t);
        out.printf(Locale.ROOT, "UNet %s, training step at batch 64: %.0f ms wall (mean of %d; median %.0f, min %.0f); %s%n",
                c, wall, steps, t[steps / 2], t[0], blasCore());
        out.print(org.diffusionexplorer.runtime.engine.Profile.report(steps));
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String name, double[] v) {
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f | %.0f |%n", name, v[0], v[1], v[2], v[3], 64000 / v[3]);
    }

    static double median(Runnable r, int reps) {
        for (int i = 0; i < Math.max(3, reps / 2); i++) r.run(); // JIT warm-up (the Vector API kernels need C2)
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    static double forwardFrame() {
        int n = 1024 * 1024;
        float[] x0 = new NoiseSource(1).gaussian(3 * n), eps = new NoiseSource(2).gaussian(3 * n);
        int[] argb = new int[n];
        return median(() -> FrameRenderer.render(0.6f, x0, 0.8f, eps, 3, argb), 60);
    }


    /** FID-like score in a Java-trained classifier's feature space, class coverage and memorisation for Fashion-MNIST. */
    private void fashionQuality(PrintWriter out) throws Exception {
        Path dir;
        try {
            dir = org.diffusionexplorer.io.data.FashionMnist.locate(null);
        } catch (org.diffusionexplorer.io.InputException e) {
            out.println("(Fashion-MNIST quality skipped: " + e.getMessage() + ")");
            return;
        }
        var train = org.diffusionexplorer.io.data.FashionMnist.train(dir);
        var test = org.diffusionexplorer.io.data.FashionMnist.test(dir);
        int[] testLabels = org.diffusionexplorer.io.data.FashionMnist.testLabels(dir);
        Path cf = classifier != null ? classifier : Path.of(System.getProperty("user.home"), ".cache", "diffusion-explorer", "fmnist-classifier.safetensors");
        org.diffusionexplorer.runtime.eval.QualityCheck q;
        PrintWriter err = cmd.commandLine().getErr();
        if (org.diffusionexplorer.runtime.eval.QualityCheck.exists(cf)) {
            q = org.diffusionexplorer.runtime.eval.QualityCheck.load(cf);
        } else {
            ProgressBar bar = new ProgressBar(err, "classifier");
            int total = org.diffusionexplorer.runtime.eval.QualityCheck.steps(train.size(), 3);
            long start = System.nanoTime();
            q = org.diffusionexplorer.runtime.eval.QualityCheck.train(train, org.diffusionexplorer.io.data.FashionMnist.trainLabels(dir), 3, 7,
                    s -> bar.update(s, total, s / Math.max(1e-9, (System.nanoTime() - start) / 1e9), null));
            Files.createDirectories(cf.getParent());
            q.save(cf);
        }
        Tensor samples;
        String what;
        if (samplesDir != null) {
            samples = readPngs(samplesDir);
            what = samplesDir.toString();
        } else {
            LoadedModel m = LoadedModel.load(ModelRegistry.resolve("fashion-mnist"));
            ProgressBar bar = new ProgressBar(err, "sample");
            samples = new SamplingRun(m.denoiser(), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50).withClip(true), 1, count)
                    .run((r, n) -> bar.update(r.index() + 1, n, 0, null), () -> false);
            what = "fashion-mnist, DDIM 50 steps, seed 1";
        }
        int n = samples.dim(0);
        int[] predicted = new int[n];
        float[][] fs = q.featuresAndLabels(samples, predicted);
        float[][] ft = q.featuresAndLabels(test.items(), null);
        float[][] trainSub = q.featuresAndLabels(firstItems(train.items(), n), null);
        float[][] testSub = java.util.Arrays.copyOf(ft, n);
        out.println();
        out.printf(Locale.ROOT, "Fashion-MNIST quality of %d samples (%s); classifier test accuracy %.3f%n", n, what, q.accuracy(test.items(), testLabels));
        out.println("| | Fréchet distance in the classifier's 64-d feature space, vs the 10 000 test images |");
        out.println("|---|---|");
        out.printf(Locale.ROOT, "| samples | %.3f |%n", org.diffusionexplorer.runtime.eval.QualityCheck.frechet(fs, ft));
        out.printf(Locale.ROOT, "| %d training images (reference) | %.3f |%n", n, org.diffusionexplorer.runtime.eval.QualityCheck.frechet(trainSub, ft));
        out.printf(Locale.ROOT, "| %d test images (noise floor) | %.3f |%n", n, org.diffusionexplorer.runtime.eval.QualityCheck.frechet(testSub, ft));
        Tensor blurred = blur(firstItems(test.items(), n));
        out.printf(Locale.ROOT, "| %d test images, 3×3 box blur (a scale: recognisable but soft) | %.3f |%n", n,
                org.diffusionexplorer.runtime.eval.QualityCheck.frechet(q.featuresAndLabels(blurred, null), ft));
        int[] hist = new int[10];
        for (int p : predicted) hist[p]++;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 10; k++) sb.append(org.diffusionexplorer.io.data.FashionMnist.CLASSES.get(k)).append(' ').append(hist[k]).append(k < 9 ? ", " : "");
        out.println("class coverage (predicted labels): " + sb);
        int probe = Math.min(200, n);
        double[] ds = org.diffusionexplorer.runtime.eval.QualityCheck.nearestDistances(samples, train.items(), probe);
        double[] dt = org.diffusionexplorer.runtime.eval.QualityCheck.nearestDistances(test.items(), train.items(), probe);
        Arrays.sort(ds);
        Arrays.sort(dt);
        out.printf(Locale.ROOT, "memorisation: nearest training image, mean squared pixel distance (model space): samples min %.4f median %.4f; "
                + "test images min %.4f median %.4f (%d each)%n", ds[0], ds[probe / 2], dt[0], dt[probe / 2], probe);
    }

    /** 3×3 box blur of N×1×H×W images (edges clamped). */
    static Tensor blur(Tensor t) {
        int n = t.dim(0), h = t.dim(2), w = t.dim(3);
        float[] in = t.data(), out = new float[in.length];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.max(0, Math.min(h - 1, y + dy)), xx = Math.max(0, Math.min(w - 1, x + dx));
                            s += in[(i * h + yy) * w + xx];
                        }
                    out[(i * h + y) * w + x] = s / 9;
                }
        return new Tensor(out, t.shape());
    }

    private static Tensor firstItems(Tensor t, int n) {
        int per = t.size() / t.dim(0);
        int[] shape = t.shape();
        shape[0] = Math.min(n, t.dim(0));
        return new Tensor(Arrays.copyOf(t.data(), shape[0] * per), shape);
    }

    private static Tensor readPngs(Path dir) throws Exception {
        java.util.List<Tensor> items = new java.util.ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().matches("sample_\\d+\\.png")).sorted().toList()) {
                Tensor img = new org.diffusionexplorer.io.image.ImageLoader(28, 1f).load(p).pixels();
                if (img.dim(0) != 1) img = org.diffusionexplorer.io.data.ImageFolder.prepare(
                        new org.diffusionexplorer.io.image.LoadedImage(img, 28, 28, "png", p.toString()), 28, 1);
                items.add(img);
            }
        }
        if (items.isEmpty()) throw new IllegalArgumentException(dir + ": no sample_NNNN.png files");
        return Tensor.stack(items);
    }

    /** Sliced Wasserstein distances of each bundled 2-D model to its true distribution, with the exact denoiser and data itself as references. */
    private int quality(PrintWriter out) throws Exception {
        out.println("| model | SW(model, data) | SW(exact denoiser, data) | SW(data, data) |");
        out.println("|---|---|---|---|");
        for (var e : ModelRegistry.list().entrySet()) {
            // every 2-D model trained on a toy set (bundled or the user's), scored against that set
            var bundle = ModelRegistry.resolve(e.getKey());
            Object data = bundle.json().training.get("data");
            if (!(data instanceof String d) || !d.startsWith("toy:") || !ToyDatasets.NAMES.contains(d.substring(4))) continue;
            LoadedModel m = LoadedModel.load(bundle);
            String name = d.substring(4);
            int n = 2000;
            Tensor ref = ToyDatasets.sample(name, n, 123).items();
            Tensor ref2 = ToyDatasets.sample(name, n, 456).items();
            Tensor train = ToyDatasets.sample(name, n, 789).items();
            Tensor s = new SamplingRun(m.denoiser(), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50), 1, n).run(null, () -> false);
            Tensor ex = new SamplingRun(new EmpiricalDenoiser(m.schedule(), train), m.schedule(), SamplerKind.DDIM, SamplerConfig.of(50), 1, n)
                    .run(null, () -> false);
            out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", e.getKey(), ToyDatasets.slicedWasserstein(s.data(), ref.data(), 64, 1),
                    ToyDatasets.slicedWasserstein(ex.data(), ref.data(), 64, 1), ToyDatasets.slicedWasserstein(ref2.data(), ref.data(), 64, 1));
        }
        out.println("(2000 samples, DDIM 50 steps, seed 1; the exact denoiser uses 2000 training points and reproduces them: its distance is the memorising floor.)");
        fashionQuality(out);
        return 0;
    }
}

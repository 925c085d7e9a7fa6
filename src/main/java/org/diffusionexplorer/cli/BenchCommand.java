package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.NoiseSource;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.Engine;
import org.diffusionexplorer.runtime.SameDiffReference;
import org.diffusionexplorer.runtime.TimeFeatures;
import org.diffusionexplorer.runtime.UNetConfig;
import org.diffusionexplorer.runtime.engine.Profile;
import org.diffusionexplorer.runtime.engine.UNet;
import org.diffusionexplorer.runtime.engine.VecSupport;
import org.diffusionexplorer.runtime.train.TrainConfig;
import org.diffusionexplorer.runtime.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
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

    @Option(names = "--profile", description = "time each engine operation over 10 training steps at batch 64, then inference at batch 1 and 16, and print where the time goes (with GFLOPS against the kernel's peak)")
    boolean profile;

    @Option(names = "--samples", paramLabel = "DIR", description = "with --quality: score the sample_*.png images in DIR instead of sampling fashion-mnist")
    Path samplesDir;

    @Option(names = "--count", defaultValue = "2000", description = "with --quality: Fashion-MNIST samples to draw (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--model", paramLabel = "ID|DIR", description = "with --quality: the Fashion-MNIST model to sample (default fashion-mnist); with --guidance a class-conditional one")
    String model;

    @Option(names = "--guidance", paramLabel = "W[,W...]", split = ",", description = "with --quality and a class-conditional --model: per-class accuracy and the FID-like distance of --count samples (an equal share per class) at each guidance scale w")
    double[] guidance;

    @Option(names = "--classifier", paramLabel = "FILE", description = "with --quality: the feature classifier (trained and cached there if missing; default ~/.cache/diffusion-explorer/fmnist-classifier.safetensors)")
    Path classifier;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        PrintWriter out = cmd.commandLine().getOut();
        if (!quality && (model != null || guidance != null)) throw new IllegalArgumentException("--model and --guidance go with --quality");
        if (quality && guidance != null) return QualityBench.guided(out, cmd.commandLine().getErr(), classifier, model, guidance, count);
        if (quality) return QualityBench.run(out, cmd.commandLine().getErr(), classifier, samplesDir, model, count);
        if (profile && Engine.active() == Engine.SAMEDIFF) {
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
        Trainer trainer = Engine.active() == Engine.SAMEDIFF
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
        row(out, "Diffusion Explorer (" + Engine.describe() + ")", ours);
        if (torch != null) {
            row(out, "PyTorch " + torchPeer.version + " (CPU, same threads, " + torchPeer.dispatch + ")", torch);
            StringBuilder rr = new StringBuilder("training step per round, ours / PyTorch (ms):");
            for (int i = 0; i < r; i++) rr.append(String.format(Locale.ROOT, " %.0f / %.0f", oursR[i][3], torchR[i][3]));
            out.println(rr);
        } else {
            out.println("(no PyTorch row: " + (noTorch ? "--no-torch" : torchPeer.missing) + ")");
        }
        // the OpenBLAS fallback (CPUs without AVX-512, arm64), measured apart, after the main table
        if (!noBlasTable && Engine.active() == Engine.VECTOR) {
            Engine.select(Engine.BLAS);
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
                Engine.select(Engine.VECTOR);
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
    private static double[] ours(UNet u, UNetConfig c, Trainer trainer, int warmSteps) {
        double[] t = new double[4];
        if (Engine.active() == Engine.SAMEDIFF) {
            // the SameDiff graph of the same network and weights; training runs on our engine only
            var graph = SameDiffReference.unet(c);
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
        return VecSupport.describe() + "; "
                + (env == null ? "OpenBLAS kernels chosen by CPU" : "OPENBLAS_CORETYPE=" + env);
    }

    /** A real training step (batch, forward, loss, backward, Adam, EMA) at batch 64 on random 28×28 items. */
    private static Trainer benchTrainer(UNet u) {
        int n = 512, s = u.config().size(), ch = u.config().channels();
        Tensor items = new Tensor(new NoiseSource(3).gaussian(n * ch * s * s), n, ch, s, s);
        var config = new TrainConfig("bench", new ScheduleSpec.Linear(1000, 1e-4, 0.02, false),
                Prediction.EPSILON, 1_000_000, 64, 1e-4, 0, 1.0, 0.999, 0, false, 1_000_000);
        return new Trainer(config, new Dataset("bench", items), u);
    }

    private int profile(PrintWriter out) {
        UNetConfig c = Architectures.unetPreset(modelSize, 1, 28);
        UNet u = new UNet(c, 1);
        var trainer = benchTrainer(u);
        // warm-up: the Vector API kernels are only fast once C2 has compiled them
        for (int i = 0; i < 25; i++) trainer.trainStep();
        Profile.reset();
        Profile.enable(true);
        int steps = 10;
        double[] t = new double[steps];
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            long s0 = System.nanoTime();
            trainer.trainStep();
            t[i] = (System.nanoTime() - s0) / 1e6;
        }
        double wall = (System.nanoTime() - start) / 1e6 / steps;
        Profile.enable(false);
        Arrays.sort(t);
        out.printf(Locale.ROOT, "UNet %s, training step at batch 64: %.0f ms wall (mean of %d; median %.0f, min %.0f); %s%n",
                c, wall, steps, t[steps / 2], t[0], blasCore());
        double fma = Profile.fmaPeakGflops();
        out.print(Profile.report(steps, fma));
        double peak = Profile.kernelPeakGflops();
        out.printf(Locale.ROOT, "GFLOPS count useful multiply-adds (×2; not the zero padding) of the direct convolution. The 3×3 convolution kernel alone, "
                + "in cache (64→64 channels, 4×16², %d threads): %.1f GFLOPS; the whole step reaches %.0f%% of that.%n",
                Profile.threads(), peak, 100 * Profile.totalFlops() / (wall * 1e6 * steps) / peak);
        if (!Double.isNaN(fma))
            out.printf(Locale.ROOT, "FMA peak (independent vector FMAs, no memory traffic, %d threads): %.1f GFLOPS. \"of FMA peak\" is the multiply-adds "
                    + "actually done against it: half the GFLOPS column for the Winograd rows (.wino.), which do half the direct convolution's multiplies, "
                    + "a third for the upsampling convolutions (.subpixel), which do a third. "
                    + "At that peak the step's multiply-adds would take %.0f ms of its %.0f.%n",
                    Profile.threads(), fma, Profile.actualFlops() / (double) steps / fma / 1e6, wall);
        // inference, where batch-1 latency is the Generate view's (one sample, many steps)
        for (int b : new int[]{1, 16}) {
            float[] x = new float[b * 784], tf = TimeFeatures.of(new double[b], c.timeFeatures());
            int calls = b == 1 ? 200 : 30;
            for (int i = 0; i < calls; i++) u.forward(x, b, tf, false);
            Profile.reset();
            Profile.enable(true);
            long s0 = System.nanoTime();
            for (int i = 0; i < calls; i++) u.forward(x, b, tf, false);
            double ms = (System.nanoTime() - s0) / 1e6 / calls;
            Profile.enable(false);
            out.printf(Locale.ROOT, "%nInference at batch %d: %.2f ms wall per forward (mean of %d, profiled)%n", b, ms, calls);
            out.print(Profile.report(calls, fma));
        }
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
        try {
            FrameRenderer.awaitVectorLoops(); // measured compiled, as a scrub after its first frames
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int n = 1024 * 1024;
        float[] x0 = new NoiseSource(1).gaussian(3 * n), eps = new NoiseSource(2).gaussian(3 * n);
        int[] argb = new int[n];
        return median(() -> FrameRenderer.render(0.6f, x0, 0.8f, eps, 3, argb), 60);
    }
}

package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.NpyWriter;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generates samples with a model and a sampler.",
                "Images: DIR/sample_0000.png …; --npy adds samples.npy (K×C×H×W float32). 2-D models: DIR/samples.csv (x,y).",
                "--trajectory also writes every step's x_t and x̂_0 (DIR/trajectory/). Sample k uses seed + k."})
final class SampleCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Option(names = "--model", required = true, paramLabel = "ID|DIR|empirical:PATH", description = "a bundled or user model id, a bundle folder, or empirical:IMAGE_OR_FOLDER (the exact denoiser of that data)")
    String model;

    @Option(names = "--sampler", defaultValue = "ddim", description = "ddpm, ddim, euler, euler-a, heun or dpmpp-2m (default ${DEFAULT-VALUE})")
    String sampler;

    @Option(names = "--steps", defaultValue = "50", description = "sampler steps N, 1..T (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM η (default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--spacing", defaultValue = "trailing", description = "linspace, leading or trailing (default ${DEFAULT-VALUE})")
    String spacing;

    @Option(names = "--karras", description = "use the Karras σ grid")
    boolean karras;

    @Option(names = "--rho", defaultValue = "7", description = "Karras ρ (default ${DEFAULT-VALUE})")
    double rho;

    @Option(names = "--sigma-min", description = "Karras σ_min (default: the schedule's)")
    Double sigmaMin;

    @Option(names = "--sigma-max", description = "Karras σ_max (default: the schedule's)")
    Double sigmaMax;

    @Option(names = "--variance", defaultValue = "fixed-small", description = "DDPM variance: fixed-small or fixed-large (default ${DEFAULT-VALUE})")
    String variance;

    @Option(names = "--no-clip", description = "do not clip x̂_0 to [−1, 1] (images are clipped by default)")
    boolean noClip;

    @Option(names = "--count", defaultValue = "16", description = "number of samples K (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--batch", defaultValue = "256", description = "samples per batch (memory; default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", defaultValue = "64", description = "resolution for empirical:PATH (default ${DEFAULT-VALUE})")
    int size;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--grid", paramLabel = "FILE", description = "also write a contact grid of the first 64 samples to FILE (kept out of --out, which holds only the samples)")
    Path grid;

    @Option(names = "--npy", description = "also write samples.npy")
    boolean npy;

    @Option(names = "--trajectory", description = "also write every step's x_t and x̂_0")
    boolean trajectory;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        SamplerKind kind = SamplerKind.parse(sampler);
        TimestepSpacing sp = TimestepSpacing.parse(spacing);
        if (count < 1 || count > 1_000_000) throw new IllegalArgumentException("--count must be between 1 and 1000000 (got " + count + ")");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        if (size < 4 || size > 1024) throw new IllegalArgumentException("--size must be between 4 and 1024");
        if (!variance.equals("fixed-small") && !variance.equals("fixed-large")) throw new IllegalArgumentException("--variance must be fixed-small or fixed-large");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " exists and is not a folder");
        ModelSource src = ModelSource.resolve(model, size, schedule.toSpec(null));
        if (steps < 1 || steps > src.schedule().steps()) {
            throw new IllegalArgumentException("--steps must be between 1 and T = " + src.schedule().steps() + " (got " + steps + ")");
        }
        SamplerConfig cfg = new SamplerConfig(steps, sp, sp == TimestepSpacing.LEADING ? 1 : 0, eta, karras, rho,
                sigmaMin == null ? Double.NaN : sigmaMin, sigmaMax == null ? Double.NaN : sigmaMax,
                src.images() && !noClip, variance.equals("fixed-large"));
        new SamplingRun(src.denoiser(), src.schedule(), kind, cfg, seed, 1); // validates the options before any work

        Files.createDirectories(out);
        Path tmp = org.diffusionexplorer.io.AtomicFiles.createHidden(out, ".partial-", "", true);
        try {
            List<Tensor> chunks = new ArrayList<>();
            List<List<Tensor[]>> traj = new ArrayList<>();
            ProgressBar bar = new ProgressBar(cmd.commandLine().getErr(), "sample");
            long total = (long) ((count + batch - 1) / batch) * steps, done = 0;
            long start = System.nanoTime();
            for (int k0 = 0; k0 < count; k0 += batch) {
                int m = Math.min(batch, count - k0);
                List<Tensor[]> steps = new ArrayList<>();
                long base = done;
                Tensor x = new SamplingRun(src.denoiser(), src.schedule(), kind, cfg, seed + k0, m).run((r, n) -> {
                    if (trajectory) steps.add(new Tensor[]{r.xPrev(), r.x0Hat()});
                    long d = base + r.index() + 1;
                    bar.update(d, total, d / Math.max(1e-9, (System.nanoTime() - start) / 1e9), null);
                }, () -> false);
                done += this.steps;
                chunks.add(x);
                if (trajectory) traj.add(steps);
            }
            Tensor all = concat(chunks);
            write(all, traj, src.images(), tmp);
            moveAll(tmp, out);
            if (grid != null && src.images()) {
                ImageWriter.writePng(grid, ImageGrid.grid(first(all, 64), Math.min(8, all.dim(0)), all.dim(2) <= 32 ? 3 : 1));
            }
            cmd.commandLine().getErr().printf(Locale.ROOT, "%d samples from %s (%s, %d steps) written to %s%n", count, src.name(), kind.cliName, steps, out);
            return 0;
        } finally {
            deleteTree(tmp);
        }
    }

    private void write(Tensor all, List<List<Tensor[]>> traj, boolean images, Path dir) throws IOException {
        if (images) {
            for (int k = 0; k < all.dim(0); k++) ImageWriter.writePng(dir.resolve(String.format(Locale.ROOT, "sample_%04d.png", k)), all.item(k));
        } else {
            PointsCsv.write(dir.resolve("samples.csv"), all);
            ImageWriter.writePng(dir.resolve("samples.png"), ImageGrid.scatter(all, null, 3.0, 480));
        }
        if (npy) NpyWriter.write(dir.resolve("samples.npy"), all);
        if (!traj.isEmpty()) {
            Path t = dir.resolve("trajectory");
            Files.createDirectories(t);
            int n = traj.get(0).size();
            for (int i = 0; i < n; i++) {
                List<Tensor> xs = new ArrayList<>(), x0s = new ArrayList<>();
                for (List<Tensor[]> c : traj) {
                    xs.add(c.get(i)[0]);
                    x0s.add(c.get(i)[1]);
                }
                Tensor xt = concat(xs), x0 = concat(x0s);
                String step = String.format(Locale.ROOT, "%03d", i);
                if (images) {
                    ImageWriter.writePng(t.resolve("xt_step_" + step + ".png"), ImageGrid.grid(first(xt, 64), 8, xt.dim(2) <= 32 ? 3 : 1));
                    ImageWriter.writePng(t.resolve("x0hat_step_" + step + ".png"), ImageGrid.grid(first(x0, 64), 8, x0.dim(2) <= 32 ? 3 : 1));
                } else {
                    PointsCsv.write(t.resolve("xt_step_" + step + ".csv"), xt);
                    PointsCsv.write(t.resolve("x0hat_step_" + step + ".csv"), x0);
                }
                if (npy) {
                    NpyWriter.write(t.resolve("xt_step_" + step + ".npy"), xt);
                    NpyWriter.write(t.resolve("x0hat_step_" + step + ".npy"), x0);
                }
            }
        }
    }

    private static Tensor first(Tensor t, int k) {
        if (t.dim(0) <= k) return t;
        List<Tensor> items = new ArrayList<>();
        for (int i = 0; i < k; i++) items.add(t.item(i));
        return Tensor.stack(items);
    }

    private static Tensor concat(List<Tensor> parts) {
        if (parts.size() == 1) return parts.get(0);
        int n = 0, per = parts.get(0).size() / parts.get(0).dim(0);
        for (Tensor p : parts) n += p.dim(0);
        float[] d = new float[n * per];
        int off = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data(), 0, d, off, p.size());
            off += p.size();
        }
        int[] shape = parts.get(0).shape();
        shape[0] = n;
        return new Tensor(d, shape);
    }

    /** Moves every file of the finished temporary folder into place (each move atomic). */
    private static void moveAll(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.move(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

}

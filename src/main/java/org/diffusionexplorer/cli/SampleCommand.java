package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.sampling.Grid;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.sampling.StepResult;
import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.schedule.TimestepSpacing;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.NpyWriter;
import org.diffusionexplorer.io.StagedFolder;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.trajectory.TrajectoryFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Generates samples with a model and a sampler.",
                "Images: DIR/sample_0000.png …; --npy adds samples.npy (K×C×H×W float32). 2-D models: DIR/samples.csv (x,y).",
                "--trajectory also writes every step's x_t and x̂_0 (DIR/trajectory/). Sample k uses seed + k."})
final class SampleCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Mixin
    EngineOption engineOption = new EngineOption();

    @Option(names = "--model", required = true, paramLabel = "ID|DIR|empirical:PATH", description = "a bundled or user model id, a bundle folder, or empirical:IMAGE_OR_FOLDER (the exact denoiser of that data)")
    String model;

    @Mixin
    SamplerOptions samplerOptions = new SamplerOptions();

    @Option(names = "--class", paramLabel = "NAME|INDEX|random", description = "a class-conditional model's class (e.g. Sneaker, or 7); default random: a class drawn from the seed for each sample")
    String cls;

    @Option(names = "--guidance", paramLabel = "W", description = "a class-conditional model's classifier-free guidance scale w: 0 unconditional (no class), 1 conditional (default), > 1 stronger")
    Double guidanceScale;

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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (written whole at the end, replacing an earlier output whole; a folder holding other files is refused)")
    Path out;

    @Option(names = "--grid", paramLabel = "FILE", description = "also write a contact grid of the first 64 samples to FILE (kept out of --out, which holds only the samples)")
    Path grid;

    @Option(names = "--npy", description = "also write samples.npy")
    boolean npy;

    @Option(names = "--trajectory", description = {"also write the reverse trajectory to DIR/trajectory/: xt_step_000 (the starting noise x_T) … xt_step_N (the sample),",
            "x0hat_step_k and epshat_step_k predicted from xt_step_k (k < N; x̂_0 after clipping), and steps.csv (step,t,alpha_bar,sigma,model_calls).",
            "PNG grids of the first 64 samples (ε̂ shown as ε̂/2); .npy of all with --npy; 2-D models write CSV.",
            "Heun: the estimate recorded is the first evaluation at xt_step_k (the corrector's second one is not a step)."})
    boolean trajectory;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        engineOption.apply();
        SamplerKind kind = samplerOptions.kind();
        samplerOptions.validate(); // cheap checks before the model loads
        if (count < 1 || count > 1_000_000) throw new IllegalArgumentException("--count must be between 1 and 1000000 (got " + count + ")");
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1");
        if (size < 4 || size > 1024) throw new IllegalArgumentException("--size must be between 4 and 1024");
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " exists and is not a folder");
        ModelSource src = ModelSource.resolve(model, size, schedule.toSpec(null));
        if (src.warning() != null) cmd.commandLine().getErr().println(src.warning());
        SamplerConfig cfg = samplerOptions.config(src.schedule().steps(), src.images());
        new SamplingRun(src.denoiser(), src.schedule(), kind, cfg, seed, 1); // validates the options before any work
        var guidance = src.guidance(cls, guidanceScale, count, seed);

        if (trajectory) {
            long bytes = TrajectoryFiles.estimateBytes(count, src.denoiser().itemShape(), samplerOptions.steps, npy);
            if (bytes > MAX_TRAJECTORY_BYTES) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "--trajectory with --count %d and --steps %d%s would write about %.1f GB"
                        + " (the limit is 2 GB); lower --count or --steps%s", count, samplerOptions.steps, npy ? " --npy" : "", bytes / 1e9, npy ? ", or drop --npy" : ""));
            }
        }

        Path gridTarget = grid != null && src.images() ? grid : null;
        if (gridTarget != null && gridTarget.toAbsolutePath().normalize().startsWith(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--grid " + grid + " must be outside --out " + out + " (the folder holds only the samples and is replaced whole)");
        }
        // locked, staged beside --out and swapped in whole at the end; the grid is staged too (both fail here when
        // they cannot be written, before any sampling)
        try (StagedFolder staged = StagedFolder.begin(out, "--out", SampleCommand::replaceable);
             AtomicFiles.Pending gridFile = gridTarget == null ? null : AtomicFiles.begin(gridTarget)) {
            Path tmp = staged.dir();
            List<Tensor> chunks = new ArrayList<>();
            List<Trajectory> traj = new ArrayList<>();
            // PNG grids show the first 64 samples; the whole batch is kept only where it is written (npy, 2-D CSV)
            int keepItems = npy || !src.images() ? Integer.MAX_VALUE : TrajectoryFiles.GRID_ITEMS;
            ProgressBar bar = new ProgressBar(cmd.commandLine().getErr(), "sample");
            long total = (long) ((count + batch - 1) / batch) * samplerOptions.steps, done = 0;
            long start = System.nanoTime();
            for (int k0 = 0; k0 < count; k0 += batch) {
                int m = Math.min(batch, count - k0);
                long base = done;
                Trajectory.Recorder rec = trajectory && k0 < keepItems ? new Trajectory.Recorder(1, keepItems - k0) : null;
                Tensor x = new SamplingRun(src.denoiser(), src.schedule(), kind, cfg, seed + k0, m)
                        .withGuidance(guidance == null ? null : guidance.slice(k0, m)).run(new SamplingRun.Listener() {
                    @Override
                    public void onStart(Tensor xStart, Grid g) {
                        if (rec != null) rec.onStart(xStart, g);
                    }

                    @Override
                    public void onStep(StepResult r, int n) {
                        if (rec != null) rec.onStep(r, n);
                        long d = base + r.index() + 1;
                        bar.update(d, total, d / Math.max(1e-9, (System.nanoTime() - start) / 1e9), null);
                    }
                }, () -> false);
                done += samplerOptions.steps;
                chunks.add(x);
                if (rec != null) traj.add(rec.snapshot());
            }
            Tensor all = Tensor.concat(chunks);
            try {
                write(all, src.images(), tmp);
                if (!traj.isEmpty()) TrajectoryFiles.write(tmp.resolve("trajectory"), Trajectory.concat(traj), npy);
            } catch (IOException e) {
                throw staged.explain(e);
            }
            if (gridFile != null) {
                BufferedImage g = ImageGrid.grid(all.head(64), Math.min(8, all.dim(0)), all.dim(2) <= 32 ? 3 : 1);
                gridFile.write(o -> ImageWriter.writePng(o, g));
            }
            staged.commit();
            if (gridFile != null) gridFile.commit();
            cmd.commandLine().getErr().printf(Locale.ROOT, "%d samples from %s (%s, %d steps) written to %s%n", count, src.name(), kind.cliName, samplerOptions.steps, out);
            return 0;
        }
    }

    /** What sample writes into --out (an earlier output is replaced whole; anything else in the folder is refused). */
    static boolean replaceable(String name) {
        return name.matches("sample_\\d{4,}\\.png") || name.equals("samples.npy") || name.equals("samples.csv")
                || name.equals("samples.png") || name.equals("trajectory") || name.startsWith(".partial-"); // (staging of older versions)
    }

    /** Refuse --trajectory runs whose files would pass this size. */
    static final long MAX_TRAJECTORY_BYTES = 2_000_000_000L;

    private void write(Tensor all, boolean images, Path dir) throws IOException {
        if (images) {
            for (int k = 0; k < all.dim(0); k++) ImageWriter.writePng(dir.resolve(String.format(Locale.ROOT, "sample_%04d.png", k)), all.item(k));
        } else {
            PointsCsv.write(dir.resolve("samples.csv"), all);
            ImageWriter.writePng(dir.resolve("samples.png"), ImageGrid.scatter(all, null, 3.0, 480));
        }
        if (npy) NpyWriter.write(dir.resolve("samples.npy"), all);
    }

}

package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.model.Prediction;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.runtime.Engine;
import org.diffusionexplorer.runtime.train.TrainConfig;
import org.diffusionexplorer.runtime.train.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a small diffusion model on the CPU and writes a model bundle to OUT/bundle.",
                "Checkpoints go to OUT/checkpoint.safetensors (every --checkpoint-every steps and on Ctrl+C), the loss log to OUT/loss.csv.",
                "--resume continues a stopped run exactly; it may raise --steps."})
final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Mixin
    EngineOption engineOption = new EngineOption();

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "fashion-mnist, toy:NAME (moons, swiss-roll, 8gaussians, checkerboard, spiral, circles), a folder of images, or a CSV of x,y points")
    String data;

    @Option(names = "--data-path", paramLabel = "DIR", description = "where the Fashion-MNIST IDX files are (default: Debian's /usr/share/datasets/fashion-mnist)")
    Path dataPath;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Option(names = "--steps", defaultValue = "10000", description = "optimisation steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup", defaultValue = "500", description = "warm-up steps (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--clip", defaultValue = "1.0", description = "gradient-norm clip, 0 for none (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the saved weights (default ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--seed", defaultValue = "0", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--model-size", defaultValue = "small", description = "tiny, small, medium or large (default ${DEFAULT-VALUE})")
    String modelSize;

    @Option(names = "--prediction", defaultValue = "epsilon", description = "epsilon or v (default ${DEFAULT-VALUE})")
    String prediction;

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Option(names = "--diffusion-steps", paramLabel = "T", description = "diffusion steps T of the training schedule (default 1000)")
    Integer diffusionSteps;

    @Option(names = "--size", defaultValue = "28", description = "image size for a folder of images (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--channels", defaultValue = "1", description = "1 (grey) or 3 (RGB) for a folder of images (default ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--flip", description = "random horizontal flips")
    boolean flip;

    @Option(names = "--checkpoint-every", defaultValue = "250", description = "steps between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    @Option(names = "--conditional", description = "class-conditional network (labelled data: fashion-mnist, toy:moons, toy:8gaussians, toy:circles) for classifier-free guidance")
    boolean conditional;

    @Option(names = "--label-dropout", defaultValue = "0.1", description = "with --conditional: probability that a class is replaced by 'no class' (default ${DEFAULT-VALUE})")
    double labelDropout;

    @Option(names = "--init-from", paramLabel = "ID|DIR", description = "start from this model's weights (same architecture; the optimiser starts fresh, so keep a --warmup)")
    String initFrom;

    @Option(names = "--id", description = "model id for the bundle (default: from the data)")
    String id;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (engineOption.engine == Engine.SAMEDIFF) {
            throw new IllegalArgumentException("training runs on our engine: --engine vector or blas (samediff runs trained models: sample, export, bench)");
        }
        engineOption.apply();
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("--channels must be 1 or 3");
        if (size < 8 || size > 128 || size % 4 != 0) throw new IllegalArgumentException("--size must be a multiple of 4 between 8 and 128");
        Prediction p = Prediction.parse(prediction);
        if (!(labelDropout >= 0 && labelDropout < 1)) throw new IllegalArgumentException("--label-dropout must be in [0, 1) (got " + labelDropout + ")");
        TrainConfig config = new TrainConfig(data, schedule.toSpec(diffusionSteps), p, steps, batch, lr, warmup, clip, ema, seed, flip, checkpointEvery,
                conditional ? labelDropout : -1);
        boolean fashion = data.equals("fashion-mnist") || (!data.startsWith("toy:") && FashionMnist.isDatasetDir(Path.of(data)));
        String modelId = id != null ? id : data.startsWith("toy:") ? "toy-" + data.substring(4) : fashion ? "fashion-mnist" : "custom";
        // a resumed run gives the same weights as one uninterrupted run to --steps, so the card records that command
        String command = "java -jar target/diffusion-explorer.jar " + String.join(" ", cmd.commandLine().getParseResult().originalArgs()
                .stream().filter(a -> !a.equals("--resume")).toList());
        PrintWriter err = cmd.commandLine().getErr();
        try (TrainingJob job = TrainingJob.prepare(new TrainingJob.Spec(data, dataPath, modelSize.toLowerCase(Locale.ROOT), size, channels, config, modelId, command, initFrom), out, resume)) {
            return train(job, modelId, err);
        }
    }

    private int train(TrainingJob job, String modelId, PrintWriter err) throws Exception {
        if (job.skippedImages() > 0) err.println("skipped " + job.skippedImages() + " unreadable image(s)");
        err.printf(Locale.ROOT, "training %s: %d items, %d parameters, from step %d to %d%n", modelId, job.data().size(),
                job.parameterCount(), job.trainer().step(), steps);
        ProgressBar bar = new ProgressBar(err, "train");
        double[] smooth = {Double.NaN};
        StopFlag stop = new StopFlag();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Path bundle = job.run(new TrainingJob.Listener() {
                @Override
                public void onStep(int step, int total, double loss, double itPerSec) {
                    smooth[0] = Double.isNaN(smooth[0]) ? loss : 0.98 * smooth[0] + 0.02 * loss;
                    bar.update(step, total, itPerSec, String.format(Locale.ROOT, "loss %.4f", smooth[0]));
                }

                @Override
                public void onMessage(String line) {
                    err.println(line);
                }
            }, stop::get);
            err.println("model bundle written to " + bundle);
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
    }

    /** A cancel flag set by the shutdown hook (Ctrl+C). */
    static final class StopFlag {
        private volatile boolean v;

        void set() { v = true; }

        boolean get() { return v; }
    }
}

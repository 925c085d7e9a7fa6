package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.OutputException;
import org.diffusionexplorer.io.OutputLock;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A whole training run as the CLI and the Train view use it: load the data, build the model, resume if asked, train
 * with periodic checkpoints and a loss log, and write the model bundle (EMA weights, model.json with provenance,
 * README.md model card with a sample grid). Everything lands in the output folder; the bundle is written last.
 * The parts: {@link TrainingData}, {@link InitialModel}, {@link DiskCheck}, {@link RunIdentity}, {@link Checkpoints},
 * {@link LossLog}, {@link EmaSamples} and {@link BundleWriter}; this class holds the run folder and the loop.
 */
public final class TrainingJob implements AutoCloseable {
    /** What a run is made of (the CLI's options). */
    public record Spec(String data, Path dataPath, String modelSize, int imageSize, int channels, TrainConfig config,
                       String id, String command, String initFrom) {
        public Spec(String data, Path dataPath, String modelSize, int imageSize, int channels, TrainConfig config, String id, String command) {
            this(data, dataPath, modelSize, imageSize, channels, config, id, command, null);
        }
    }

    /** Progress callbacks (training thread). */
    public interface Listener {
        void onStep(int step, int total, double loss, double itPerSec);

        default void onMessage(String line) {
        }

        /** Samples from the current EMA weights, every previewEvery steps (see {@link #run(Listener, BooleanSupplier, int)}). */
        default void onPreview(int step, Tensor samples) {
        }
    }

    private final Spec spec;
    private final Path out;
    private final Dataset data;
    private final EngineModel model;
    private final Trainer trainer;
    private final EmaSamples ema;
    private final String runIdentity;
    private double wallBefore;
    private String sessionsBefore = "";
    private final String commit = RunIdentity.commit();
    private final int skippedImages;
    /** The run folder's lock, held from prepare() until run() returns (or close(), for a job that is not run). */
    private OutputLock lock;

    private TrainingJob(Spec spec, Path out, Dataset data, EngineModel model, int skipped, String initSha) {
        this.spec = spec;
        this.out = out;
        this.data = data;
        this.model = model;
        this.trainer = new Trainer(spec.config(), data, model);
        this.ema = new EmaSamples(spec, model, trainer);
        this.skippedImages = skipped;
        this.runIdentity = RunIdentity.of(spec, model) + initSha;
    }

    /** Loads the data and builds the model; with resume, restores the last checkpoint in out. */
    public static TrainingJob prepare(Spec spec, Path out, boolean resume) throws InputException {
        TrainingData d = TrainingData.load(spec);
        EngineModel m = InitialModel.build(spec, d.dataset());
        DiskCheck.check(out, m.parameterCount(), spec.config().steps(), DiskCheck.usableSpace(out));
        String initSha = spec.initFrom() == null ? "" : InitialModel.warmStart(m, spec.initFrom());
        TrainingJob job = new TrainingJob(spec, out, d.dataset(), m, d.skipped(), initSha);
        // one process per run folder: a second train (or --resume) on it is refused until this job is closed
        try {
            job.lock = OutputLock.acquire(out, "the run folder");
        } catch (OutputException e) {
            throw new InputException(e.getMessage(), e);
        }
        try {
            if (resume) {
                Checkpoints.Resumed r = Checkpoints.restore(out, job.trainer, job.runIdentity);
                job.wallBefore = r.wallSeconds();
                job.sessionsBefore = r.sessions();
            } else if (Files.exists(out.resolve(Checkpoints.FILE))) {
                throw new InputException(out + " already holds a training run: add --resume to continue it, or choose another --out");
            }
        } catch (InputException | RuntimeException e) {
            job.close();
            throw e;
        }
        return job;
    }

    /** Releases the run folder. */
    @Override
    public void close() {
        if (lock != null) lock.close();
        lock = null;
    }

    public Trainer trainer() { return trainer; }
    public Dataset data() { return data; }
    public int skippedImages() { return skippedImages; }
    public long parameterCount() { return model.parameterCount(); }

    /**
     * Trains to the configured step count. Checkpoints every checkpointEvery steps and when cancelled (then throws
     * CancellationException after saving). Writes the bundle at the end.
     */
    public Path run(Listener listener, BooleanSupplier cancelled) throws IOException {
        return run(listener, cancelled, 0);
    }

    /** As {@link #run(Listener, BooleanSupplier)}, with a preview grid every previewEvery steps (0: none). */
    public Path run(Listener listener, BooleanSupplier cancelled, int previewEvery) throws IOException {
        if (lock == null) throw new IllegalStateException("a training job runs once; prepare another to resume");
        try {
            return runLocked(listener, cancelled, previewEvery);
        } finally {
            close();
        }
    }

    private Path runLocked(Listener listener, BooleanSupplier cancelled, int previewEvery) throws IOException {
        Files.createDirectories(out);
        LossLog.truncate(out, trainer.step());
        long start = System.nanoTime();
        int startStep = trainer.step();
        StringBuilder log = new StringBuilder();
        double[] recent = new double[Math.min(200, spec.config().steps())];
        int[] count = {0};
        try {
            trainer.run((step, loss, tr) -> {
                recent[count[0]++ % recent.length] = loss;
                double secs = (System.nanoTime() - start) / 1e9;
                log.append(step).append(',').append((float) loss).append(',').append(String.format(Locale.ROOT, "%.1f", wallBefore + secs)).append('\n');
                if (listener != null) listener.onStep(step, spec.config().steps(), loss, (step - startStep) / Math.max(1e-9, secs));
                if (listener != null && previewEvery > 0 && step % previewEvery == 0) listener.onPreview(step, preview(16, 20));
                if (step % spec.config().checkpointEvery() == 0 || step == spec.config().steps()) {
                    try {
                        Checkpoints.appendLoss(out, log);
                        log.setLength(0);
                        Checkpoints.save(out, tr, runIdentity, wallBefore + secs, Sessions.append(sessionsBefore, startStep, step, commit, secs));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, cancelled);
        } catch (CancellationException e) {
            double secs = (System.nanoTime() - start) / 1e9;
            Checkpoints.appendLoss(out, log);
            Checkpoints.save(out, trainer, runIdentity, wallBefore + secs, Sessions.append(sessionsBefore, startStep, trainer.step(), commit, secs));
            if (listener != null) listener.onMessage("stopped at step " + trainer.step() + "; checkpoint saved (continue with --resume)");
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        double segment = (System.nanoTime() - start) / 1e9, wall = wallBefore + segment;
        sessionsBefore = Sessions.append(sessionsBefore, startStep, trainer.step(), commit, segment);
        int n = Math.min(count[0], recent.length);
        double finalLoss = 0;
        for (int i = 0; i < n; i++) finalLoss += recent[i];
        finalLoss = n == 0 ? LossLog.lastLoggedLoss(out) : finalLoss / n;
        return BundleWriter.write(out, spec, data, model, trainer, ema,
                new BundleWriter.Provenance(wall, finalLoss, commit, sessionsBefore), listener);
    }

    /** count samples from the current EMA weights with DDIM (steps steps), seed 1: the same noise every time. */
    public Tensor preview(int count, int steps) {
        return ema.preview(count, steps);
    }

    public Path outputFolder() { return out; }

}

package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.sampling.SamplerConfig;
import org.diffusionexplorer.core.sampling.SamplerKind;
import org.diffusionexplorer.core.sampling.SamplingRun;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.OutputException;
import org.diffusionexplorer.io.OutputLock;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelJson;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.data.FashionMnist;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.EngineDenoiser;
import org.diffusionexplorer.runtime.MlpConfig;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A whole training run as the CLI and the Train view use it: load the data, build the model, resume if asked, train
 * with periodic checkpoints and a loss log, and write the model bundle (EMA weights, model.json with provenance,
 * README.md model card with a sample grid). Everything lands in the output folder; the bundle is written last.
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
    private final String runIdentity;
    private double wallBefore;
    private String sessionsBefore = "";
    private final String commit = commit();
    private final int skippedImages;
    /** The run folder's lock, held from prepare() until run() returns (or close(), for a job that is not run). */
    private OutputLock lock;

    private TrainingJob(Spec spec, Path out, Dataset data, EngineModel model, int skipped, String initSha) {
        this.spec = spec;
        this.out = out;
        this.data = data;
        this.model = model;
        this.trainer = new Trainer(spec.config(), data, model);
        this.skippedImages = skipped;
        this.runIdentity = identity(spec, model) + initSha;
    }

    /** Loads the data and builds the model; with resume, restores the last checkpoint in out. */
    public static TrainingJob prepare(Spec spec, Path out, boolean resume) throws InputException {
        int skipped = 0;
        Dataset d;
        String src = spec.data();
        if (src.equals("fashion-mnist")) {
            d = FashionMnist.train(FashionMnist.locate(spec.dataPath()));
        } else if (src.startsWith("toy:")) {
            d = ToyDatasets.sample(src.substring(4), 100_000, spec.config().seed());
        } else {
            Path p = Path.of(src);
            if (FashionMnist.isDatasetDir(p)) {
                d = FashionMnist.train(p); // --data DIR with the IDX files
            } else if (Files.isDirectory(p)) {
                ImageFolder.Result r = ImageFolder.load(p, spec.imageSize(), spec.channels());
                d = r.dataset();
                skipped = r.skipped();
            } else if (src.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                d = PointsCsv.read(p);
            } else {
                throw new InputException("--data must be fashion-mnist, toy:NAME (" + String.join(", ", ToyDatasets.NAMES)
                        + "), a folder of images or a CSV of points (got '" + src + "')");
            }
        }
        EngineModel m;
        int[] shape = d.itemShape();
        int classes = 0;
        if (spec.config().conditional()) {
            if (!d.labelled()) {
                throw new InputException(d.name() + " has no classes: conditional training needs labelled data (fashion-mnist, toy:moons, toy:8gaussians, toy:circles)");
            }
            classes = d.classes().size();
        }
        if (shape.length == 1) {
            m = new org.diffusionexplorer.runtime.engine.Mlp(mlpPreset(spec.modelSize(), shape[0]).withClasses(classes), spec.config().seed());
        } else {
            if (shape[1] != shape[2]) throw new InputException("images must be square (got " + shape[1] + "×" + shape[2] + ")");
            m = new org.diffusionexplorer.runtime.engine.UNet(Architectures.unetPreset(spec.modelSize(), shape[0], shape[1]).withClasses(classes), spec.config().seed());
        }
        checkDiskSpace(out, m.parameterCount(), spec.config().steps(), usableSpace(out));
        String initSha = spec.initFrom() == null ? "" : warmStart(m, spec.initFrom());
        TrainingJob job = new TrainingJob(spec, out, d, m, skipped, initSha);
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

    /**
     * Bytes a run needs in its output folder: a checkpoint holds weights, EMA and two Adam moments (16 bytes a
     * parameter) and is replaced by a rename, so two can exist at once; the bundle is staged beside an earlier one
     * (4 bytes a parameter, twice, plus the sample grid and card); loss.csv takes about 32 bytes a step; 16 MB spare.
     */
    static long bytesNeeded(long parameters, int steps) {
        return 2 * 16 * parameters + 2 * 4 * parameters + (2L << 20) + 32L * steps + (16L << 20);
    }

    /** Refuses to start a run the disk cannot hold (rather than failing at the first checkpoint, hours in). */
    static void checkDiskSpace(Path out, long parameters, int steps, long usable) throws InputException {
        long need = bytesNeeded(parameters, steps);
        if (usable >= 0 && usable < need) {
            throw new InputException(String.format(Locale.ROOT, "not enough free disk space for %s: %.1f MB free, the run needs about %.1f MB"
                    + " (checkpoints and the model bundle); free some space or choose another --out", out, usable / 1e6, need / 1e6));
        }
    }

    /** Usable bytes on the file system that holds path (or its nearest existing parent); -1 if unknown. */
    static long usableSpace(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return -1;
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Warm start: copies a bundle's weights into the freshly built model (the architecture must match exactly);
     * the Adam moments start at zero, so a warm-up is advised. Returns a short digest of the weights for the run's
     * identity, so that --resume refuses a checkpoint made from other initial weights.
     */
    private static String warmStart(EngineModel m, String idOrDir) throws InputException {
        ModelBundle b = ModelRegistry.resolve(idOrDir);
        var target = (com.fasterxml.jackson.databind.node.ObjectNode) Architectures.describe(m).deepCopy();
        var source = b.json().architecture.deepCopy();
        // an unconditional model may start a conditional one: every tensor but the new class embedding carries over
        boolean addClasses = m.classes() > 0 && !source.has("classes");
        if (addClasses) target.remove("classes");
        if (!target.equals(source)) {
            throw new InputException("--init-from " + idOrDir + ": its architecture " + b.json().architecture
                    + " differs from this run's " + Architectures.describe(m) + " (choose the same --model-size and data)");
        }
        var weights = new java.util.LinkedHashMap<>(b.weights());
        if (addClasses) {
            for (var p : m.params()) {
                if (p.name.startsWith("class_emb.")) weights.put(p.name, new org.diffusionexplorer.io.SafeTensors.Entry(p.fileShape, p.toFileLayout()));
            }
        }
        Architectures.load(m, weights, b.weightsFile().getFileName().toString());
        String sha = b.json().weights.sha256;
        return "+init:" + (sha == null ? b.id() : sha.substring(0, Math.min(16, sha.length())));
    }

    static MlpConfig mlpPreset(String size, int dim) {
        return switch (size) {
            case "tiny" -> new MlpConfig(dim, 64, 2, 16);
            case "small" -> new MlpConfig(dim, 128, 3, 32);
            case "medium" -> new MlpConfig(dim, 256, 4, 32);
            case "large" -> new MlpConfig(dim, 512, 4, 64);
            default -> throw new IllegalArgumentException("model size must be one of tiny, small, medium, large (got '" + size + "')");
        };
    }

    private static String identity(Spec s, EngineModel m) {
        TrainConfig c = s.config();
        String text = String.join("|", s.data(), String.valueOf(s.imageSize()), String.valueOf(s.channels()),
                Architectures.describe(m).toString(), ScheduleFiles.toJson(c.schedule()).replaceAll("\\s", ""),
                c.prediction().name(), String.valueOf(c.batch()), String.valueOf(c.lr()), String.valueOf(c.warmup()),
                String.valueOf(c.clip()), String.valueOf(c.emaDecay()), String.valueOf(c.seed()), String.valueOf(c.flip()))
                + (c.conditional() ? "|cond:" + c.labelDropout() : "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes())).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        truncateLossLog(trainer.step());
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
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, cancelled);
        } catch (CancellationException e) {
            double secs = (System.nanoTime() - start) / 1e9;
            Checkpoints.appendLoss(out, log);
            Checkpoints.save(out, trainer, runIdentity, wallBefore + secs, Sessions.append(sessionsBefore, startStep, trainer.step(), commit, secs));
            if (listener != null) listener.onMessage("stopped at step " + trainer.step() + "; checkpoint saved (continue with --resume)");
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        double segment = (System.nanoTime() - start) / 1e9, wall = wallBefore + segment;
        sessionsBefore = Sessions.append(sessionsBefore, startStep, trainer.step(), commit, segment);
        int n = Math.min(count[0], recent.length);
        double finalLoss = 0;
        for (int i = 0; i < n; i++) finalLoss += recent[i];
        finalLoss = n == 0 ? lastLoggedLoss() : finalLoss / n;
        return writeBundle(wall, finalLoss, listener);
    }

    /** A network of the same architecture holding the current EMA weights. */
    private EngineModel emaCopy() {
        EngineModel m;
        try {
            m = Architectures.create(Architectures.describe(model), 0);
        } catch (InputException e) {
            throw new IllegalStateException(e); // the description comes from a model we built
        }
        trainer.copyEmaInto(m);
        return m;
    }

    /** count samples from the current EMA weights with DDIM (steps steps), seed 1: the same noise every time. */
    public Tensor preview(int count, int steps) {
        EngineModel emaModel = emaCopy();
        boolean points = model.itemShape().length == 1;
        EngineDenoiser den = new EngineDenoiser(emaModel, spec.config().prediction(), spec.id());
        return new SamplingRun(den, trainer.schedule(), SamplerKind.DDIM, SamplerConfig.of(Math.min(steps, trainer.schedule().steps()))
                .withClip(!points), 1, points ? 500 : count).run(null, () -> false);
    }

    public Path outputFolder() { return out; }

    /** Mean of the last 200 losses in loss.csv (a run resumed only to write its bundle trains no step). */
    private double lastLoggedLoss() throws IOException {
        Path f = out.resolve("loss.csv");
        if (!Files.exists(f)) return Double.NaN;
        List<String> lines = Files.readAllLines(f);
        double sum = 0;
        int n = 0;
        for (int i = lines.size() - 1; i >= 1 && n < 200; i--, n++) sum += Double.parseDouble(lines.get(i).split(",")[1]);
        return n == 0 ? Double.NaN : sum / n;
    }

    private void truncateLossLog(int step) throws IOException {
        Path f = out.resolve("loss.csv");
        if (!Files.exists(f)) return;
        List<String> lines = Files.readAllLines(f);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            int comma = l.indexOf(',');
            if (comma < 0) continue;
            String s = l.substring(0, comma);
            if (s.equals("step") || (s.chars().allMatch(Character::isDigit) && Integer.parseInt(s) <= step)) sb.append(l).append('\n');
        }
        Files.writeString(f, sb.toString());
    }

    private Path writeBundle(double wallSeconds, double finalLoss, Listener listener) throws IOException {
        EngineModel emaModel = emaCopy();
        if (listener != null) listener.onMessage("sampling a preview grid with the EMA weights…");
        EngineDenoiser den = new EngineDenoiser(emaModel, spec.config().prediction(), spec.id());
        int[] shape = model.itemShape();
        boolean points = shape.length == 1;
        int count = points ? 2000 : 64;
        Tensor samples = new SamplingRun(den, trainer.schedule(), SamplerKind.DDIM,
                SamplerConfig.of(50).withClip(!points), 1, count).run(null, () -> false);
        Path bundle = out.resolve("bundle");
        java.awt.image.BufferedImage grid = points ? ImageGrid.scatter(samples, data.items(), 3.0, 480) : ImageGrid.grid(samples, 8, 3);
        ModelJson j = new ModelJson();
        j.id = spec.id();
        j.description = (points ? "2-D MLP denoiser" : "UNet denoiser") + " trained on " + spec.data();
        j.architecture = Architectures.describe(model);
        j.inputShape = shape;
        j.prediction = spec.config().prediction().configName;
        j.schedule = ModelBundle.mapper().readTree(ScheduleFiles.toJson(spec.config().schedule()));
        if (data.labelled()) j.classes = data.classes();
        Map<String, Object> t = j.training;
        TrainConfig c = spec.config();
        t.put("data", spec.data());
        t.put("items", data.size());
        t.put("steps", trainer.step());
        t.put("batch", c.batch());
        t.put("lr", c.lr());
        t.put("warmup", c.warmup());
        t.put("grad_clip", c.clip());
        t.put("ema_decay", c.emaDecay());
        t.put("flip", c.flip());
        if (c.conditional()) t.put("label_dropout", c.labelDropout());
        t.put("seed", c.seed());
        t.put("wall_time_seconds", Math.round(wallSeconds));
        t.put("final_loss", finalLoss);
        t.put("command", spec.command());
        if (spec.initFrom() != null) t.put("init_from", spec.initFrom());
        t.put("commit", commit);
        t.put("sessions", Sessions.parse(sessionsBefore));
        t.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
        String readme = ModelCard.render(j, model.parameterCount(), wallSeconds, finalLoss);
        ModelBundle.write(bundle, j, Architectures.weights(emaModel), readme, staging -> ImageWriter.writePng(staging.resolve("samples.png"), grid));
        return bundle;
    }

    /** The commit this program was built from (see {@link org.diffusionexplorer.io.BuildInfo}), never git in the working folder. */
    static String commit() {
        return org.diffusionexplorer.io.BuildInfo.commit();
    }

}

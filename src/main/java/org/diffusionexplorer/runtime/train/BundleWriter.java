package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelJson;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.json.ScheduleFiles;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.engine.EngineModel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The end of a run: the model bundle in out/bundle with the EMA weights, model.json (architecture, schedule and the
 * training provenance: data, steps, hyper-parameters, wall time, final loss, command, commit, sessions, machine) and
 * a README.md model card with a grid of samples.
 */
final class BundleWriter {
    private BundleWriter() {
    }

    /** What the bundle records about the run besides the network. */
    record Provenance(double wallSeconds, double finalLoss, String commit, String sessions) {
    }

    static Path write(Path out, TrainingJob.Spec spec, Dataset data, EngineModel model, Trainer trainer, EmaSamples ema,
                      Provenance p, TrainingJob.Listener listener) throws IOException {
        EngineModel emaModel = ema.emaCopy();
        if (listener != null) listener.onMessage("sampling a preview grid with the EMA weights…");
        int[] shape = model.itemShape();
        boolean points = shape.length == 1;
        Tensor samples = ema.sample(emaModel, 50, points ? 2000 : 64);
        Path bundle = out.resolve("bundle");
        BufferedImage grid = points ? ImageGrid.scatter(samples, data.items(), 3.0, 480) : ImageGrid.grid(samples, 8, 3);
        ModelJson j = new ModelJson();
        j.id = spec.id();
        j.description = (points ? "2-D MLP denoiser" : "UNet denoiser") + " trained on " + spec.data();
        j.architecture = Architectures.describe(model);
        j.inputShape = shape;
        j.prediction = spec.config().prediction().configName;
        j.schedule = ModelBundle.mapper().readTree(ScheduleFiles.toJson(spec.config().schedule()));
        if (data.labelled()) j.classes = data.classes();
        training(j.training, spec, data, trainer, p);
        String readme = ModelCard.render(j, model.parameterCount(), p.wallSeconds(), p.finalLoss());
        // a class-conditional image model's card shows what guidance does: classes × w = 0, 1, 2, 4, 7
        boolean guided = !points && spec.config().conditional() && data.labelled();
        if (guided && listener != null) listener.onMessage("sampling the guidance sweep…");
        BufferedImage sweep = guided ? GuidanceSweep.sample(ema, emaModel, data.classes()) : null;
        if (guided) readme += GuidanceSweep.cardSection(j.id);
        ModelBundle.write(bundle, j, Architectures.weights(emaModel), readme, staging -> {
            ImageWriter.writePng(staging.resolve("samples.png"), grid);
            if (sweep != null) ImageWriter.writePng(staging.resolve("guidance.png"), sweep);
        });
        return bundle;
    }

    /** model.json's "training" object, in the order it has always been written. */
    private static void training(Map<String, Object> t, TrainingJob.Spec spec, Dataset data, Trainer trainer, Provenance p) {
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
        t.put("wall_time_seconds", Math.round(p.wallSeconds()));
        t.put("final_loss", p.finalLoss());
        t.put("command", spec.command());
        if (spec.initFrom() != null) t.put("init_from", spec.initFrom());
        t.put("commit", p.commit());
        t.put("sessions", Sessions.parse(p.sessions()));
        t.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version"));
    }
}

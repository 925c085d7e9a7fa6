package org.diffusionexplorer.runtime.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.runtime.Architectures;
import org.diffusionexplorer.runtime.MlpConfig;
import org.diffusionexplorer.runtime.engine.EngineModel;
import org.diffusionexplorer.runtime.engine.Mlp;
import org.diffusionexplorer.runtime.engine.UNet;

import java.util.LinkedHashMap;

/** The network a run starts from: an MLP for 2-D points, a UNet for square images, optionally warm-started from a bundle. */
final class InitialModel {
    private InitialModel() {
    }

    /** A freshly initialised network for the data's item shape, with a class embedding for conditional training. */
    static EngineModel build(TrainingJob.Spec spec, Dataset d) throws InputException {
        int[] shape = d.itemShape();
        int classes = 0;
        if (spec.config().conditional()) {
            if (!d.labelled()) {
                throw new InputException(d.name() + " has no classes: conditional training needs labelled data (fashion-mnist, toy:moons, toy:8gaussians, toy:circles)");
            }
            classes = d.classes().size();
        }
        if (shape.length == 1) {
            return new Mlp(mlpPreset(spec.modelSize(), shape[0]).withClasses(classes), spec.config().seed());
        }
        if (shape[1] != shape[2]) throw new InputException("images must be square (got " + shape[1] + "×" + shape[2] + ")");
        return new UNet(Architectures.unetPreset(spec.modelSize(), shape[0], shape[1]).withClasses(classes), spec.config().seed());
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

    /**
     * Warm start: copies a bundle's weights into the freshly built model (the architecture must match exactly);
     * the Adam moments start at zero, so a warm-up is advised. Returns a short digest of the weights for the run's
     * identity, so that --resume refuses a checkpoint made from other initial weights.
     */
    static String warmStart(EngineModel m, String idOrDir) throws InputException {
        ModelBundle b = ModelRegistry.resolve(idOrDir);
        var target = (ObjectNode) Architectures.describe(m).deepCopy();
        var source = b.json().architecture.deepCopy();
        // an unconditional model may start a conditional one: every tensor but the new class embedding carries over
        boolean addClasses = m.classes() > 0 && !source.has("classes");
        if (addClasses) target.remove("classes");
        if (!target.equals(source)) {
            throw new InputException("--init-from " + idOrDir + ": its architecture " + b.json().architecture
                    + " differs from this run's " + Architectures.describe(m) + " (choose the same --model-size and data)");
        }
        var weights = new LinkedHashMap<>(b.weights());
        if (addClasses) {
            for (var p : m.params()) {
                if (p.name.startsWith("class_emb.")) weights.put(p.name, new SafeTensors.Entry(p.fileShape, p.toFileLayout()));
            }
        }
        Architectures.load(m, weights, b.weightsFile().getFileName().toString());
        String sha = b.json().weights.sha256;
        return "+init:" + (sha == null ? b.id() : sha.substring(0, Math.min(16, sha.length())));
    }
}

package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.sampling.Guidance;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.runtime.LoadedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** --model ID|DIR|empirical:PATH resolved to a denoiser and its schedule. */
record ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images, List<String> classes, boolean unverified) {
    ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images) {
        this(denoiser, schedule, name, images, null, false);
    }

    ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images, List<String> classes) {
        this(denoiser, schedule, name, images, classes, false);
    }

    /** A warning to print for a model whose weights could not be verified, or null. */
    String warning() {
        return unverified ? "warning: " + name + ": model.json records no sha256, so its weights are unverified" : null;
    }

    /**
     * --class NAME|INDEX and --guidance W as guidance for count samples (null when neither is given). A class name is
     * matched ignoring case; an index counts from 0.
     */
    /**
     * The guidance of a run: null for an unconditional model (which refuses --class and --guidance). A conditional
     * model samples a class drawn from the seed for each item unless --class names one ("random" says so explicitly);
     * w = 1 by default, and --guidance 0 alone is the unconditional ("no class") path.
     */
    Guidance guidance(String cls, Double w, int count, long seed) {
        if (denoiser.classes() == 0) {
            if (cls == null && w == null) return null;
            throw new IllegalArgumentException(name + " is not class-conditional: --class and --guidance need a model trained with --conditional");
        }
        if (w != null && !(w >= 0 && w <= 100)) throw new IllegalArgumentException("--guidance must be between 0 and 100 (got " + w + ")");
        double scale = w == null ? 1.0 : w;
        int label = -1;
        if (cls != null) for (int i = 0; i < classes.size(); i++) if (classes.get(i).equalsIgnoreCase(cls.trim())) label = i;
        // a class that is itself named "random" wins over the keyword
        if (label < 0 && (cls == null || cls.trim().equalsIgnoreCase("random"))) return Guidance.randomClasses(denoiser.classes(), count, scale, seed);
        if (label < 0 && cls.trim().matches("\\d{1,4}")) label = Integer.parseInt(cls.trim());
        if (label < 0 || label >= classes.size()) {
            throw new IllegalArgumentException("--class must be random, one of " + String.join(", ", classes) + " or an index 0.." + (classes.size() - 1) + " (got '" + cls + "')");
        }
        return Guidance.of(label, count, scale);
    }
    static ModelSource resolve(String model, int size, ScheduleSpec empiricalSchedule) throws InputException {
        if (model.startsWith("mixture:")) {
            String name = model.substring("mixture:".length());
            NoiseSchedule s = NoiseSchedule.of(empiricalSchedule);
            var d = ToyDatasets.mixture(name, s);
            if (d == null) throw new InputException("--model mixture:NAME: the exact mixture denoiser exists for 8gaussians (got '" + name + "')");
            return new ModelSource(d, s, "mixture:" + name, false, ToyDatasets.classes(name));
        }
        if (model.startsWith("empirical:")) {
            String path = model.substring("empirical:".length());
            if (path.isBlank()) throw new InputException("--model empirical: needs an image or a folder after the colon (e.g. empirical:photos/)");
            Path p = Path.of(path);
            Tensor data;
            if (Files.isDirectory(p)) {
                // ImageFolder refuses a set that cannot fit in memory, with the numbers
                data = ImageFolder.load(p, size, 3).dataset().items();
            } else {
                var img = new ImageLoader(size, 1f).load(p);
                data = Tensor.stack(List.of(img.pixels()));
            }
            NoiseSchedule s = NoiseSchedule.of(empiricalSchedule);
            return new ModelSource(new EmpiricalDenoiser(s, data), s, "empirical:" + p.getFileName(), true);
        }
        LoadedModel m = LoadedModel.load(ModelRegistry.resolve(model));
        return new ModelSource(m.denoiser(), m.schedule(), m.bundle().id(), m.denoiser().itemShape().length == 3, m.bundle().json().classes, !m.bundle().verified());
    }
}

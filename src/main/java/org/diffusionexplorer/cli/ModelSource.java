package org.diffusionexplorer.cli;

import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
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
record ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images, boolean unverified) {
    ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images) {
        this(denoiser, schedule, name, images, false);
    }

    /** A warning to print for a model whose weights could not be verified, or null. */
    String warning() {
        return unverified ? "warning: " + name + ": model.json records no sha256, so its weights are unverified" : null;
    }

    static ModelSource resolve(String model, int size, ScheduleSpec empiricalSchedule) throws InputException {
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
        return new ModelSource(m.denoiser(), m.schedule(), m.bundle().id(), m.denoiser().itemShape().length == 3, !m.bundle().verified());
    }
}

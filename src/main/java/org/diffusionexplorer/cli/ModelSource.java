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
record ModelSource(Denoiser denoiser, NoiseSchedule schedule, String name, boolean images) {
    static ModelSource resolve(String model, int size, ScheduleSpec empiricalSchedule) throws InputException {
        if (model.startsWith("empirical:")) {
            Path p = Path.of(model.substring("empirical:".length()));
            Tensor data;
            if (Files.isDirectory(p)) {
                data = ImageFolder.load(p, size, 3).dataset().items();
            } else {
                var img = new ImageLoader(size, 1f).load(p);
                data = Tensor.stack(List.of(img.pixels()));
            }
            NoiseSchedule s = NoiseSchedule.of(empiricalSchedule);
            return new ModelSource(new EmpiricalDenoiser(s, data), s, "empirical:" + p.getFileName(), true);
        }
        LoadedModel m = LoadedModel.load(ModelRegistry.resolve(model));
        return new ModelSource(m.denoiser(), m.schedule(), m.bundle().id(), m.denoiser().itemShape().length == 3);
    }
}

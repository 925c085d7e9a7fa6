package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.model.Denoiser;
import org.diffusionexplorer.core.model.EmpiricalDenoiser;
import org.diffusionexplorer.core.model.GaussianMixtureDenoiser;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.runtime.LoadedModel;
import org.diffusionexplorer.ui.common.ExplorerState;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads sources as the CLI's {@code sample --model} does: bundles through the registry (cached: a network is built
 * once), {@code empirical:} images at a resolution, and the toy sets' exact denoisers (a Gaussian mixture for
 * 8gaussians, the empirical denoiser of 2 000 points otherwise). "Your image" is the shared {@link ExplorerState}'s x₀.
 */
public final class DefaultSourceLoader implements SourceLoader {
    public static final int TOY_POINTS = 2000;
    private final ExplorerState state;
    private final Map<String, LoadedModel> models = new HashMap<>();
    private final Map<String, ImageFolder.Result> folders = new HashMap<>();

    public DefaultSourceLoader(ExplorerState state) {
        this.state = state;
    }

    /** The image as the CLI's empirical:PATH would name it (the bundled sample lives in assets/). */
    private String imagePath() {
        String name = state.imageName();
        if (name == null) return "IMAGE";
        return name.equals("sample-cat.png") ? "assets/sample-cat.png" : name;
    }

    @Override
    public synchronized LoadedSource load(Source s, int resolution, NoiseSchedule live) throws Exception {
        return switch (s.kind()) {
            case MODEL -> model(s);
            case FORWARD_IMAGE -> {
                Tensor img = state.x0();
                if (img == null) throw new InputException("the Forward tab has no image");
                int[] hw = Resample.fit(img.dim(1), img.dim(2), resolution);
                Tensor x = hw[0] == img.dim(1) && hw[1] == img.dim(2) ? img : Resample.area(img, hw[0], hw[1]);
                yield new LoadedSource(s, new EmpiricalDenoiser(live, Tensor.stack(List.of(x))), live, true,
                        Tensor.stack(List.of(x)), List.of(imagePath()), "empirical:" + imagePath());
            }
            case FOLDER -> {
                String key = s.id() + "@" + resolution;
                ImageFolder.Result r = folders.get(key);
                if (r == null) {
                    r = ImageFolder.load(Path.of(s.id()), resolution, 3);
                    folders.clear(); // one folder at a time: they can be large
                    folders.put(key, r);
                }
                List<String> names = ImageFolder.imageFiles(Path.of(s.id())).stream().map(p -> p.getFileName().toString()).toList();
                Tensor data = r.dataset().items();
                yield new LoadedSource(s, new EmpiricalDenoiser(live, data), live, true, data,
                        names.size() == data.dim(0) ? names : null, "empirical:" + s.id());
            }
            case TOY_EXACT -> {
                Tensor pts = ToyDatasets.sample(s.id(), TOY_POINTS, 0).items();
                Denoiser d = s.id().startsWith("8") ? eightGaussians(live) : new EmpiricalDenoiser(live, pts);
                yield new LoadedSource(s, d, live, false, pts, null, null);
            }
        };
    }

    @Override
    public String cliModel(Source s) {
        if (s.kind() == Source.Kind.FORWARD_IMAGE) return "empirical:" + imagePath();
        return SourceLoader.super.cliModel(s);
    }

    private LoadedSource model(Source s) throws InputException {
        LoadedModel m = models.get(s.id());
        if (m == null) {
            m = LoadedModel.load(ModelRegistry.resolve(s.id()));
            models.put(s.id(), m);
        }
        boolean images = m.denoiser().itemShape().length == 3;
        Tensor data = null;
        if (!images && s.id().startsWith("toy-")) {
            try {
                data = ToyDatasets.sample(s.id().substring(4), TOY_POINTS, 0).items();
            } catch (IllegalArgumentException unknownSet) {
                data = null; // a user's toy-… model of another set: no background
            }
        }
        return new LoadedSource(s, m.denoiser(), m.schedule(), images, data, null, s.id());
    }

    /** The exact denoiser of ToyDatasets' 8gaussians: eight equal components on a circle of radius 1.6, σ = 0.1. */
    private static Denoiser eightGaussians(NoiseSchedule s) {
        return org.diffusionexplorer.core.data.ToyDatasets.mixture("8gaussians", s); // class-conditional: guidance works on it
    }
}

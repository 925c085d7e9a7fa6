package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.data.ToyDatasets;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelRegistry;

import java.util.List;

/** Makes a {@link Source} runnable; called off the FX thread (loading a model or a folder takes time). */
@FunctionalInterface
public interface SourceLoader {
    /**
     * @param resolution longest side for exact image denoisers (pixels)
     * @param live       the Schedule editor's schedule, used by exact denoisers
     * @throws Exception with a message for the user when the source cannot be loaded
     */
    LoadedSource load(Source source, int resolution, NoiseSchedule live) throws Exception;

    /** The {@code sample --model} argument for a source, or null when the CLI cannot sample it. */
    default String cliModel(Source s) {
        return switch (s.kind()) {
            case MODEL -> s.id();
            case FOLDER -> "empirical:" + s.id();
            case FORWARD_IMAGE, TOY_EXACT -> null;
        };
    }

    /**
     * The class names of a class-conditional source, read from its model.json (or the toy set's) without loading it;
     * empty for an unconditional source or one that cannot be read.
     */
    default List<String> classNames(Source s) {
        if (s == null) return List.of();
        try {
            if (s.kind() == Source.Kind.MODEL) {
                var j = ModelRegistry.resolve(s.id()).json();
                return j.architecture.path("classes").asInt(0) > 0 && j.classes != null ? j.classes : List.of();
            }
            if (s.kind() == Source.Kind.TOY_EXACT && s.id().equals("8gaussians")) return ToyDatasets.classes("8gaussians");
        } catch (InputException e) {
            return List.of();
        }
        return List.of();
    }
}

package org.diffusionexplorer.ui.generate;

import org.diffusionexplorer.core.schedule.NoiseSchedule;

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
}

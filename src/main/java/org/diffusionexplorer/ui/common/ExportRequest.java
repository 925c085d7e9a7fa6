package org.diffusionexplorer.ui.common;

import org.diffusionexplorer.io.export.FrameSource;

import java.util.List;
import java.util.function.IntFunction;

/**
 * What a view asks the one Export dialog (ui/export) to write: an animation over {@code frameCount} frames of its
 * own (t values, trajectory steps), in one of a few layouts it offers. The dialog chooses the frames (a range and a
 * stride), the scale, the caption, the format and the encoding, and calls {@link Builder#build} off the FX thread.
 *
 * @param title         what is exported, for the dialog's header ("Forward process", "Reverse trajectory")
 * @param suggestedName a file name without extension ("forward-cosine")
 * @param frameCount    frames the view can give, indexed 0..frameCount−1
 * @param label         a frame's name for the range controls ("t = 250", "step 12")
 * @param layouts       the layouts the builder understands (first is the default), e.g. "x_t", "all panels"
 * @param builder       makes the frame source for the chosen frames
 */
public record ExportRequest(String title, String suggestedName, int frameCount, IntFunction<String> label, List<String> layouts,
                            Builder builder) {
    public ExportRequest {
        if (frameCount < 1) throw new IllegalArgumentException("nothing to export");
        if (layouts.isEmpty()) throw new IllegalArgumentException("at least one layout");
    }

    /** Builds the frames (pure, callable from any thread). */
    @FunctionalInterface
    public interface Builder {
        /**
         * @param layout  one of the request's layouts
         * @param frames  the chosen frame indices, in order
         * @param scale   integer upscaling, 0 for automatic
         * @param overlay captions on the frames
         */
        FrameSource build(String layout, int[] frames, int scale, boolean overlay);
    }

    /** Opens the Export dialog for a request; features get one from the composition root (MainWindow). */
    @FunctionalInterface
    public interface Service {
        void open(ExportRequest request);
    }
}

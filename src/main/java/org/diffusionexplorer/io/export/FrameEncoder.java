package org.diffusionexplorer.io.export;

import java.io.Closeable;
import java.io.IOException;

/**
 * One output format. The exporter opens it on a temporary path beside the target, adds every frame (ARGB pixels of
 * the size given at open, with the frame's display time), finishes it, and only then moves it into place.
 * {@link #close()} releases resources whether or not {@link #finish()} ran.
 */
interface FrameEncoder extends Closeable {
    /** Adds one frame shown for {@code seconds}. */
    void add(int[] argb, double seconds, String label) throws IOException;

    /** Completes the file (trailers, indexes). */
    void finish() throws IOException;
}

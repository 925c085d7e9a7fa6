package org.diffusionexplorer.io.export;

/**
 * A pure description of an animation's frames (no JavaFX, no files): how many, their size, and each frame's ARGB
 * pixels and label on demand. Frames are rendered in order, once each; sources may cache what successive frames share.
 */
public interface FrameSource {
    int frameCount();

    int width();

    int height();

    /** Frame i (0 ≤ i &lt; frameCount) as width×height ARGB pixels, overlay included. */
    int[] frame(int i);

    /** A short caption of frame i for contact sheets and file names' companions, e.g. "t = 250". */
    String label(int i);
}

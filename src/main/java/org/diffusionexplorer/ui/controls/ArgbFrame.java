package org.diffusionexplorer.ui.controls;

import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * Packed opaque ARGB pixels behind a {@link PixelBuffer} that is reused while the size stays the same, so a new
 * frame is one bulk copy (ImagePanel and ImageGridView show their pixels through one). FX thread only.
 */
final class ArgbFrame {
    private PixelBuffer<IntBuffer> buffer;
    private WritableImage image;
    private int width, height;

    /** Copies the pixels (w×h) in; true when the size changed, so there is a new {@link #image()} to show. */
    boolean set(int[] argb, int w, int h) {
        boolean resized = buffer == null || w != width || h != height;
        if (resized) {
            IntBuffer ib = ByteBuffer.allocateDirect(w * h * 4).order(ByteOrder.nativeOrder()).asIntBuffer();
            buffer = new PixelBuffer<>(w, h, ib, PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
            width = w;
            height = h;
        }
        buffer.getBuffer().put(0, argb, 0, w * h);
        buffer.updateBuffer(b -> null);
        return resized;
    }

    void clear() {
        buffer = null;
        image = null;
        width = height = 0;
    }

    WritableImage image() { return image; }
    int width() { return width; }
    int height() { return height; }
}

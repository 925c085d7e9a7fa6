package org.diffusionexplorer.io.image;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;

import java.awt.image.DataBufferByte;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Model-space C×H×W tensors to 8-bit images and PNG files. */
public final class ImageWriter {
    static {
        // no ImageIO cache files: PNG writing must not need space in /tmp, nor leave imageio*.tmp behind when killed
        ImageIO.setUseCache(false);
    }

    private ImageWriter() {
    }

    public static BufferedImage toBufferedImage(Tensor chw) {
        int c = chw.dim(0), h = chw.dim(1), w = chw.dim(2);
        int[] argb = new int[h * w];
        FrameRenderer.render(1f, chw.data(), 0f, null, c, argb);
        return toBufferedImage(argb, w, h);
    }

    public static BufferedImage toBufferedImage(int[] argb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }

    /** Writes a 1-channel tensor as an 8-bit greyscale PNG (the raster holds the bytes as they are), others as RGB. */
    public static void writePng(Path path, Tensor chw) throws IOException {
        writePng(path, chw.dim(0) == 1 ? toGrey(chw) : toBufferedImage(chw));
    }

    static BufferedImage toGrey(Tensor chw) {
        int h = chw.dim(1), w = chw.dim(2);
        int[] argb = new int[h * w];
        FrameRenderer.render(1f, chw.data(), 0f, null, 1, argb);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) px[i] = (byte) argb[i];
        return img;
    }

    public static void writePng(Path path, BufferedImage img) throws IOException {
        AtomicFiles.write(path, out -> writePng(out, img));
    }

    public static void writePng(OutputStream out, BufferedImage img) throws IOException {
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
    }
}

package org.diffusionexplorer.io.image;

import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Loads PNG (8/16-bit, grey, palette, alpha), JPEG (incl. greyscale and CMYK), BMP, GIF (first frame) and TIFF into
 * model space. The header is read first: files over {@link #MAX_PIXELS} or with unreadable dimensions are refused
 * before any pixel is decoded. Large images are decoded with subsampling and then area-downscaled so that the longer
 * side is at most {@code maxSide}. Alpha is composited over {@code background} (grey level in [0, 1]).
 */
public final class ImageLoader {
    public static final long MAX_PIXELS = 100_000_000L;
    public static final int DEFAULT_MAX_SIDE = 512;
    public static final long MAX_FILE_BYTES = 1L << 30;
    public static final String SUPPORTED = "PNG, JPEG, BMP, GIF, TIFF";

    static {
        ImageIO.setUseCache(false); // decoding never needs cache files in /tmp
    }

    private final int maxSide;
    private final float background;

    public ImageLoader(int maxSide, float background) {
        if (maxSide < 1 || maxSide > 16384) throw new IllegalArgumentException("size must be between 1 and 16384 (got " + maxSide + ")");
        this.maxSide = maxSide;
        this.background = background;
    }

    public ImageLoader() {
        this(DEFAULT_MAX_SIDE, 1f);
    }

    public int maxSide() { return maxSide; }

    public LoadedImage load(Path path) throws InputException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (!Files.exists(path)) throw new InputException(name + ": no such file");
        if (Files.isDirectory(path)) throw new InputException(name + ": is a folder, not an image file");
        if (!Files.isReadable(path)) throw new InputException(name + ": cannot be read (permission denied)");
        try {
            long size = Files.size(path);
            if (size == 0) throw new InputException(name + ": the file is empty");
            if (size > MAX_FILE_BYTES) throw new InputException(name + ": the file is larger than 1 GiB");
            try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
                if (in == null) throw new InputException(name + ": cannot be opened");
                return decode(in, name, () -> ImageIO.createImageInputStream(path.toFile()), size);
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new InputException(name + ": not a readable image (" + oneLine(e) + ")", e);
        }
    }

    /** Loads an image from bytes (a bundled resource, a download, a paste). */
    public LoadedImage load(byte[] bytes, String name) throws InputException {
        if (bytes.length == 0) throw new InputException(name + ": the file is empty");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, name, () -> ImageIO.createImageInputStream(new ByteArrayInputStream(bytes)), bytes.length);
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw new InputException(name + ": not a readable image (" + oneLine(e) + ")", e);
        }
    }

    /** Converts an image already in memory (for example pasted from the clipboard). */
    public LoadedImage fromBufferedImage(BufferedImage img, String name) {
        return new LoadedImage(downscale(toModelSpace(img)), img.getWidth(), img.getHeight(), "memory", name);
    }

    private interface StreamOpener {
        ImageInputStream open() throws IOException;
    }

    private LoadedImage decode(ImageInputStream in, String name, StreamOpener reopen, long length) throws IOException, InputException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) throw new InputException(name + ": not a supported image format (supported: " + SUPPORTED + ")");
        ImageReader reader = readers.next();
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        try {
            reader.setInput(in, true, true);
            int w, h;
            try {
                w = reader.getWidth(0);
                h = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new InputException(name + ": the " + format.toUpperCase(Locale.ROOT) + " header cannot be read (" + oneLine(e) + ")");
            }
            if (w <= 0 || h <= 0) throw new InputException(name + ": invalid dimensions " + w + "×" + h);
            if ((long) w * h > MAX_PIXELS) {
                throw new InputException(name + ": " + w + "×" + h + " is over the limit of " + MAX_PIXELS / 1_000_000 + " megapixels");
            }
            // one rule for damaged files: refused (exit 2 in the CLI, an error in the window), never shown in part
            try (ImageInputStream check = reopen.open()) {
                String damage = ImageIntegrity.damage(format, check, length);
                if (damage != null) throw damaged(name, format, damage);
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((src, message) -> warnings.add(message));
            ImageReadParam param = reader.getDefaultReadParam();
            int sub = Math.max(1, Math.max(w, h) / (2 * maxSide));
            if (sub > 1) param.setSourceSubsampling(sub, sub, 0, 0);
            BufferedImage img;
            try {
                img = reader.read(0, param);
            } catch (IIOException e) {
                if (!format.contains("jpeg") && !format.contains("jpg")) throw e;
                reader.dispose();
                return decodeCmykJpeg(reopen, name, sub, w, h);
            }
            if (!warnings.isEmpty()) throw damaged(name, format, warnings.get(0));
            return new LoadedImage(downscale(toModelSpace(img)), w, h, format, name);
        } finally {
            reader.dispose();
        }
    }

    /** JDK's JPEG reader refuses CMYK/YCCK images as BufferedImages but reads their raster (Adobe: inverted). */
    private LoadedImage decodeCmykJpeg(StreamOpener reopen, String name, int sub, int w, int h) throws IOException, InputException {
        try (ImageInputStream in = reopen.open()) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((src, message) -> warnings.add(message));
                ImageReadParam param = reader.getDefaultReadParam();
                if (sub > 1) param.setSourceSubsampling(sub, sub, 0, 0);
                Raster r = reader.readRaster(0, param);
                if (!warnings.isEmpty()) throw damaged(name, "jpeg", warnings.get(0));
                if (r.getNumBands() != 4) throw new InputException(name + ": unsupported JPEG colour layout (" + r.getNumBands() + " channels)");
                int rw = r.getWidth(), rh = r.getHeight(), n = rw * rh;
                float[] out = new float[3 * n];
                int[] px = new int[4];
                for (int y = 0; y < rh; y++) {
                    for (int x = 0; x < rw; x++) {
                        r.getPixel(x, y, px);
                        float k = px[3] / 255f; // Adobe CMYK JPEGs store inverted values: 255 = no ink
                        int i = y * rw + x;
                        out[i] = px[0] / 255f * k * 2 - 1;
                        out[n + i] = px[1] / 255f * k * 2 - 1;
                        out[2 * n + i] = px[2] / 255f * k * 2 - 1;
                    }
                }
                return new LoadedImage(downscale(new Tensor(out, 3, rh, rw)), w, h, "jpeg (cmyk)", name);
            } finally {
                reader.dispose();
            }
        }
    }

    private Tensor downscale(Tensor t) {
        int[] hw = Resample.fit(t.dim(1), t.dim(2), maxSide);
        return hw[0] == t.dim(1) && hw[1] == t.dim(2) ? t : Resample.area(t, hw[0], hw[1]);
    }

    /**
     * Pixels to model space. Component images in sRGB or grey (8 or 16 bit) are read from the raster, which keeps
     * 16-bit precision and avoids the JDK's linear-grey conversion in getRGB; everything else goes through getRGB.
     */
    Tensor toModelSpace(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight(), n = w * h;
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean component = cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied();
        int csType = cm.getColorSpace().getType();
        if (component && (csType == ColorSpace.TYPE_GRAY || cm.getColorSpace().isCS_sRGB())) {
            int colours = cm.getNumColorComponents();
            boolean alpha = cm.hasAlpha();
            float[] out = new float[colours * n];
            float[] max = new float[cm.getNumComponents()];
            for (int b = 0; b < max.length; b++) max[b] = (float) ((1L << cm.getComponentSize(b)) - 1);
            float[] row = new float[w];
            float[] a = new float[w];
            for (int y = 0; y < h; y++) {
                if (alpha) {
                    r.getSamples(0, y, w, 1, colours, a);
                    for (int x = 0; x < w; x++) a[x] /= max[colours];
                }
                for (int c = 0; c < colours; c++) {
                    r.getSamples(0, y, w, 1, c, row);
                    float m = max[c];
                    for (int x = 0; x < w; x++) {
                        float v = row[x] / m;
                        if (alpha) v = v * a[x] + background * (1 - a[x]);
                        out[c * n + y * w + x] = v * 2 - 1;
                    }
                }
            }
            return new Tensor(out, colours, h, w);
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        boolean grey = true;
        for (int p : argb) {
            int rr = p >> 16 & 255, gg = p >> 8 & 255, bb = p & 255;
            if (rr != gg || gg != bb) {
                grey = false;
                break;
            }
        }
        int channels = grey ? 1 : 3;
        float[] out = new float[channels * n];
        float bg = background * 255f;
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            float al = (p >>> 24) / 255f;
            for (int c = 0; c < channels; c++) {
                int shift = 16 - 8 * c;
                float v = (p >> shift & 255) * al + bg * (1 - al);
                out[c * n + i] = al == 1f ? (p >> shift & 255) / 127.5f - 1f : v / 127.5f - 1f;
            }
        }
        return new Tensor(out, channels, h, w);
    }

    private static InputException damaged(String name, String format, String what) {
        String w = what.replaceAll("\\s+", " ").trim();
        return new InputException(name + ": the " + format.toUpperCase(Locale.ROOT) + " file is damaged (" + (w.length() > 120 ? w.substring(0, 120) + "…" : w)
                + "); it is refused rather than shown in part");
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        if (e instanceof OutOfMemoryError) m = "not enough memory to decode it";
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}

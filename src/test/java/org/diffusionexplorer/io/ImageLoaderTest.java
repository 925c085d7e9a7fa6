package org.diffusionexplorer.io;

import org.diffusionexplorer.core.forward.FrameRenderer;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.ImageWriter;
import org.diffusionexplorer.io.image.LoadedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageLoaderTest {
    @TempDir
    Path dir;

    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 255 / (w - 1)) << 16 | (y * 255 / (h - 1)) << 8 | ((x + y) % 256));
        return img;
    }

    Path write(BufferedImage img, String format, String name) throws IOException {
        Path p = dir.resolve(name);
        assertTrue(ImageIO.write(img, format, p.toFile()), "writer for " + format);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff"})
    void losslessFormatsRoundTripEightBitsExactly(String fmt) throws Exception {
        BufferedImage img = gradient(40, 30);
        LoadedImage li = new ImageLoader().load(write(img, fmt, "g." + fmt));
        assertEquals(3, li.channels());
        assertEquals(40, li.width());
        int n = 40 * 30;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++) {
                int p = img.getRGB(x, y), i = y * 40 + x;
                assertEquals(p >> 16 & 255, FrameRenderer.toByte(li.pixels().data()[i]));
                assertEquals(p >> 8 & 255, FrameRenderer.toByte(li.pixels().data()[n + i]));
                assertEquals(p & 255, FrameRenderer.toByte(li.pixels().data()[2 * n + i]));
            }
        // and back out through the PNG writer
        BufferedImage back = ImageWriter.toBufferedImage(li.pixels());
        for (int y = 0; y < 30; y += 7) for (int x = 0; x < 40; x += 5) assertEquals(img.getRGB(x, y) & 0xFFFFFF, back.getRGB(x, y) & 0xFFFFFF);
    }

    /** A 1-channel tensor (a Fashion-MNIST sample) is written as a greyscale PNG whose bytes read back exactly. */
    @Test
    void greyTensorsWriteGreyPngsThatRoundTripExactly() throws Exception {
        float[] v = new float[256];
        for (int i = 0; i < 256; i++) v[i] = i / 127.5f - 1f;
        Path p = dir.resolve("grey.png");
        ImageWriter.writePng(p, new org.diffusionexplorer.core.tensor.Tensor(v, 1, 16, 16));
        BufferedImage raw = ImageIO.read(p.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, raw.getType());
        for (int i = 0; i < 256; i++) assertEquals(i, raw.getRaster().getSample(i % 16, i / 16, 0));
        LoadedImage li = new ImageLoader().load(p);
        assertEquals(1, li.channels());
        for (int i = 0; i < 256; i++) assertEquals(i, FrameRenderer.toByte(li.pixels().data()[i]));
    }

    @Test
    void greyPngAndGreyJpegStayOneChannelWithoutGammaShift() throws Exception {
        BufferedImage g = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 16; x++) for (int y = 0; y < 8; y++) g.getRaster().setSample(x, y, 0, x * 16);
        LoadedImage png = new ImageLoader().load(write(g, "png", "g.png"));
        assertEquals(1, png.channels());
        assertEquals(128, FrameRenderer.toByte(png.pixels().data()[8])); // no linear→sRGB brightening
        LoadedImage jpg = new ImageLoader().load(write(g, "jpeg", "g.jpg"));
        assertEquals(1, jpg.channels());
        assertEquals(128, FrameRenderer.toByte(jpg.pixels().data()[8]), 4);
    }

    @Test
    void sixteenBitPngKeepsPrecision() throws Exception {
        BufferedImage g = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        short[] d = ((DataBufferUShort) g.getRaster().getDataBuffer()).getData();
        d[0] = 0;
        d[1] = (short) 32768;
        d[2] = (short) 65535;
        d[3] = (short) 1000;
        LoadedImage li = new ImageLoader().load(write(g, "png", "g16.png"));
        assertEquals(-1f, li.pixels().data()[0], 1e-6);
        assertEquals(32768 / 65535.0 * 2 - 1, li.pixels().data()[1], 1e-6);
        assertEquals(1f, li.pixels().data()[2], 1e-6);
        assertEquals(1000 / 65535.0 * 2 - 1, li.pixels().data()[3], 1e-6);
    }

    @Test
    void palettePngAndGifFirstFrame() throws Exception {
        byte[] r = {0, (byte) 255, 0, 0}, gg = {0, 0, (byte) 255, 0}, b = {0, 0, 0, (byte) 255};
        BufferedImage pal = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, gg, b));
        for (int x = 0; x < 4; x++) pal.getRaster().setSample(x, 0, 0, x);
        for (String fmt : new String[]{"png", "gif"}) {
            LoadedImage li = new ImageLoader().load(write(pal, fmt, "p." + fmt));
            assertEquals(3, li.channels());
            assertEquals(255, FrameRenderer.toByte(li.pixels().data()[1]), fmt); // red at x=1
            assertEquals(0, FrameRenderer.toByte(li.pixels().data()[4 + 1]), fmt);
            assertEquals(255, FrameRenderer.toByte(li.pixels().data()[8 + 3]), fmt); // blue at x=3
        }
    }

    @Test
    void alphaIsCompositedOnTheBackground() throws Exception {
        BufferedImage a = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x00FF0000); // fully transparent red
        a.setRGB(1, 0, 0x80000000); // half transparent black
        LoadedImage white = new ImageLoader(512, 1f).load(write(a, "png", "a.png"));
        assertEquals(255, FrameRenderer.toByte(white.pixels().data()[0]));
        assertEquals(127, FrameRenderer.toByte(white.pixels().data()[1]), 1);
        LoadedImage black = new ImageLoader(512, 0f).load(dir.resolve("a.png"));
        assertEquals(0, FrameRenderer.toByte(black.pixels().data()[0]));
    }

    @Test
    void cmykJpegIsConverted() throws Exception {
        Path p = dir.resolve("cmyk.jpg");
        try (var in = getClass().getResourceAsStream("/cmyk.jpg")) {
            Files.copy(in, p);
        }
        LoadedImage li = new ImageLoader().load(p);
        assertEquals(3, li.channels());
        int n = li.width() * li.height();
        float[] d = li.pixels().data();
        // top-left is red, top-right green, bottom-left blue (ImageMagick test image)
        assertTrue(FrameRenderer.toByte(d[0]) > 200 && FrameRenderer.toByte(d[n]) < 60 && FrameRenderer.toByte(d[2 * n]) < 60, "red");
        int tr = 15;
        assertTrue(FrameRenderer.toByte(d[n + tr]) > 200 && FrameRenderer.toByte(d[tr]) < 60, "green");
        int bl = 11 * 16;
        assertTrue(FrameRenderer.toByte(d[2 * n + bl]) > 200 && FrameRenderer.toByte(d[bl]) < 60, "blue");
    }

    @Test
    void largeImagesAreDownscaledToTheWorkingSize() throws Exception {
        LoadedImage li = new ImageLoader(100, 1f).load(write(gradient(1000, 500), "png", "big.png"));
        assertEquals(100, li.width());
        assertEquals(50, li.height());
        assertEquals(1000, li.originalWidth());
        assertTrue(li.downscaled());
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        ImageLoader l = new ImageLoader();
        assertMessage(l, dir.resolve("missing.png"), "no such file");
        assertMessage(l, dir, "is a folder");
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertMessage(l, empty, "empty");
        Path text = Files.writeString(dir.resolve("notes.png"), "hello, this is not an image");
        assertMessage(l, text, "not a supported image format");
        byte[] png = Files.readAllBytes(write(gradient(64, 64), "png", "ok.png"));
        Path cut = Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        assertMessage(l, cut, "cut.png");
        assertMessage(l, Files.write(dir.resolve("bomb.png"), pngHeaderOnly(50_000, 50_000)), "over the limit of 100 megapixels");
        assertMessage(l, Files.write(dir.resolve("thin.png"), pngHeaderOnly(1, 200_000_000)), "over the limit");
        assertMessage(l, Files.write(dir.resolve("zero.png"), pngHeaderOnly(0, 10)), "zero.png");
    }

    private static void assertMessage(ImageLoader l, Path p, String fragment) {
        InputException e = assertThrows(InputException.class, () -> l.load(p));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    /** A PNG signature and IHDR with the given size, then a tiny IDAT and IEND: a decompression-bomb header. */
    static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[]{0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

package org.diffusionexplorer.io.export;

import org.diffusionexplorer.core.forward.ForwardProcess;
import org.diffusionexplorer.core.schedule.NoiseSchedule;
import org.diffusionexplorer.core.schedule.ScheduleSpec;
import org.diffusionexplorer.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every format written, then decoded again: frame count, size, duration, and the frames themselves. */
class ExportRoundTripTest {
    @TempDir
    Path dir;

    /** A forward scrub of a synthetic image: grey (≤ 256 colours, so GIF is exact) or colour; 12 frames. */
    static ForwardFrames source(int channels, int w, int h, boolean overlay) {
        return source(channels, w, h, overlay, 1);
    }

    static ForwardFrames source(int channels, int w, int h, boolean overlay, int scale) {
        float[] d = new float[channels * h * w];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) d[(c * h + y) * w + x] = (float) Math.sin(0.2 * x + 0.13 * y + c) * 0.8f;
        Tensor x0 = new Tensor(d, channels, h, w);
        Tensor eps = ForwardProcess.noise(3, x0.shape());
        int[] ts = new int[12];
        for (int i = 0; i < ts.length; i++) ts[i] = i * 60; // t = 0 … 660
        return new ForwardFrames(x0, eps, NoiseSchedule.of(ScheduleSpec.Linear.defaults()), null, ts, false, scale, overlay);
    }

    static List<int[]> frames(FrameSource s) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < s.frameCount(); i++) out.add(s.frame(i));
        return out;
    }

    static int[] rgb(int[] argb) {
        int[] o = new int[argb.length];
        for (int i = 0; i < o.length; i++) o[i] = argb[i] & 0xFFFFFF;
        return o;
    }

    @Test
    void gifOfAPaletteImageIsExactAndLoopsWithTheRightDelays() throws Exception {
        ForwardFrames src = source(1, 40, 30, false);
        Path out = dir.resolve("a.gif");
        Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults().withFps(20), out, p -> { }, () -> false);
        List<int[]> want = frames(src);
        try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in);
            assertEquals(12, r.getNumImages(true));
            for (int i = 0; i < 12; i++) {
                BufferedImage img = r.read(i);
                assertEquals(40, img.getWidth());
                assertEquals(30, img.getHeight());
                assertArrayEquals(rgb(want.get(i)), rgb(img.getRGB(0, 0, 40, 30, null, 0, 40)), "frame " + i);
                var meta = (javax.imageio.metadata.IIOMetadataNode) r.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
                assertEquals("5", ((javax.imageio.metadata.IIOMetadataNode) meta.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime"));
            }
        }
        byte[] bytes = Files.readAllBytes(out);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "endless loop extension");
    }

    @Test
    void gifPerFramePalettesAndDitheringDecode() throws Exception {
        ForwardFrames src = source(3, 64, 48, true);
        for (boolean dither : new boolean[]{false, true}) {
            Path out = dir.resolve("c" + dither + ".gif");
            Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults().withPalette(false, dither), out, p -> { }, () -> false);
            try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
                ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
                r.setInput(in);
                assertEquals(12, r.getNumImages(true));
                BufferedImage first = r.read(0);
                double p = MediaReader.psnr(src.frame(0), first.getRGB(0, 0, 64, 48, null, 0, 64));
                assertTrue(p > 28, "256 colours per frame keep the first frame close: " + p + " dB");
            }
        }
    }

    @Test
    void apngIsLossless() throws Exception {
        ForwardFrames src = source(3, 41, 29, true); // odd sizes are fine for APNG
        Path out = dir.resolve("a.png");
        Exporter.export(src, ExportFormat.APNG, ExportOptions.defaults().withHold(1.0), out, p -> { }, () -> false);
        MediaReader.Media m = MediaReader.read(out);
        assertEquals("apng", m.codec());
        assertEquals(12, m.frames().size());
        assertEquals(41, m.width());
        List<int[]> want = frames(src);
        for (int i = 0; i < 12; i++) assertArrayEquals(rgb(want.get(i)), rgb(m.frames().get(i)), "frame " + i);
        BufferedImage still = ImageIO.read(out.toFile()); // a plain PNG reader sees the first frame
        assertArrayEquals(rgb(want.get(0)), rgb(still.getRGB(0, 0, 41, 29, null, 0, 41)));
    }

    @Test
    void mp4AndWebmDecodeWithTheRightCountSizeAndDuration() throws Exception {
        for (ExportFormat f : new ExportFormat[]{ExportFormat.MP4, ExportFormat.WEBM}) {
            for (int channels : new int[]{1, 3}) {
                // yuv420p keeps one colour sample per 2×2 pixels, so colour noise is drawn in 2×2 blocks (scale 2);
                // grey noise survives at scale 1. Odd sizes are padded to even.
                ForwardFrames src = channels == 1 ? source(1, 63, 47, false) : source(3, 32, 24, false, 2);
                Path out = dir.resolve("v" + channels + f.extension);
                Exporter.export(src, f, ExportOptions.defaults().withFps(24), out, p -> { }, () -> false);
                MediaReader.Media m = MediaReader.read(out);
                assertEquals(f == ExportFormat.MP4 ? "h264" : "vp9", m.codec());
                assertEquals(64, m.width(), f + " width padded to even");
                assertEquals(48, m.height());
                int w = src.width(), h = src.height();
                assertEquals(12, m.frames().size(), f + " frames");
                assertEquals(0.5, m.durationSeconds(), 0.02, f + " duration");
                for (int i : new int[]{0, 11}) {
                    int[] decoded = crop(m.frames().get(i), 64, w, h);
                    double p = MediaReader.psnr(src.frame(i), decoded);
                    assertTrue(p >= 30, f + " " + channels + "-channel frame " + i + ": PSNR " + p + " dB");
                }
            }
        }
    }

    private static int[] crop(int[] px, int stride, int w, int h) {
        int[] o = new int[w * h];
        for (int y = 0; y < h; y++) System.arraycopy(px, y * stride, o, y * w, w);
        return o;
    }

    @Test
    void framesFolderAndContactSheet() throws Exception {
        ForwardFrames src = source(3, 32, 24, true);
        Path folder = dir.resolve("frames");
        Exporter.export(src, ExportFormat.FRAMES, ExportOptions.defaults(), folder, p -> { }, () -> false);
        try (var s = Files.list(folder)) {
            assertEquals(12, s.count());
        }
        assertArrayEquals(rgb(src.frame(11)), rgb(ImageIO.read(folder.resolve("frame_0011.png").toFile()).getRGB(0, 0, 32, 24, null, 0, 32)));
        // a second export replaces the folder whole
        Exporter.export(source(3, 32, 24, false), ExportFormat.FRAMES, ExportOptions.defaults(), folder, p -> { }, () -> false);
        try (var s = Files.list(folder)) {
            assertEquals(12, s.count());
        }
        Path sheet = dir.resolve("sheet.png");
        Exporter.export(src, ExportFormat.SHEET, ExportOptions.defaults().withSheet(4, 8), sheet, p -> { }, () -> false);
        BufferedImage img = ImageIO.read(sheet.toFile());
        assertTrue(img.getWidth() >= 4 * 32 && img.getHeight() >= 2 * 24, "4 columns × 2 rows");
        assertArrayEquals(new int[]{0, 2, 3, 5, 6, 8, 9, 11}, Exporter.sheetFrames(12, 8));
    }

    @Test
    void boomerangAndHoldShapeThePlan() {
        ExportOptions o = ExportOptions.defaults().withFps(10).withBoomerang(true).withHold(2);
        Exporter.Plan p = Exporter.plan(4, o);
        assertArrayEquals(new int[]{0, 1, 2, 3, 2, 1}, p.order());
        assertEquals(0.6 + 2, p.duration(), 1e-9);
    }

    @Test
    void cancelAndFailuresLeaveNothingBehind() throws Exception {
        ForwardFrames src = source(3, 32, 24, false);
        Path out = dir.resolve("x.gif");
        int[] seen = {0};
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults(), out, p -> seen[0]++, () -> seen[0] >= 3));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).toList(), "no file and no temporary left");
        }
        assertThrows(IllegalArgumentException.class, () -> Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults(), dir.resolve("no/such/x.gif"), p -> { }, () -> false));
        assertThrows(IllegalArgumentException.class, () -> ExportOptions.defaults().withFps(0));
        assertThrows(IllegalArgumentException.class, () -> ExportOptions.defaults().withFps(121));
        Path leftover = dir.resolve(".y.gif.export-dead.part");
        Files.writeString(leftover, "left by a killed run");
        Exporter.export(src, ExportFormat.GIF, ExportOptions.defaults(), dir.resolve("y.gif"), p -> { }, () -> false);
        assertFalse(Files.exists(leftover), "the next run removes what a killed one left");
    }
}

package org.diffusionexplorer.io.export;

import org.diffusionexplorer.io.StagedFolder;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import java.awt.Color;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.stream.Stream;

/**
 * Writes a {@link FrameSource} in an {@link ExportFormat}, atomically: everything goes to a hidden temporary file or
 * folder beside the target ({@code .NAME.export-RANDOM.part}), locked while it is written, and is renamed into place
 * only when complete. A cancel, an error or a kill leaves no partial file at the target; leftovers of killed runs
 * (their lock died with them) are removed by the next export to the same folder.
 */
public final class Exporter {
    private static final String STAGE = ".export-";

    private Exporter() {
    }

    /** The frame order and each frame's display time: boomerang (forward then back) and the hold on the last frame. */
    public record Plan(int[] order, double[] seconds) {
        public double duration() {
            double d = 0;
            for (double s : seconds) d += s;
            return d;
        }
    }

    public static Plan plan(int frames, ExportOptions o) {
        int n = o.boomerang() && frames > 2 ? 2 * frames - 2 : frames;
        int[] order = new int[n];
        double[] secs = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i < frames ? i : 2 * frames - 2 - i;
            secs[i] = 1 / o.fps();
        }
        secs[n - 1] += o.holdSeconds();
        return new Plan(order, secs);
    }

    /** Frames a contact sheet shows: {@code count} (0: 16) spread evenly from the first to the last. */
    public static int[] sheetFrames(int frames, int count) {
        int m = Math.min(frames, count == 0 ? 16 : count);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = m == 1 ? 0 : (int) Math.round(i * (frames - 1.0) / (m - 1.0));
        return out;
    }

    /** Output size after padding to even sizes for video. */
    static int even(int v) {
        return v + (v & 1);
    }

    /** A rough size of the output in bytes, to show before writing. */
    public static long estimateBytes(FrameSource src, ExportFormat f, ExportOptions o) {
        long px = (long) src.width() * src.height();
        int frames = plan(src.frameCount(), o).order().length;
        return switch (f) {
            case GIF -> (long) (px * frames * 1.0);
            case APNG, FRAMES -> (long) (px * frames * 2.2);
            case MP4, WEBM -> (long) (px * frames * (0.01 + o.quality() / 100.0 * 0.1));
            case SHEET -> {
                int m = sheetFrames(src.frameCount(), o.sheetFrames()).length;
                yield (long) (px * m * 1.6);
            }
        };
    }

    /**
     * Writes src to out. {@code progress} gets the fraction done after each frame; {@code cancelled} is polled per
     * frame (a cancel throws CancellationException and leaves nothing at out).
     */
    public static void export(FrameSource src, ExportFormat f, ExportOptions o, Path out, DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        String why = f.unavailableReason();
        if (why != null) throw new IllegalArgumentException(f.cliName + " is not available here: " + why);
        Path target = out.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("the folder " + dir + " does not exist");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("the folder " + dir + " is not writable");
        if (f.folder) {
            if (Files.exists(target) && !Files.isDirectory(target)) throw new IllegalArgumentException(target + " exists and is not a folder");
            if (Files.isDirectory(target) && !onlyFrames(target)) throw new IllegalArgumentException(target + " holds other files than frame_NNNN.png; choose an empty or new folder");
        } else if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(target + " is a folder; give a file name ending in " + f.extension);
        }
        removeLeftovers(dir, target.getFileName().toString());
        Path stage = dir.resolve("." + target.getFileName() + STAGE + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
        Path lockFile = f.folder ? dir.resolve(stage.getFileName() + ".lock") : stage;
        try (FileChannel lockCh = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE); FileLock ignored = lockCh.lock()) {
            if (f.folder) Files.createDirectory(stage);
            try {
                write(src, f, o, stage, progress, cancelled);
                if (f.folder) swapFolder(stage, target);
                else move(stage, target);
            } catch (IOException | RuntimeException | Error e) {
                deleteTree(stage);
                throw e;
            }
        } finally {
            if (f.folder) Files.deleteIfExists(lockFile);
        }
    }

    private static void write(FrameSource src, ExportFormat f, ExportOptions o, Path stage, DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        Plan plan = plan(src.frameCount(), o);
        int w = src.width(), h = src.height();
        if (f == ExportFormat.SHEET) {
            writeSheet(src, o, stage, progress, cancelled);
            return;
        }
        if (f == ExportFormat.FRAMES) {
            for (int i = 0; i < src.frameCount(); i++) {
                check(cancelled);
                writePng(stage.resolve(String.format(Locale.ROOT, "frame_%04d.png", i)), src.frame(i), w, h);
                progress.accept((i + 1.0) / src.frameCount());
            }
            return;
        }
        int vw = f.video() ? even(w) : w, vh = f.video() ? even(h) : h;
        // frames are rendered once; a boomerang replays them from memory
        int[][] cache = new int[src.frameCount()][];
        try (FrameEncoder enc = open(f, o, stage, src, vw, vh)) {
            for (int i = 0; i < plan.order().length; i++) {
                check(cancelled);
                int k = plan.order()[i];
                int[] px = cache[k] != null ? cache[k] : src.frame(k);
                if (o.boomerang()) cache[k] = px;
                enc.add(vw == w && vh == h ? px : pad(px, w, h, vw, vh), plan.seconds()[i], src.label(k));
                progress.accept((i + 1.0) / plan.order().length);
            }
            check(cancelled);
            enc.finish();
        }
    }

    private static FrameEncoder open(ExportFormat f, ExportOptions o, Path file, FrameSource src, int w, int h) throws IOException {
        return switch (f) {
            case GIF -> new GifEncoder(file, w, h, o.globalPalette() ? paletteSample(src) : null, o.dither(), o.loops());
            case APNG -> new ApngEncoder(file, w, h, o.loops(), o.quality() >= 90 ? 6 : o.quality() >= 40 ? 3 : 1);
            case MP4 -> new VideoEncoder(file, f, w, h, o.fps(), (long) (w * (long) h * o.fps() * (0.1 + 2.0 * o.quality() / 100.0)), 51 - (int) Math.round(o.quality() * 0.45));
            case WEBM -> new VideoEncoder(file, f, w, h, o.fps(), 0, 63 - (int) Math.round(o.quality() * 0.5));
            default -> throw new IllegalStateException(f.name());
        };
    }

    /** Up to 8 frames spread over the source for the global GIF palette. */
    private static List<int[]> paletteSample(FrameSource src) {
        List<int[]> out = new ArrayList<>();
        for (int i : sheetFrames(src.frameCount(), 8)) out.add(src.frame(i));
        return out;
    }

    private static int[] pad(int[] px, int w, int h, int vw, int vh) {
        int[] out = new int[vw * vh];
        Arrays.fill(out, Raster.BACKGROUND);
        for (int y = 0; y < h; y++) System.arraycopy(px, y * w, out, y * vw, w);
        return out;
    }

    private static void writeSheet(FrameSource src, ExportOptions o, Path file, DoubleConsumer progress, BooleanSupplier cancelled) throws IOException {
        int[] picks = sheetFrames(src.frameCount(), o.sheetFrames());
        int cols = o.sheetColumns() > 0 ? o.sheetColumns() : (int) Math.ceil(Math.sqrt(picks.length));
        int rows = (picks.length + cols - 1) / cols;
        int w = src.width(), h = src.height(), gap = 8, fontPx = 13, labelH = Raster.captionHeight(fontPx);
        Raster sheet = new Raster(cols * w + (cols + 1) * gap, rows * (h + labelH) + (rows + 1) * gap);
        sheet.fill(0, 0, sheet.w, sheet.h, 0xFFF5F5F5);
        for (int i = 0; i < picks.length; i++) {
            check(cancelled);
            int x = gap + (i % cols) * (w + gap), y = gap + (i / cols) * (h + labelH + gap);
            sheet.blit(src.frame(picks[i]), w, h, 1, x, y);
            sheet.label(src.label(picks[i]), x, y + h + 2, w, fontPx, new Color(0x20, 0x21, 0x24));
            progress.accept((i + 1.0) / picks.length);
        }
        writePng(file, sheet.pixels(), sheet.w, sheet.h);
    }

    private static void writePng(Path file, int[] px, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        ImageIO.setUseCache(false);
        try (var os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (!ImageIO.write(img, "png", os)) throw new IOException("no PNG writer available");
        }
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new CancellationException("export cancelled");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Replaces the folder target by the finished stage: the old one is renamed aside, the new one in, the old deleted. */
    private static void swapFolder(Path stage, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + STAGE + "old-" + Long.toUnsignedString(System.nanoTime(), 36) + ".part");
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) deleteTree(old);
    }

    private static boolean onlyFrames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().matches("frame_\\d{4,}\\.png"));
        }
    }

    /**
     * Cleans up after exports to this name that were killed: stages whose writer is gone (their lock is free) are
     * deleted; a folder swap killed between its two renames gets the old folder back.
     */
    static void removeLeftovers(Path dir, String name) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + globEscape(name) + STAGE + "*")) {
            ds.forEach(found::add);
        } catch (IOException e) {
            return; // best effort: a leftover we cannot list does not stop this export
        }
        Path target = dir.resolve(name);
        for (Path p : found) {
            String n = p.getFileName().toString();
            try {
                if (n.endsWith(".lock")) {
                    if (!Files.exists(dir.resolve(n.substring(0, n.length() - 5))) && free(p)) Files.deleteIfExists(p);
                } else if (n.contains(STAGE + "old-")) {
                    if (!Files.exists(target)) Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                    else deleteTree(p);
                } else if (Files.isDirectory(p)) {
                    Path lock = dir.resolve(n + ".lock");
                    if (!Files.exists(lock) || free(lock)) {
                        deleteTree(p);
                        Files.deleteIfExists(lock);
                    }
                } else if (free(p)) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // another process may be cleaning up too
            }
        }
    }

    private static boolean free(Path lock) {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            return l != null;
        } catch (OverlappingFileLockException e) {
            return false; // held in this JVM
        } catch (IOException e) {
            return false;
        }
    }

    private static String globEscape(String s) {
        return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    static void deleteTree(Path p) {
        StagedFolder.deleteTree(p); // the one file-tree helper of io
    }
}

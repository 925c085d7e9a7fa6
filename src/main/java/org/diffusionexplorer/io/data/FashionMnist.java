package org.diffusionexplorer.io.data;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from IDX files (gzipped or not), as installed by Debian's {@code dataset-fashion-mnist}
 * (/usr/share/datasets/fashion-mnist) or in a folder given with --data. Pixels map to [−1, 1].
 */
public final class FashionMnist {
    public static final Path DEBIAN_PATH = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** The folder holding the IDX files: the given one, or Debian's; a clear message if neither has them. */
    public static Path locate(Path given) throws InputException {
        Path dir = given != null ? given : DEBIAN_PATH;
        if (find(dir, "train-images-idx3-ubyte") == null) {
            throw new InputException(given != null
                    ? dir + ": no Fashion-MNIST files (train-images-idx3-ubyte[.gz]) found there"
                    : "Fashion-MNIST is not installed: run 'apt-get install dataset-fashion-mnist' (Debian), or give --data DIR with the IDX files");
        }
        return dir;
    }

    /** Whether dir holds the Fashion-MNIST (or MNIST-format) training IDX files. */
    public static boolean isDatasetDir(Path dir) {
        return Files.isDirectory(dir) && find(dir, "train-images-idx3-ubyte") != null;
    }

    /** The training images, with their labels when the labels file is there (conditional training needs them). */
    public static Dataset train(Path dir) throws InputException {
        Tensor x = images(dir, "train-images-idx3-ubyte");
        return find(dir, "train-labels-idx1-ubyte") == null ? new Dataset("fashion-mnist", x) : new Dataset("fashion-mnist", x, trainLabels(dir), CLASSES);
    }

    public static Dataset test(Path dir) throws InputException {
        Tensor x = images(dir, "t10k-images-idx3-ubyte");
        return find(dir, "t10k-labels-idx1-ubyte") == null ? new Dataset("fashion-mnist-test", x) : new Dataset("fashion-mnist-test", x, testLabels(dir), CLASSES);
    }

    public static int[] trainLabels(Path dir) throws InputException {
        return labels(dir, "train-labels-idx1-ubyte");
    }

    public static int[] testLabels(Path dir) throws InputException {
        return labels(dir, "t10k-labels-idx1-ubyte");
    }

    private static Path find(Path dir, String base) {
        for (String s : new String[]{base + ".gz", base}) if (Files.isRegularFile(dir.resolve(s))) return dir.resolve(s);
        return null;
    }

    private static InputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static Path file(Path dir, String base) throws InputException {
        Path p = find(dir, base);
        if (p == null) throw new InputException(dir + ": " + base + " is missing");
        return p;
    }

    /**
     * The size of the file's content: its length, or for gzip the ISIZE field of its trailer (the uncompressed
     * length modulo 2^32), so a header's claim can be checked before anything is allocated.
     */
    static long contentSize(Path p) throws IOException {
        long size = Files.size(p);
        if (!p.toString().endsWith(".gz")) return size;
        if (size < 18) throw new IOException("not a gzip file (too short)");
        try (FileChannel ch = FileChannel.open(p)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) if (ch.read(b, size - 4 + b.position()) < 0) throw new IOException("unexpected end of file");
            return Integer.toUnsignedLong(b.getInt(0));
        }
    }

    /** Refuses a header whose sizes do not match the file or cannot fit in memory (bytes: what loading allocates). */
    static void checkClaim(Path p, String base, long payload, long headerBytes, long bytes, String what) throws InputException, IOException {
        long content = contentSize(p), expect = headerBytes + payload;
        boolean gz = p.toString().endsWith(".gz");
        if (gz ? content != (expect & 0xffffffffL) : content != expect) {
            throw new InputException(String.format(Locale.ROOT, "%s: the header declares %s (%,d bytes of data) but the file%s holds %,d bytes (truncated or damaged?)",
                    base, what, payload, gz ? " uncompressed" : "", Math.max(0, content - headerBytes)));
        }
        long have = Runtime.getRuntime().maxMemory();
        if (bytes > have * 0.8) {
            throw new InputException(String.format(Locale.ROOT, "not enough memory for %s (%s): needs ~%.1f GB, the JVM has %.1f GB;"
                    + " give Java more memory (java -Xmx…) or use a smaller data set", base, what, bytes / 1e9, have / 1e9));
        }
    }

    static Tensor images(Path dir, String base) throws InputException {
        Path p = file(dir, base);
        try (DataInputStream in = new DataInputStream(open(p))) {
            int magic = in.readInt();
            if (magic != 0x803) throw new InputException(base + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            int n = in.readInt(), h = in.readInt(), w = in.readInt();
            if (n <= 0 || n > 1_000_000 || h <= 0 || h > 1024 || w <= 0 || w > 1024) throw new InputException(base + ": implausible dimensions");
            long values = (long) n * h * w;
            if (values > Integer.MAX_VALUE - 8) throw new InputException(base + ": " + n + " images of " + h + "×" + w + " are too many to hold in one array");
            checkClaim(p, base, values, 16, 4 * values, n + " images of " + h + "×" + w);
            // bytes to floats in chunks: the peak is the float array, not a byte copy of the whole set beside it
            float[] f = new float[(int) values];
            byte[] b = new byte[1 << 16];
            for (int done = 0; done < f.length; ) {
                int k = Math.min(b.length, f.length - done);
                in.readFully(b, 0, k);
                for (int i = 0; i < k; i++) f[done + i] = (b[i] & 255) / 127.5f - 1f;
                done += k;
            }
            return new Tensor(f, n, 1, h, w);
        } catch (EOFException e) {
            throw new InputException(base + ": the file ends before the data its header declares (truncated)");
        } catch (IOException e) {
            throw new InputException(base + ": cannot read (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    static int[] labels(Path dir, String base) throws InputException {
        Path p = file(dir, base);
        try (DataInputStream in = new DataInputStream(open(p))) {
            if (in.readInt() != 0x801) throw new InputException(base + ": not an IDX label file");
            int n = in.readInt();
            if (n <= 0 || n > 1_000_000) throw new InputException(base + ": implausible label count " + n);
            checkClaim(p, base, n, 8, 5L * n, n + " labels");
            byte[] b = new byte[n];
            in.readFully(b);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = b[i];
            return out;
        } catch (EOFException e) {
            throw new InputException(base + ": the file ends before the data its header declares (truncated)");
        } catch (IOException e) {
            throw new InputException(base + ": cannot read (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }
}

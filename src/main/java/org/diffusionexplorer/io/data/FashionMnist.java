package org.diffusionexplorer.io.data;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    public static Dataset train(Path dir) throws InputException {
        return new Dataset("fashion-mnist", images(dir, "train-images-idx3-ubyte"), trainLabels(dir), CLASSES);
    }

    public static Dataset test(Path dir) throws InputException {
        return new Dataset("fashion-mnist-test", images(dir, "t10k-images-idx3-ubyte"), testLabels(dir), CLASSES);
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

    private static InputStream open(Path dir, String base) throws IOException, InputException {
        Path p = find(dir, base);
        if (p == null) throw new InputException(dir + ": " + base + " is missing");
        InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static Tensor images(Path dir, String base) throws InputException {
        try (DataInputStream in = new DataInputStream(open(dir, base))) {
            int magic = in.readInt();
            if (magic != 0x803) throw new InputException(base + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            int n = in.readInt(), h = in.readInt(), w = in.readInt();
            if (n <= 0 || n > 1_000_000 || h <= 0 || h > 1024 || w <= 0 || w > 1024) throw new InputException(base + ": implausible dimensions");
            byte[] b = new byte[n * h * w];
            in.readFully(b);
            float[] f = new float[b.length];
            for (int i = 0; i < b.length; i++) f[i] = (b[i] & 255) / 127.5f - 1f;
            return new Tensor(f, n, 1, h, w);
        } catch (IOException e) {
            throw new InputException(base + ": cannot read (" + e.getMessage() + ")");
        }
    }

    static int[] labels(Path dir, String base) throws InputException {
        try (DataInputStream in = new DataInputStream(open(dir, base))) {
            if (in.readInt() != 0x801) throw new InputException(base + ": not an IDX label file");
            int n = in.readInt();
            byte[] b = new byte[n];
            in.readFully(b);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = b[i];
            return out;
        } catch (IOException e) {
            throw new InputException(base + ": cannot read (" + e.getMessage() + ")");
        }
    }
}

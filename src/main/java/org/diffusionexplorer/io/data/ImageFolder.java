package org.diffusionexplorer.io.data;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Resample;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.LoadedImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of images as a data set: each centre-cropped to a square and resized to size×size, greyscale (1 channel)
 * or RGB (3). Unreadable files are skipped and counted; a folder with no readable image is an error.
 */
public final class ImageFolder {
    public static final int MAX_IMAGES = 200_000;

    public record Result(Dataset dataset, int skipped, List<String> problems) {
    }

    private ImageFolder() {
    }

    public static List<Path> imageFiles(Path dir) throws InputException {
        if (!Files.isDirectory(dir)) throw new InputException(dir + ": not a folder");
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")
                        || n.endsWith(".gif") || n.endsWith(".tif") || n.endsWith(".tiff");
            }).sorted().limit(MAX_IMAGES).toList();
        } catch (IOException e) {
            throw new InputException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    public static Result load(Path dir, int size, int channels) throws InputException {
        List<Path> files = imageFiles(dir);
        if (files.isEmpty()) throw new InputException(dir + ": no images found (PNG, JPEG, BMP, GIF, TIFF)");
        // the set is held about three times over while it is built and used (items, the stacked tensor, a copy)
        long values = (long) files.size() * channels * size * size, need = 3 * 4 * values, have = Runtime.getRuntime().maxMemory();
        if (values > Integer.MAX_VALUE - 8 || need > have * 0.8) {
            throw new InputException(String.format(Locale.ROOT, "not enough memory for %d images of %d×%d from %s: needs ~%.1f GB, the JVM has %.1f GB;"
                    + " try a smaller --size or fewer images, or give Java more memory (java -Xmx…)", files.size(), size, size, dir, need / 1e9, have / 1e9));
        }
        ImageLoader loader = new ImageLoader(Math.max(size * 4, 64), 1f);
        List<Tensor> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                items.add(prepare(loader.load(f), size, channels));
            } catch (InputException e) {
                problems.add(e.getMessage());
            }
        }
        if (items.isEmpty()) throw new InputException(dir + ": none of the " + files.size() + " images could be read (first: " + problems.get(0) + ")");
        return new Result(new Dataset("folder:" + dir.getFileName(), Tensor.stack(items)), problems.size(), problems);
    }

    /** Centre crop, resize, and convert to the wanted channel count (grey = mean of RGB; RGB = grey repeated). */
    public static Tensor prepare(LoadedImage img, int size, int channels) {
        Tensor sq = Resample.area(Resample.centreCropSquare(img.pixels()), size, size);
        int c = sq.dim(0), n = size * size;
        if (c == channels) return sq;
        float[] out = new float[channels * n], d = sq.data();
        for (int i = 0; i < n; i++) {
            if (channels == 1) out[i] = (d[i] + d[n + i] + d[2 * n + i]) / 3f;
            else for (int k = 0; k < 3; k++) out[k * n + i] = d[i];
        }
        return new Tensor(out, channels, size, size);
    }
}

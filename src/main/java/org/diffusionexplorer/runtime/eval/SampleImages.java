package org.diffusionexplorer.runtime.eval;

import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.data.ImageFolder;
import org.diffusionexplorer.io.image.ImageLoader;
import org.diffusionexplorer.io.image.LoadedImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sample sets as the quality check takes them: N×1×28×28 tensors in model space, read from PNGs, cut or blurred. */
public final class SampleImages {
    private SampleImages() {
    }

    /** The sample_NNNN.png images of a folder (as {@code sample} writes them), in name order, as N×1×28×28. */
    public static Tensor readPngs(Path dir) throws IOException, InputException {
        List<Tensor> items = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().matches("sample_\\d+\\.png")).sorted().toList()) {
                Tensor img = new ImageLoader(28, 1f).load(p).pixels();
                if (img.dim(0) != 1) img = ImageFolder.prepare(new LoadedImage(img, 28, 28, "png", p.toString()), 28, 1);
                items.add(img);
            }
        }
        if (items.isEmpty()) throw new IllegalArgumentException(dir + ": no sample_NNNN.png files");
        return Tensor.stack(items);
    }

    /** 3×3 box blur of N×1×H×W images (edges clamped). */
    public static Tensor blur(Tensor t) {
        int n = t.dim(0), h = t.dim(2), w = t.dim(3);
        float[] in = t.data(), out = new float[in.length];
        for (int i = 0; i < n; i++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = Math.max(0, Math.min(h - 1, y + dy)), xx = Math.max(0, Math.min(w - 1, x + dx));
                            s += in[(i * h + yy) * w + xx];
                        }
                    out[(i * h + y) * w + x] = s / 9;
                }
        return new Tensor(out, t.shape());
    }

    /** The first n items (all of them if there are fewer). */
    public static Tensor first(Tensor t, int n) {
        int per = t.size() / t.dim(0);
        int[] shape = t.shape();
        shape[0] = Math.min(n, t.dim(0));
        return new Tensor(Arrays.copyOf(t.data(), shape[0] * per), shape);
    }
}

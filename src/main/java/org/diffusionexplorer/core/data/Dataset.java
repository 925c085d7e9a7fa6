package org.diffusionexplorer.core.data;

import org.diffusionexplorer.core.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Training data held in memory: n items of one shape, in model space, and optionally a class label per item
 * (0..classes−1) with the class names (conditional training).
 */
public record Dataset(String name, Tensor items, int[] labels, List<String> classes) {
    public Dataset {
        if ((labels == null) != (classes == null)) throw new IllegalArgumentException("labels and class names go together");
        if (labels != null) {
            if (labels.length != items.dim(0)) throw new IllegalArgumentException(labels.length + " labels for " + items.dim(0) + " items");
            for (int l : labels) if (l < 0 || l >= classes.size()) throw new IllegalArgumentException("label " + l + " outside 0.." + (classes.size() - 1));
        }
    }

    public Dataset(String name, Tensor items) {
        this(name, items, null, null);
    }

    public boolean labelled() { return labels != null; }

    public int size() { return items.dim(0); }

    public int[] itemShape() { return Arrays.copyOfRange(items.shape(), 1, items.rank()); }

    public int itemSize() { return items.size() / size(); }

    /** Copies item i into out at offset off, mirrored left-right if flip (images only). */
    public void copyItem(int i, float[] out, int off, boolean flip) {
        int per = itemSize();
        float[] d = items.data();
        if (!flip || items.rank() != 4) {
            System.arraycopy(d, i * per, out, off, per);
            return;
        }
        int w = items.dim(3), rows = per / w;
        for (int r = 0; r < rows; r++)
            for (int x = 0; x < w; x++) out[off + r * w + x] = d[i * per + r * w + (w - 1 - x)];
    }
}

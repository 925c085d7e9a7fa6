package org.diffusionexplorer.core.data;

import org.diffusionexplorer.core.tensor.Tensor;

/** Training data held in memory: n items of one shape, in model space. */
public record Dataset(String name, Tensor items) {
    public int size() { return items.dim(0); }

    public int[] itemShape() { return java.util.Arrays.copyOfRange(items.shape(), 1, items.rank()); }

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

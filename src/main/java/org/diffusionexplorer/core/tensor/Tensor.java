package org.diffusionexplorer.core.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A dense float tensor in row-major (C) order: data plus shape. Images are C×H×W (or N×C×H×W), values in model
 * space [−1, 1]. Mutable data, fixed shape; this is how numbers cross every boundary of the app.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    public Tensor(float[] data, int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException("shape dimensions must be positive: " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    public static Tensor zeros(int... shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return new Tensor(new float[(int) n], shape);
    }

    public float[] data() { return data; }
    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public int size() { return data.length; }

    public Tensor copy() { return new Tensor(data.clone(), shape); }

    public Tensor reshape(int... newShape) { return new Tensor(data, newShape); }

    /** Element i of the leading dimension as a tensor (a copy): for a batch N×C×H×W, one C×H×W item. */
    public Tensor item(int i) {
        int per = data.length / shape[0];
        float[] out = Arrays.copyOfRange(data, i * per, (i + 1) * per);
        return new Tensor(out, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Stacks equally shaped tensors along a new leading dimension. */
    public static Tensor stack(List<Tensor> items) {
        if (items.isEmpty()) throw new IllegalArgumentException("nothing to stack");
        int[] s = items.get(0).shape;
        int per = items.get(0).size();
        float[] out = new float[per * items.size()];
        for (int i = 0; i < items.size(); i++) {
            Tensor t = items.get(i);
            if (!Arrays.equals(t.shape, s)) throw new IllegalArgumentException("cannot stack different shapes");
            System.arraycopy(t.data, 0, out, i * per, per);
        }
        int[] shape = new int[s.length + 1];
        shape[0] = items.size();
        System.arraycopy(s, 0, shape, 1, s.length);
        return new Tensor(out, shape);
    }

    /** Concatenates batches (equal item shapes) along the leading dimension. */
    public static Tensor concat(List<Tensor> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to concatenate");
        if (parts.size() == 1) return parts.get(0);
        int[] first = parts.get(0).shape;
        long n = 0, total = 0;
        for (Tensor p : parts) {
            if (p.rank() != first.length || !Arrays.equals(Arrays.copyOfRange(p.shape, 1, p.rank()), Arrays.copyOfRange(first, 1, first.length))) {
                throw new IllegalArgumentException("cannot concatenate " + Arrays.toString(first) + " and " + Arrays.toString(p.shape));
            }
            n += p.shape[0];
            total += p.size();
        }
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("concatenation too large: " + total + " values");
        float[] d = new float[(int) total];
        int off = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data, 0, d, off, p.size());
            off += p.size();
        }
        int[] shape = first.clone();
        shape[0] = (int) n;
        return new Tensor(d, shape);
    }

    /** The first k items of a batch (this tensor itself when it has no more than k). */
    public Tensor head(int k) {
        if (k >= shape[0]) return this;
        if (k < 1) throw new IllegalArgumentException("head needs at least one item (got " + k + ")");
        int[] s = shape.clone();
        s[0] = k;
        return new Tensor(Arrays.copyOf(data, k * (data.length / shape[0])), s);
    }

    public boolean sameShape(Tensor o) { return Arrays.equals(shape, o.shape); }

    @Override public String toString() { return "Tensor" + Arrays.toString(shape); }
}

package org.diffusionexplorer.core.sampling;

import org.diffusionexplorer.core.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A reverse trajectory in its natural pairing. For a run of N steps over grid points k = 0..N:
 * <ul>
 *   <li>x_k is the state at grid point k: x_0 is the starting noise x_T, x_N the final sample;</li>
 *   <li>x̂_0 and ε̂ at k &lt; N are what the sampler estimated from x_k at (t_k, ᾱ_k), x̂_0 after clipping when
 *       clipping is on (the value the update used). Heun's second evaluation is not recorded.</li>
 * </ul>
 * The per-step facts (t, ᾱ, σ, model calls) cover every step. The tensors are kept for a set of steps: all of them,
 * or a stride within a memory budget (always with 0 and N); step indices are always the true ones.
 * A trajectory can be partial (a cancelled run): {@link #completed()} steps were taken, so x is known up to
 * grid point {@code completed()} and the estimates up to {@code completed() − 1}.
 */
public final class Trajectory {
    /** The tensors at one grid point; x0Hat and epsHat are null at k = N (and while step k has not run). */
    public record Frame(Tensor xt, Tensor x0Hat, Tensor epsHat) {
        long bytes() {
            return 4L * (xt.size() + (x0Hat == null ? 0 : x0Hat.size()) + (epsHat == null ? 0 : epsHat.size()));
        }
    }

    private final double[] t, alphaBar;
    private final int[] modelCalls;
    private final int completed;
    private final TreeMap<Integer, Frame> frames;

    /**
     * @param t          model timestep of each step k &lt; N (fractional on a Karras grid)
     * @param alphaBar   ᾱ at each grid point k &lt; N
     * @param modelCalls network evaluations of each step (0 for steps not taken)
     * @param completed  steps taken, 0..N
     * @param frames     the kept grid points and their tensors
     */
    public Trajectory(double[] t, double[] alphaBar, int[] modelCalls, int completed, Map<Integer, Frame> frames) {
        int n = t.length;
        if (alphaBar.length != n || modelCalls.length != n) throw new IllegalArgumentException("per-step arrays differ in length");
        if (completed < 0 || completed > n) throw new IllegalArgumentException("completed must be 0.." + n + " (got " + completed + ")");
        this.t = t.clone();
        this.alphaBar = alphaBar.clone();
        this.modelCalls = modelCalls.clone();
        this.completed = completed;
        this.frames = new TreeMap<>(frames);
        for (int k : this.frames.keySet()) if (k < 0 || k > n) throw new IllegalArgumentException("frame index " + k + " outside 0.." + n);
    }

    /** N, the sampler steps of the run. */
    public int steps() { return t.length; }

    /** Steps taken (N for a finished run). */
    public int completed() { return completed; }

    public boolean finished() { return completed == t.length; }

    /** Model timestep of step k (k &lt; N). */
    public double t(int k) { return t[k]; }

    /** ᾱ at grid point k (1 at k = N, the clean end). */
    public double alphaBar(int k) { return k == t.length ? 1.0 : alphaBar[k]; }

    /** σ = √((1−ᾱ)/ᾱ) at grid point k (0 at k = N). */
    public double sigma(int k) {
        double ab = alphaBar(k);
        return ab >= 1 ? 0.0 : Math.sqrt((1 - ab) / ab);
    }

    public int modelCalls(int k) { return modelCalls[k]; }

    /** The kept grid points, ascending. */
    public int[] keptSteps() { return frames.keySet().stream().mapToInt(Integer::intValue).toArray(); }

    public boolean isKept(int k) { return frames.containsKey(k); }

    /** All steps kept (no stride). */
    public boolean complete() { return frames.size() == t.length + 1; }

    /** The tensors at grid point k; throws if k was not kept. */
    public Frame frame(int k) {
        Frame f = frames.get(k);
        if (f == null) throw new IllegalArgumentException("step " + k + " was not kept (kept: " + describeKept() + ")");
        return f;
    }

    /**
     * The kept step whose x̂₀ and ε̂ stand for step k's: k itself, or, while k is a running sampler's newest step
     * (its predictions come with its next model call), the kept step before it; k when neither has them.
     */
    public int predictedStep(int k) {
        if (k >= t.length || frame(k).x0Hat() != null) return k;
        Integer before = frames.lowerKey(k);
        return before != null && frames.get(before).x0Hat() != null ? before : k;
    }

    /** The kept grid point nearest to k that has x (ties go to the earlier one). */
    public int nearestKept(int k) {
        Integer lo = frames.floorKey(k), hi = frames.ceilingKey(k);
        if (lo == null) return hi;
        if (hi == null) return lo;
        return k - lo <= hi - k ? lo : hi;
    }

    /** The final sample x_N (finished runs only). */
    public Tensor finalSample() {
        if (!finished()) throw new IllegalStateException("the run stopped after " + completed + " of " + t.length + " steps");
        return frame(t.length).xt();
    }

    /** Samples in the batch. */
    public int count() { return frames.firstEntry().getValue().xt().dim(0); }

    /** Bytes held by the kept tensors. */
    public long bytes() {
        long b = 0;
        for (Frame f : frames.values()) b += f.bytes();
        return b;
    }

    /** "all 51" or "0, 5, 10, … 50 (every 5th)". */
    public String describeKept() {
        int[] k = keptSteps();
        if (complete()) return "all " + k.length;
        if (k.length <= 6) return Arrays.toString(k);
        return k[0] + ", " + k[1] + ", " + k[2] + ", … " + k[k.length - 1] + (k[1] - k[0] == 1 ? " (" : " (one in " + (k[1] - k[0]) + ", ") + k.length + " in all)";
    }

    /** The same steps (t, ᾱ, model calls) with other tensors, and the given number of steps taken. */
    public Trajectory withFrames(Map<Integer, Frame> other, int completedSteps) {
        return new Trajectory(t, alphaBar, modelCalls, completedSteps, other);
    }

    /** Only the given kept grid points (repeats dropped). */
    public Trajectory only(int[] steps) {
        TreeMap<Integer, Frame> out = new TreeMap<>();
        for (int k : steps) out.put(k, frame(k));
        return withFrames(out, completed);
    }

    /** The same trajectory for one sample of the batch. */
    public Trajectory item(int i) {
        TreeMap<Integer, Frame> out = new TreeMap<>();
        frames.forEach((k, f) -> out.put(k, new Frame(one(f.xt(), i), one(f.x0Hat(), i), one(f.epsHat(), i))));
        return withFrames(out, completed);
    }

    private static Tensor one(Tensor batch, int i) {
        if (batch == null) return null;
        return Tensor.stack(List.of(batch.item(i)));
    }

    /** Trajectories of consecutive batches of one run (same grid) joined into one. */
    public static Trajectory concat(List<Trajectory> parts) {
        Trajectory a = parts.get(0);
        if (parts.size() == 1) return a;
        TreeMap<Integer, Frame> out = new TreeMap<>();
        int completed = a.completed;
        for (Trajectory p : parts) {
            if (!Arrays.equals(p.t, a.t) || !p.frames.keySet().equals(a.frames.keySet())) throw new IllegalArgumentException("trajectories of different grids");
            completed = Math.min(completed, p.completed);
        }
        for (int k : a.frames.keySet()) {
            List<Tensor> xs = new ArrayList<>(), x0 = new ArrayList<>(), eps = new ArrayList<>();
            boolean est = true;
            for (Trajectory p : parts) {
                Frame f = p.frames.get(k);
                xs.add(f.xt());
                x0.add(f.x0Hat());
                eps.add(f.epsHat());
                est &= f.x0Hat() != null;
            }
            out.put(k, new Frame(Tensor.concat(xs), est ? Tensor.concat(x0) : null, est ? Tensor.concat(eps) : null));
        }
        return a.withFrames(out, completed);
    }

    /**
     * The stride that keeps a run of {@code steps} steps within {@code budgetBytes} when each kept grid point costs
     * {@code bytesPerPoint}: 1 when everything fits; otherwise the smallest s with (⌈N/s⌉ + 1) points in budget
     * (grid points 0, s, 2s, … and N are kept).
     */
    public static int strideFor(int steps, long bytesPerPoint, long budgetBytes) {
        for (int s = 1; s < steps; s++) {
            long points = (steps + s - 1) / s + 1;
            if (points * bytesPerPoint <= budgetBytes) return s;
        }
        return Math.max(1, steps);
    }

    /**
     * Records a run as it goes (a {@link SamplingRun.Listener}); {@link #snapshot()} gives the trajectory so far,
     * from any thread. Keeps grid points 0, stride, 2·stride, … and N, and only the first {@code items} samples.
     */
    public static final class Recorder implements SamplingRun.Listener {
        private final int stride, items;
        private double[] t, alphaBar;
        private int[] calls;
        private int completed;
        private final TreeMap<Integer, Frame> frames = new TreeMap<>();

        /** Keeps every step and every sample. */
        public Recorder() {
            this(1, Integer.MAX_VALUE);
        }

        public Recorder(int stride, int items) {
            if (stride < 1 || items < 1) throw new IllegalArgumentException("stride and items must be positive");
            this.stride = stride;
            this.items = items;
        }

        private boolean keep(int k) {
            return k % stride == 0 || k == t.length;
        }

        private Tensor cut(Tensor x) {
            return x.dim(0) > items ? x.head(items) : x;
        }

        @Override
        public synchronized void onStart(Tensor xStart, Grid grid) {
            int n = grid.steps();
            t = grid.t().clone();
            alphaBar = Arrays.copyOf(grid.alphaBar(), n);
            calls = new int[n];
            completed = 0;
            frames.clear();
            frames.put(0, new Frame(cut(xStart), null, null));
        }

        @Override
        public synchronized void onStep(StepResult r, int totalSteps) {
            int k = r.index();
            calls[k] = r.modelCalls();
            Frame f = frames.get(k);
            if (f != null) frames.put(k, new Frame(f.xt(), cut(r.x0Hat()), cut(r.epsHat())));
            if (keep(k + 1)) frames.put(k + 1, new Frame(cut(r.xPrev()), null, null));
            completed = k + 1;
        }

        public synchronized Trajectory snapshot() {
            if (t == null) throw new IllegalStateException("the run has not started");
            return new Trajectory(t, alphaBar, calls, completed, frames);
        }
    }
}

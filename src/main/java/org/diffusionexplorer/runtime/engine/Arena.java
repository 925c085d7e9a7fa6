package org.diffusionexplorer.runtime.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the large activation arrays of one model between passes. A training step at batch 64 allocates about
 * 1 GB of activations; as fresh arrays they are G1 "humongous" objects whose collection cost ~50 ms of pauses per
 * step plus concurrent marking on the other core. A model enters its arena for a forward or backward pass; at the
 * start of each forward pass, every array handed out during the previous step becomes reusable (nothing of it
 * outlives the step: the model's outputs are copied out). Arrays the last step did not reuse are dropped, so the
 * arena holds one step's working set. Per thread: worker threads and other models allocate normally.
 */
final class Arena {
    private static final ThreadLocal<Arena> CURRENT = new ThreadLocal<>();
    /** Smaller arrays are cheap to allocate and not worth tracking. */
    private static final int MIN = 1 << 14;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> taken = new ArrayList<>();

    /** Makes this the current thread's arena until the returned scope is closed. */
    Scope enter() {
        Arena previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** Every array handed out since the last call becomes reusable; the ones not reused since then are dropped. */
    void recycle() {
        free.clear();
        for (float[] f : taken) free.computeIfAbsent(f.length, k -> new ArrayDeque<>()).add(f);
        taken.clear();
    }

    private float[] take(int n, boolean zero) {
        ArrayDeque<float[]> q = free.get(n);
        float[] f = q == null ? null : q.poll();
        if (f == null) f = new float[n];
        else if (zero) Arrays.fill(f, 0f);
        taken.add(f);
        return f;
    }

    /** Like {@code new float[n]} (all zeros). */
    static float[] zeroed(int n) {
        Arena a = CURRENT.get();
        return a == null || n < MIN ? new float[n] : a.take(n, true);
    }

    /** An array of n floats with unspecified contents, for callers that write every element. */
    static float[] uninit(int n) {
        Arena a = CURRENT.get();
        return a == null || n < MIN ? new float[n] : a.take(n, false);
    }
}

package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.SafeTensors;
import org.diffusionexplorer.runtime.engine.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training checkpoints: one safetensors file with the weights ("param/…"), their EMA ("ema/…") and Adam's moments
 * ("adam_m/…", "adam_v/…") in the graph layout, and the step and run identity in its metadata. Written atomically.
 */
public final class Checkpoints {
    public static final String FILE = "checkpoint.safetensors";

    private Checkpoints() {
    }

    /** What a checkpoint records besides the tensors: cumulative wall time and the sessions so far (see {@link Sessions}). */
    public record Resumed(double wallSeconds, String sessions) {
    }

    public static void save(Path dir, Trainer tr, String runIdentity, double wallSeconds) throws IOException {
        save(dir, tr, runIdentity, wallSeconds, "");
    }

    public static void save(Path dir, Trainer tr, String runIdentity, double wallSeconds, String sessions) throws IOException {
        Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
        var params = tr.model().params();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            long[] flat = {p.size()};
            t.put("param/" + p.name, new SafeTensors.Entry(flat, p.value.clone()));
            t.put("ema/" + p.name, new SafeTensors.Entry(flat, tr.ema()[i].clone()));
            t.put("adam_m/" + p.name, new SafeTensors.Entry(flat, tr.adamM()[i].clone()));
            t.put("adam_v/" + p.name, new SafeTensors.Entry(flat, tr.adamV()[i].clone()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Integer.toString(tr.step()));
        meta.put("run", runIdentity);
        meta.put("wall_seconds", Double.toString(wallSeconds));
        meta.put("sessions", sessions);
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(FILE), t, meta);
    }

    /** Restores a trainer from dir; refuses a checkpoint of a different run. Returns the recorded wall time and sessions. */
    public static Resumed restore(Path dir, Trainer tr, String runIdentity) throws InputException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) throw new InputException(dir + ": no checkpoint to resume (" + FILE + " missing)");
        Map<String, String> meta = SafeTensors.metadata(f);
        if (!runIdentity.equals(meta.get("run"))) {
            throw new InputException(f + ": the checkpoint belongs to a different run (data, model, schedule, batch, lr or seed differ)");
        }
        var params = tr.model().params();
        // every tensor's name and size checked from the header before any data is read
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (Param p : params) {
            for (String k : new String[]{"param/", "ema/", "adam_m/", "adam_v/"}) expected.put(k + p.name, new long[]{p.size()});
        }
        Map<String, SafeTensors.Entry> t;
        try {
            t = SafeTensors.read(f, expected);
        } catch (InputException e) {
            throw new InputException(f + ": corrupt checkpoint, or one of another model (" + e.getMessage() + ")");
        }
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            copy(t, "param/" + p.name, p.value, f);
            copy(t, "ema/" + p.name, tr.ema()[i], f);
            copy(t, "adam_m/" + p.name, tr.adamM()[i], f);
            copy(t, "adam_v/" + p.name, tr.adamV()[i], f);
        }
        int step;
        try {
            step = Integer.parseInt(meta.getOrDefault("step", "x"));
        } catch (NumberFormatException e) {
            throw new InputException(f + ": corrupt checkpoint (no step)");
        }
        tr.restore(step);
        double wall;
        try {
            wall = Double.parseDouble(meta.getOrDefault("wall_seconds", "0"));
        } catch (NumberFormatException e) {
            wall = 0;
        }
        String sessions = meta.getOrDefault("sessions", "");
        // a checkpoint from before sessions were recorded: everything so far as one session of unknown commit
        if (sessions.isEmpty() && step > 0) sessions = Sessions.entry(0, step, "unknown", wall);
        return new Resumed(wall, sessions);
    }

    private static void copy(Map<String, SafeTensors.Entry> t, String key, float[] into, Path f) throws InputException {
        SafeTensors.Entry e = t.get(key);
        if (e == null || e.data().length != into.length) throw new InputException(f + ": corrupt checkpoint (" + key + " missing or mis-sized)");
        System.arraycopy(e.data(), 0, into, 0, into.length);
    }

    /** Appends lines to the loss log (step,loss,seconds). */
    public static void appendLoss(Path dir, StringBuilder lines) throws IOException {
        Path f = dir.resolve("loss.csv");
        if (!Files.exists(f)) Files.writeString(f, "step,loss,seconds\n");
        Files.writeString(f, lines, StandardOpenOption.APPEND);
    }

}

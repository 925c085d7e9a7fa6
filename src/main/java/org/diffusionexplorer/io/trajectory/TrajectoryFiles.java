package org.diffusionexplorer.io.trajectory;

import org.diffusionexplorer.core.sampling.Trajectory;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.NpyReader;
import org.diffusionexplorer.io.NpyWriter;
import org.diffusionexplorer.io.data.PointsCsv;
import org.diffusionexplorer.io.image.ImageGrid;
import org.diffusionexplorer.io.image.ImageWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The trajectory folder that {@code sample --trajectory} writes and File › Open trajectory… reads:
 * <pre>
 * steps.csv              step,t,alpha_bar,sigma,model_calls: one row per step k &lt; N
 * xt_step_KKK.*          x at grid point k = 0..N (000: the starting noise x_T; N: the final sample)
 * x0hat_step_KKK.*       x̂_0 predicted from xt_step_KKK (k &lt; N; after clipping when it is on)
 * epshat_step_KKK.*      ε̂ predicted from xt_step_KKK (k &lt; N; PNGs show ε̂/2)
 * </pre>
 * Images: PNG grids of the first 64 samples, and with npy the whole batch as K×C×H×W float32 .npy (model space).
 * 2-D points: CSV (x,y) of every sample, and .npy (K×2) with npy.
 */
public final class TrajectoryFiles {
    public static final String STEPS_CSV = "steps.csv";
    public static final String HEADER = "step,t,alpha_bar,sigma,model_calls";
    /** Samples shown in the PNG grids. */
    public static final int GRID_ITEMS = 64;

    private TrajectoryFiles() {
    }

    public static String name(String kind, int k) {
        return String.format(Locale.ROOT, "%s_step_%03d", kind, k);
    }

    /**
     * Bytes the folder will take (an upper bound for PNGs, which compress): npy float32 of every sample, CSV at
     * about 24 bytes a point, PNG grids of the first 64 samples at up to 3 bytes a scaled pixel.
     */
    public static long estimateBytes(int count, int[] itemShape, int steps, boolean npy) {
        long per = 1;
        for (int d : itemShape) per *= d;
        long tensors = 3L * steps + 1; // x at N+1 points, x̂_0 and ε̂ at N
        long bytes = 0;
        if (npy) bytes += tensors * (count * per * 4 + 128);
        if (itemShape.length == 1) {
            bytes += tensors * count * 24L;
        } else {
            int scale = itemShape[1] <= 32 ? 3 : 1;
            bytes += tensors * Math.min(count, GRID_ITEMS) * per * scale * scale;
        }
        return bytes + 64L * steps;
    }

    /** Writes the kept steps of tr into dir (created if needed). */
    public static void write(Path dir, Trajectory tr, boolean npy) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int k = 0; k < tr.completed(); k++) {
            csv.append(k).append(',').append(tr.t(k)).append(',').append(tr.alphaBar(k)).append(',').append(tr.sigma(k))
                    .append(',').append(tr.modelCalls(k)).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(STEPS_CSV), csv.toString());
        for (int k : tr.keptSteps()) {
            Trajectory.Frame f = tr.frame(k);
            writeTensor(dir, name("xt", k), f.xt(), npy, 1);
            if (f.x0Hat() != null) writeTensor(dir, name("x0hat", k), f.x0Hat(), npy, 1);
            if (f.epsHat() != null) writeTensor(dir, name("epshat", k), f.epsHat(), npy, 0.5f);
        }
    }

    private static void writeTensor(Path dir, String base, Tensor batch, boolean npy, float pngScale) throws IOException {
        if (batch.rank() == 2) {
            PointsCsv.write(dir.resolve(base + ".csv"), batch);
        } else {
            Tensor shown = batch.head(GRID_ITEMS);
            if (pngScale != 1) shown = scaled(shown, pngScale);
            int cols = Math.min(8, shown.dim(0));
            ImageWriter.writePng(dir.resolve(base + ".png"), ImageGrid.grid(shown, cols, shown.dim(2) <= 32 ? 3 : 1));
        }
        if (npy) NpyWriter.write(dir.resolve(base + ".npy"), batch);
    }

    private static Tensor scaled(Tensor t, float s) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) d[i] *= s;
        return new Tensor(d, t.shape());
    }

    /**
     * Reads a trajectory folder (or a sample output folder holding one under trajectory/). Needs the .npy files
     * for images (PNG grids are previews, not data) or the CSVs for 2-D points.
     */
    public static Trajectory read(Path folder) throws InputException {
        Path dir = Files.isRegularFile(folder.resolve(STEPS_CSV)) ? folder : folder.resolve("trajectory");
        Path steps = dir.resolve(STEPS_CSV);
        if (!Files.isRegularFile(steps)) throw new InputException(folder + ": no " + STEPS_CSV + " (not a folder written by sample --trajectory)");
        List<double[]> rows = readSteps(steps);
        int n = rows.size();
        double[] t = new double[n], ab = new double[n];
        int[] calls = new int[n];
        for (int k = 0; k < n; k++) {
            double[] r = rows.get(k);
            if (r[0] != k) throw new InputException(STEPS_CSV + ": row " + (k + 1) + " is step " + (long) r[0] + ", expected " + k);
            t[k] = r[1];
            ab[k] = r[2];
            calls[k] = (int) r[4];
        }
        TreeMap<Integer, Trajectory.Frame> frames = new TreeMap<>();
        boolean pngOnly = false;
        for (int k = 0; k <= n; k++) {
            Tensor xt = readTensor(dir, name("xt", k));
            if (xt == null) {
                pngOnly |= Files.exists(dir.resolve(name("xt", k) + ".png"));
                continue;
            }
            Tensor x0 = k < n ? readTensor(dir, name("x0hat", k)) : null, eps = k < n ? readTensor(dir, name("epshat", k)) : null;
            if (k < n && (x0 == null || eps == null)) throw new InputException(dir + ": " + name("xt", k) + " has no x0hat or epshat beside it");
            if ((x0 != null && !x0.sameShape(xt)) || (eps != null && !eps.sameShape(xt))) {
                throw new InputException(dir + ": step " + k + "'s files differ in shape");
            }
            if (!frames.isEmpty() && !frames.firstEntry().getValue().xt().sameShape(xt)) throw new InputException(dir + ": step " + k + " has another batch shape than step " + frames.firstKey());
            frames.put(k, new Trajectory.Frame(xt, x0, eps));
        }
        if (frames.isEmpty()) {
            throw new InputException(dir + (pngOnly ? ": only PNG previews; write the trajectory with sample --trajectory --npy to open it" : ": no xt_step_* files"));
        }
        if (!frames.containsKey(0) || !frames.containsKey(n)) throw new InputException(dir + ": the first or the last step's files are missing");
        return new Trajectory(t, ab, calls, n, frames);
    }

    private static Tensor readTensor(Path dir, String base) throws InputException {
        Path npy = dir.resolve(base + ".npy"), csv = dir.resolve(base + ".csv");
        if (Files.isRegularFile(npy)) return NpyReader.read(npy);
        if (Files.isRegularFile(csv)) return PointsCsv.read(csv).items();
        return null;
    }

    private static List<double[]> readSteps(Path f) throws InputException {
        List<double[]> rows = new ArrayList<>();
        try (var r = Files.newBufferedReader(f)) {
            String head = r.readLine();
            if (head == null || !head.strip().equals(HEADER)) throw new InputException(STEPS_CSV + ": the header must be " + HEADER);
            int line = 1;
            for (String s; (s = r.readLine()) != null; ) {
                line++;
                if (s.isBlank()) continue;
                String[] p = s.split(",");
                if (p.length != 5) throw new InputException(STEPS_CSV + ": line " + line + " needs 5 values");
                double[] v = new double[5];
                for (int i = 0; i < 5; i++) {
                    try {
                        v[i] = Double.parseDouble(p[i]);
                    } catch (NumberFormatException e) {
                        throw new InputException(STEPS_CSV + ": line " + line + " is not numeric");
                    }
                }
                if (!(v[2] >= 0 && v[2] <= 1) || v[4] < 0 || v[4] > 16) throw new InputException(STEPS_CSV + ": line " + line + " has values out of range");
                if (rows.size() >= 100_000) throw new InputException(STEPS_CSV + ": more than 100000 steps");
                rows.add(v);
            }
        } catch (IOException e) {
            throw new InputException(STEPS_CSV + ": cannot read (" + e.getMessage() + ")");
        }
        if (rows.isEmpty()) throw new InputException(STEPS_CSV + ": no steps");
        return rows;
    }
}

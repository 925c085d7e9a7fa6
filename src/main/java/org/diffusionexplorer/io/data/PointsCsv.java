package org.diffusionexplorer.io.data;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** 2-D points as CSV "x,y" (an optional header line). Non-numeric rows are refused with their line number. */
public final class PointsCsv {
    public static final int MAX_POINTS = 5_000_000;

    private PointsCsv() {
    }

    public static Dataset read(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        if (!Files.isRegularFile(path)) throw new InputException(name + ": no such file");
        float[] buf = new float[1024];
        int n = 0, lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(path)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                String s = line.trim();
                if (s.isEmpty() || s.startsWith("#")) continue;
                String[] parts = s.split("[,;\\s]+");
                if (parts.length < 2) throw new InputException(name + ": line " + lineNo + " needs two numbers x,y");
                double x, y;
                try {
                    x = Double.parseDouble(parts[0]);
                    y = Double.parseDouble(parts[1]);
                } catch (NumberFormatException e) {
                    if (n == 0 && lineNo == 1) continue; // a header
                    throw new InputException(name + ": line " + lineNo + " is not numeric: '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
                }
                if (!Double.isFinite(x) || !Double.isFinite(y)) throw new InputException(name + ": line " + lineNo + " has a non-finite value");
                if (n == MAX_POINTS) throw new InputException(name + ": more than " + MAX_POINTS + " points");
                if (2 * n + 2 > buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                buf[2 * n] = (float) x;
                buf[2 * n + 1] = (float) y;
                n++;
            }
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (n == 0) throw new InputException(name + ": no points");
        return new Dataset("csv:" + name, new Tensor(java.util.Arrays.copyOf(buf, 2 * n), n, 2));
    }

    public static void write(Path path, Tensor points) throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        float[] d = points.data();
        for (int i = 0; i < d.length / 2; i++) sb.append(d[2 * i]).append(',').append(d[2 * i + 1]).append('\n');
        AtomicFiles.writeString(path, sb.toString());
    }
}

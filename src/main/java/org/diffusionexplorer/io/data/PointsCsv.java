package org.diffusionexplorer.io.data;

import org.diffusionexplorer.core.data.Dataset;
import org.diffusionexplorer.core.tensor.Tensor;
import org.diffusionexplorer.io.AtomicFiles;
import org.diffusionexplorer.io.InputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** 2-D points as CSV "x,y" (an optional header line). Non-numeric rows are refused with their line number. */
public final class PointsCsv {
    public static final int MAX_POINTS = 5_000_000;
    /** Coordinates beyond this are refused (they overflow float or ruin training long before). */
    public static final double MAX_ABS = 10_000;
    /** Longer lines are refused as they are read (a one-line 2.5 GB file must not become one String). */
    public static final int MAX_LINE = 1000;

    private PointsCsv() {
    }

    public static Dataset read(Path path) throws InputException {
        String name = String.valueOf(path.getFileName());
        if (!Files.isRegularFile(path)) throw new InputException(name + ": no such file");
        float[] buf = new float[1024];
        int n = 0, lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(path)) {
            for (String line; (line = readLine(r, name, lineNo + 1)) != null; ) {
                lineNo++;
                String s = (lineNo == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line).trim(); // a UTF-8 BOM
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
                if (Math.abs(x) > MAX_ABS || Math.abs(y) > MAX_ABS) {
                    throw new InputException(name + ": line " + lineNo + ": " + (Math.abs(x) > MAX_ABS ? parts[0] : parts[1]) + " is outside ±" + (long) MAX_ABS
                            + " (the model expects points of about unit scale, as the toy sets in [−2, 2]: rescale the data)");
                }
                if (n == MAX_POINTS) throw new InputException(name + ": more than " + MAX_POINTS + " points");
                if (2 * n + 2 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                buf[2 * n] = (float) x;
                buf[2 * n + 1] = (float) y;
                n++;
            }
        } catch (CharacterCodingException e) {
            throw new InputException(name + ": not UTF-8 text (a CSV of x,y points is expected)");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
        }
        if (n == 0) throw new InputException(name + ": no points");
        return new Dataset("csv:" + name, new Tensor(Arrays.copyOf(buf, 2 * n), n, 2));
    }

    /** A line of at most MAX_LINE characters (without its end), or null at the end of the file. */
    private static String readLine(BufferedReader r, String name, int lineNo) throws IOException, InputException {
        StringBuilder sb = new StringBuilder();
        for (int c; ; ) {
            c = r.read();
            if (c < 0) return sb.length() == 0 ? null : sb.toString();
            if (c == '\n') return sb.toString();
            if (c == '\r') continue;
            if (sb.length() >= MAX_LINE) throw new InputException(name + ": line " + lineNo + " is longer than " + MAX_LINE + " characters (not a CSV of x,y points?)");
            sb.append((char) c);
        }
    }

    public static void write(Path path, Tensor points) throws IOException {
        StringBuilder sb = new StringBuilder("x,y\n");
        float[] d = points.data();
        for (int i = 0; i < d.length / 2; i++) sb.append(d[2 * i]).append(',').append(d[2 * i + 1]).append('\n');
        AtomicFiles.writeString(path, sb.toString());
    }
}

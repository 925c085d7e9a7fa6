package org.diffusionexplorer.runtime.train;

import org.diffusionexplorer.io.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Refuses to start a run the disk cannot hold (rather than failing at the first checkpoint, hours in). */
final class DiskCheck {
    private DiskCheck() {
    }

    /**
     * Bytes a run needs in its output folder: a checkpoint holds weights, EMA and two Adam moments (16 bytes a
     * parameter) and is replaced by a rename, so two can exist at once; the bundle is staged beside an earlier one
     * (4 bytes a parameter, twice, plus the sample grid and card); loss.csv takes about 32 bytes a step; 16 MB spare.
     */
    static long bytesNeeded(long parameters, int steps) {
        return 2 * 16 * parameters + 2 * 4 * parameters + (2L << 20) + 32L * steps + (16L << 20);
    }

    /** Throws when usable (−1: unknown, then the run may start) is less than the run needs. */
    static void check(Path out, long parameters, int steps, long usable) throws InputException {
        long need = bytesNeeded(parameters, steps);
        if (usable >= 0 && usable < need) {
            throw new InputException(String.format(Locale.ROOT, "not enough free disk space for %s: %.1f MB free, the run needs about %.1f MB"
                    + " (checkpoints and the model bundle); free some space or choose another --out", out, usable / 1e6, need / 1e6));
        }
    }

    /** Usable bytes on the file system that holds path (or its nearest existing parent); -1 if unknown. */
    static long usableSpace(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) return -1;
        try {
            return Files.getFileStore(p).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}

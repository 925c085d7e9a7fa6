package org.diffusionexplorer.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that never leave a partial file: write to a hidden temporary file beside the target
 * ({@code .NAME.PID-….part}), then rename it over the target. A failure names the target, never the temporary file;
 * temporary files of killed processes are removed by the next write of the same target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        try (Pending p = begin(target)) {
            p.write(writer);
            p.commit();
        }
    }

    /** A file being written: its temporary file exists from begin() on (so an unwritable place fails early). */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private boolean committed;

        private Pending(Path target, Path tmp) {
            this.target = target;
            this.tmp = tmp;
        }

        public void write(Writer writer) throws OutputException {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            } catch (IOException e) {
                throw OutputException.writing(target, e);
            }
        }

        public void commit() throws OutputException {
            try {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                committed = true;
            } catch (IOException e) {
                throw OutputException.writing(target, e);
            }
        }

        @Override
        public void close() {
            if (committed) return;
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // removed by the next write of this target
            }
        }
    }

    /** Creates the temporary file for target (and the target's folder); see {@link Pending}. */
    public static Pending begin(Path target) throws OutputException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
            if (Files.isDirectory(abs)) throw new OutputException("cannot write " + target + ": it is a folder", null);
            removeLeftovers(dir, abs.getFileName().toString());
            return new Pending(abs, createHidden(dir, "." + abs.getFileName() + "." + ProcessHandle.current().pid() + "-", ".part", false));
        } catch (IOException e) {
            throw OutputException.writing(target, e);
        }
    }

    /** Removes .NAME.PID-….part files of processes that are gone. */
    private static void removeLeftovers(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".part");
        })) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!StagedFolder.processAlive(n.substring(prefix.length()))) Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * Creates a new file or folder with a random hidden name in dir. Unlike Files.createTemp*, whose results are
     * private (0600 / 0700) and stay so after the rename, this gives the permissions the user's umask gives any new
     * file, so written images, bundles and exports are readable as usual.
     */
    public static Path createHidden(Path dir, String prefix, String suffix, boolean directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + suffix);
            try {
                return directory ? Files.createDirectory(p) : Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}

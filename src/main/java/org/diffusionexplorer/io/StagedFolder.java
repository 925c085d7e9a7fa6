package org.diffusionexplorer.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A folder output written whole or not at all. Everything is written into a hidden staging folder beside the
 * target ({@code .NAME.partial-PID-…}), created up front (so an unwritable place fails before any work). commit()
 * swaps it in: one rename when there is no earlier output; otherwise the earlier folder is renamed aside
 * ({@code .NAME.old-PID-…}), the new one into place, and the old one removed, so the earlier output is replaced
 * whole (no file of it survives). The target is locked for the whole time ({@link OutputLock}).
 *
 * Leftovers of killed runs are cleared by the next begin() on the same target: staging and old folders whose
 * process is gone are removed, and if a run was killed between the two renames (the target missing, its old
 * folder still aside), the old folder is first put back.
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final OutputLock lock;
    private boolean committed;

    private StagedFolder(Path target, Path staging, OutputLock lock) {
        this.target = target;
        this.staging = staging;
        this.lock = lock;
    }

    /**
     * Locks target, clears leftovers, checks that an existing target holds only what replaceable accepts (file
     * names at its top level; it is replaced whole), and creates the staging folder. what names the option.
     */
    public static StagedFolder begin(Path target, String what, Predicate<String> replaceable) throws InputException, OutputException {
        Path t = target.toAbsolutePath().normalize();
        if (Path.of("").toAbsolutePath().normalize().startsWith(t)) {
            throw new InputException(what + " " + target + " is the current folder or contains it; it would be replaced whole: choose a new folder");
        }
        OutputLock lock = OutputLock.acquire(t, what);
        try {
            recover(t);
            if (Files.exists(t) && !Files.isDirectory(t)) throw new InputException(what + " " + target + " exists and is not a folder");
            if (Files.isDirectory(t)) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(t)) {
                    for (Path p : s) {
                        String n = p.getFileName().toString();
                        if (!replaceable.test(n)) {
                            throw new InputException(what + " " + target + " holds '" + n + "', which this command did not write; the folder is"
                                    + " replaced whole, so choose a new or empty folder");
                        }
                    }
                } catch (IOException e) {
                    throw new OutputException("cannot read the folder " + target + ": " + OutputException.reason(e), e);
                }
            }
            Path staging;
            try {
                staging = AtomicFiles.createHidden(t.getParent(), stagingPrefix(t), "", true);
            } catch (IOException e) {
                throw OutputException.writing(target, e);
            }
            return new StagedFolder(t, staging, lock);
        } catch (InputException | OutputException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static String stagingPrefix(Path t) {
        return "." + t.getFileName() + ".partial-" + ProcessHandle.current().pid() + "-";
    }

    /** The staging folder: write everything here. */
    public Path dir() {
        return staging;
    }

    public Path target() {
        return target;
    }

    /** The failure of a write into the staging folder, told about the target (the user never sees the staging name). */
    public IOException explain(IOException e) {
        String m = e.getMessage();
        if (m == null || !m.contains(staging.toString())) return e;
        return new OutputException(m.replace(staging.toString(), target.toString()), e);
    }

    /** Swaps the staged folder in, replacing any earlier output whole. */
    public void commit() throws OutputException {
        if (committed) throw new IllegalStateException("already committed");
        Path parent = target.getParent();
        Path old = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                old = parent.resolve("." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-"
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the earlier output back
                old = null;
                throw e;
            }
        } catch (IOException e) {
            throw OutputException.writing(target, e);
        }
        committed = true;
        if (old != null) deleteTree(old);
    }

    /** Removes the staging folder unless committed, and unlocks. */
    @Override
    public void close() {
        try {
            if (!committed) deleteTree(staging);
        } finally {
            lock.close();
        }
    }

    /**
     * Clears what killed runs left beside target: puts an old folder back when the target is missing (a kill
     * between the two renames), then removes staging and old folders of processes that are gone.
     */
    public static void recover(Path target) {
        Path t = target.toAbsolutePath().normalize();
        Path parent = t.getParent();
        if (parent == null || !Files.isDirectory(parent)) return;
        String partial = "." + t.getFileName() + ".partial-", old = "." + t.getFileName() + ".old-";
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                boolean isOld = n.startsWith(old);
                if (!isOld && !n.startsWith(partial)) continue;
                if (processAlive(n.substring(isOld ? old.length() : partial.length()))) continue;
                if (isOld && !Files.exists(t, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.move(p, t, StandardCopyOption.ATOMIC_MOVE);
                        continue;
                    } catch (IOException ignored) {
                        // fall through: remove it
                    }
                }
                deleteTree(p);
            }
        } catch (IOException ignored) {
            // best effort: an unreadable parent fails later with a clear message
        }
    }

    /** Whether the "PID-…" part of a staging name belongs to a running process (names of older versions: no). */
    static boolean processAlive(String pidAndRest) {
        int dash = pidAndRest.indexOf('-');
        if (dash <= 0) return false;
        try {
            long pid = Long.parseLong(pidAndRest.substring(0, dash));
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes a file or folder tree, best effort (symbolic links are removed, not followed). */
    public static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}

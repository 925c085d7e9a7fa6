package org.diffusionexplorer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exclusive lock on an output (a training run's folder, sample's or forward's --out): a {@link FileLock} on the
 * hidden file {@code .NAME.lock} beside it. A second process (or a second job in this one) is refused at once with
 * one line; the lock goes with the process however it ends, so a killed run never leaves a folder locked.
 *
 * The lock file is removed when the lock is released (before letting go, so nobody can lock the removed file
 * afterwards). Whoever opened the old file just before it was removed would lock a file that is no longer there;
 * so after locking, the holder checks that the file at the path is still the one it opened (same file key). The
 * lock file holds the holder's pid, for the message the second process prints.
 */
public final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file for an output path. */
    public static Path lockFile(Path target) {
        Path t = target.toAbsolutePath().normalize();
        return t.getParent().resolve("." + t.getFileName() + ".lock");
    }

    /**
     * Locks target (which need not exist; its parent folder is created). what names the option for the message,
     * e.g. "--out". Throws InputException when another process holds it.
     */
    public static OutputLock acquire(Path target, String what) throws InputException, OutputException {
        Path t = target.toAbsolutePath().normalize();
        if (t.getParent() == null || t.getFileName() == null) throw new InputException(what + " " + target + ": choose a folder below the root");
        try {
            Files.createDirectories(t.getParent());
        } catch (IOException e) {
            throw new OutputException("cannot create the folder " + t.getParent() + ": " + OutputException.reason(e), e);
        }
        Path lf = lockFile(t);
        String token = ProcessHandle.current().pid() + " " + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + "\n";
        for (int attempt = 0; attempt < 50; attempt++) {
            FileChannel ch;
            Object before;
            try {
                // the file key before opening: if the path changes hands between here and the lock, we retry
                before = fileKey(lf);
                if (before == null) {
                    try {
                        Files.createFile(lf);
                    } catch (FileAlreadyExistsException ignored) {
                        // made by someone else just now: fine
                    }
                    continue;
                }
                try {
                    ch = FileChannel.open(lf, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    continue; // removed between the stat and the open
                }
            } catch (IOException e) {
                throw OutputException.writing(target, e);
            }
            FileLock l = null;
            try {
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null; // held by this JVM
                }
                if (l == null) {
                    String holder = holder(ch);
                    throw new InputException(what + " " + target + " is in use by another diffusion-explorer process"
                            + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; wait for it to finish, or use another folder");
                }
                // Is the file we locked still the one at the path? Compared by stat (the file key), never by opening
                // the file again: closing any descriptor of a file drops this process's fcntl locks on it.
                if (before != null && before.equals(fileKey(lf))) {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.US_ASCII)), 0);
                    return new OutputLock(lf, ch, l);
                }
                // we locked a lock file its holder had just removed: try again with the one at the path
                l.release();
                ch.close();
            } catch (InputException e) {
                closeQuietly(ch);
                throw e;
            } catch (IOException e) {
                closeQuietly(ch);
                throw OutputException.writing(target, e);
            }
        }
        throw new InputException(what + " " + target + " is in use by other processes (its lock keeps changing hands)");
    }

    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            int sp = s.indexOf(' ');
            String pid = sp < 0 ? s : s.substring(0, sp);
            return pid.matches("\\d{1,10}") ? pid : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file); // while still holding the lock (see the class comment)
        } catch (IOException ignored) {
            // a lock file left behind is harmless: the next run locks and removes it
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}

package org.diffusionexplorer.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An output that could not be written, with one sentence for the user that says what failed and where (never a
 * temporary name). The CLI turns it into exit 2.
 */
public class OutputException extends IOException {
    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "cannot write TARGET: REASON" for a failure while writing target (or something staged for it). */
    public static OutputException writing(Path target, IOException e) {
        if (e instanceof OutputException o) return o;
        return new OutputException("cannot write " + target + ": " + reason(e), e);
    }

    /** Why an I/O operation failed, in words and without the path of the file involved. */
    public static String reason(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("No space left on device")) return "the disk is full";
        if (m.contains("Disk quota exceeded")) return "the disk quota is exceeded";
        if (m.contains("Read-only file system")) return "the file system is read-only";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "the folder does not exist or cannot hold files";
        if (e instanceof NotDirectoryException) return "a path element is not a folder";
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        String r = m.replaceAll("\\s+", " ").trim();
        if (r.isEmpty()) r = e.getClass().getSimpleName();
        // ImageIO says "I/O error writing PNG file!" and hides the cause
        if (e.getCause() instanceof IOException c && c != e) r = r + " (" + reason(c) + ")";
        return r.length() > 200 ? r.substring(0, 200) + "…" : r;
    }
}

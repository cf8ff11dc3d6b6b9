package org.mailtrail.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file or nothing: a temporary file beside the target, then a rename. A symbolic
 * link stays a link (the file it points to is replaced), an existing file keeps its permissions, and
 * what is not a regular file (a FIFO, a device such as /dev/stdout) is written to as it is, never
 * replaced; a directory is refused.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Path target = followLinks(file.toAbsolutePath());
        if (Files.isDirectory(target)) {
            throw new IOException(file + ": is a directory");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a FIFO or a device: nothing to replace atomically, and replacing it would be wrong
            try (java.io.OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = null;
        if (Files.exists(target)) {
            try {
                mode = Files.getPosixFilePermissions(target);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the new file gets the usual permissions
            }
        }
        // created new (not createTempFile, which is owner-only) so the user's umask applies as usual; one open for
        // creating and writing, and the temporary file is only looked for again when something failed
        Path tmp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            if (mode != null) {
                Files.setPosixFilePermissions(tmp, mode); // e.g. a 600 file with secrets stays 600
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the failure that got us here is the one to report
                }
            }
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist yet), or the path itself. */
    private static Path followLinks(Path p) throws IOException {
        for (int i = 0; i < 40 && Files.isSymbolicLink(p); i++) {
            Path to = Files.readSymbolicLink(p);
            p = p.resolveSibling(to).normalize();
        }
        if (Files.isSymbolicLink(p)) {
            throw new IOException(p + ": too many levels of symbolic links");
        }
        return p;
    }
}

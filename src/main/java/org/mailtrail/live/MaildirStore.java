package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.mailtrail.export.AtomicFile;

/**
 * The receiver's store on disk: messages in a Maildir ({@code DIR/maildir/tmp|new|cur}) and session transcripts in
 * {@code DIR/sessions}. A message is written under {@code tmp/}, forced to disk and only then renamed into
 * {@code new/} in one step, so a reader of {@code new/} never sees half a message and a crash leaves at most a stray
 * file in {@code tmp/}. Safe for concurrent use as long as names are unique (the receiver's ids are).
 */
final class MaildirStore {
    private final Path root;
    private final Path tmp;
    private final Path fresh;
    private final Path sessions;
    /** Renames into {@code new/} made so far (a sequence number for each). */
    private final AtomicLong renames = new AtomicLong();
    private final Object syncLock = new Object();
    /** The renames a finished sync of {@code new/} covers; guarded by {@link #syncLock}. */
    private long synced;
    /** False where a folder cannot be opened to be forced (Windows): the rename is left to the file system. */
    private boolean folderSync;

    private MaildirStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("maildir").resolve("tmp");
        this.fresh = root.resolve("maildir").resolve("new");
        this.sessions = root.resolve("sessions");
    }

    /** Creates the folders that are missing; fails with the folder at fault when one cannot be made or written. */
    static MaildirStore open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        MaildirStore s = new MaildirStore(root);
        for (Path p : new Path[] {s.tmp, s.fresh, root.resolve("maildir").resolve("cur"), s.sessions}) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new IOException("cannot create folder " + p + ": " + describe(e), e);
            }
            if (!Files.isWritable(p)) {
                throw new IOException("folder " + p + " is not writable");
            }
        }
        try (FileChannel folder = FileChannel.open(s.fresh, StandardOpenOption.READ)) {
            s.folderSync = true; // decided once: from now on a folder that cannot be forced fails the delivery
        } catch (IOException e) {
            s.folderSync = false; // a folder cannot be opened here (Windows); NTFS journals the rename itself
        }
        return s;
    }

    /** The store's folder. */
    Path root() {
        return root;
    }

    /** {@code DIR/maildir/new}. */
    Path newDir() {
        return fresh;
    }

    /**
     * Stores one message as {@code new/<name>.eml}: write to tmp, force to disk, rename, force the folder {@code new/}
     * to disk (the rename is a change of the folder: without this a crash right after the 250 could leave the message
     * only in {@code tmp/}, where Maildir readers never look). Folder syncs are shared: one sync covers every rename
     * made before it began, so concurrent sessions wait for one sync rather than one each.
     */
    Path deliver(String name, byte[] content) throws IOException {
        Path t = tmp.resolve(name + ".eml");
        Path target = fresh.resolve(name + ".eml");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
            try {
                syncNew(renames.incrementAndGet());
            } catch (IOException e) {
                IOException failure = new IOException("cannot force folder " + fresh + " to disk: " + describe(e), e);
                try {
                    Files.deleteIfExists(target); // not safely stored: the client is told to try again, so not kept
                } catch (IOException ex) {
                    failure.addSuppressed(ex);
                }
                throw failure;
            }
            return target;
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(t);
            throw new IOException("cannot move " + t + " into " + fresh + " in one step: " + describe(e), e);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw e;
        }
    }

    /** Returns when rename number {@code mine} (and every one before it) is on disk. */
    private void syncNew(long mine) throws IOException {
        if (!folderSync) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= mine) {
                return; // a sync that began after our rename has finished meanwhile
            }
            long upTo = renames.get(); // every rename counted by now is complete: this sync covers them all
            try (FileChannel folder = FileChannel.open(fresh, StandardOpenOption.READ)) {
                folder.force(true);
            }
            synced = upTo;
        }
    }

    /** The folder of the session transcripts. */
    Path sessionsDir() {
        return sessions;
    }

    /** Writes {@code sessions/<id>.json} and {@code sessions/<id>.txt}, each whole or not at all. */
    Path[] writeSession(String id, byte[] json, String text) throws IOException {
        Path j = sessions.resolve(id + ".json");
        Path x = sessions.resolve(id + ".txt");
        AtomicFile.write(j, json);
        AtomicFile.write(x, text);
        return new Path[] {j, x};
    }

    /** An I/O failure in words, with the file it concerns. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : ": " + f.getFile());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

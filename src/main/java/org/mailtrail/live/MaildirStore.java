package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;

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
    private final Disk disk;
    /** The shared sync of {@code new/}: one covers every rename made before it began (group commit). */
    private final GroupSync newSync;
    /** False where a folder cannot be opened to be forced (Windows): the rename is left to the file system. */
    private boolean folderSync;

    /**
     * Folder syncs of {@code new/} that may run at once ({@link GroupSync}): 1, one at a time, was the fastest on the
     * test machine (docs/benchmarks.md); {@code -Dmailtrail.store.folderSyncs=N} lets them overlap, for measuring on
     * other disks.
     */
    static final int FOLDER_SYNCS = Math.max(1, Integer.getInteger("mailtrail.store.folderSyncs", 1));

    /** How files and folders are forced to disk: {@link #REAL}, or one that tests can watch. */
    interface Disk {
        /** Forces the data of {@code file} (open as {@code ch}) to disk. */
        void force(FileChannel ch, Path file) throws IOException;

        /** Forces the folder {@code folder} (its entries: renames into it) to disk. */
        void forceFolder(Path folder) throws IOException;
    }

    static final Disk REAL = new Disk() {
        @Override
        public void force(FileChannel ch, Path file) throws IOException {
            ch.force(true);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            try (FileChannel f = FileChannel.open(folder, StandardOpenOption.READ)) {
                f.force(true);
            }
        }
    };

    private MaildirStore(Path root, Disk disk, int folderSyncs) {
        this.root = root;
        this.tmp = root.resolve("maildir").resolve("tmp");
        this.fresh = root.resolve("maildir").resolve("new");
        this.sessions = root.resolve("sessions");
        this.disk = disk;
        this.newSync = new GroupSync(() -> disk.forceFolder(fresh), folderSyncs);
    }

    /** Creates the folders that are missing; fails with the folder at fault when one cannot be made or written. */
    static MaildirStore open(Path dir) throws IOException {
        return open(dir, REAL);
    }

    /** {@link #open(Path)} forcing files and folders to disk through {@code disk}. */
    static MaildirStore open(Path dir, Disk disk) throws IOException {
        return open(dir, disk, FOLDER_SYNCS);
    }

    /** {@link #open(Path, Disk)} with at most {@code folderSyncs} syncs of {@code new/} at once. */
    static MaildirStore open(Path dir, Disk disk, int folderSyncs) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        MaildirStore s = new MaildirStore(root, disk, folderSyncs);
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
     * only in {@code tmp/}, where Maildir readers never look). Folder syncs are shared ({@link GroupSync}): one sync
     * covers every rename made before it began, so concurrent sessions wait for one sync rather than one each.
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
                disk.force(ch, t);
            }
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
            try {
                if (folderSync) {
                    newSync.await();
                }
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

    /** Folder syncs of {@code new/} run so far (each covering one or more renames). */
    long folderSyncs() {
        return newSync.runs();
    }

    /** The most folder syncs of {@code new/} that ran at once. */
    int folderSyncsAtOnce() {
        return newSync.mostAtOnce();
    }

    /** The folder of the session transcripts. */
    Path sessionsDir() {
        return sessions;
    }

    /**
     * Writes {@code sessions/<id>.json} and {@code sessions/<id>.txt}, each whole or not at all (a temporary file
     * renamed into place). Session ids are unique per store, so the names are new: no look-ups for links or files to
     * replace, as {@link org.mailtrail.export.AtomicFile} makes for a file the user names. Not forced to disk.
     */
    Path[] writeSession(String id, byte[] json, String text) throws IOException {
        Path j = sessions.resolve(id + ".json");
        Path x = sessions.resolve(id + ".txt");
        writeWhole(j, json);
        writeWhole(x, text.getBytes(StandardCharsets.UTF_8));
        return new Path[] {j, x};
    }

    private static void writeWhole(Path target, byte[] bytes) throws IOException {
        Path t = target.resolveSibling("." + target.getFileName() + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            Files.move(t, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // the failure that got us here is the one to report
                }
            }
        }
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

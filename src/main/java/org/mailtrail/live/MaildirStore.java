package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The receiver's store on disk: messages in a Maildir ({@code DIR/maildir/tmp|new|cur}) and session transcripts in
 * {@code DIR/sessions} (a JSON file per session, the text in a log per day). A message is written under {@code tmp/} and renamed into {@code new/} in one step, so a reader
 * of {@code new/} never sees half a message and a crash leaves at most a stray file in {@code tmp/}; it is then
 * recorded in the store's {@link MailJournal} ({@code DIR/journal}), whose group-committed sync makes it durable
 * before {@link #deliver} returns. Safe for concurrent use as long as names are unique (the receiver's ids are).
 * {@link #close} checkpoints the journal.
 */
final class MaildirStore implements java.io.Closeable {
    private final Path root;
    private final Path tmp;
    private final Path fresh;
    private final Path sessions;
    /** The day's log of text transcripts. */
    private final DailyTranscripts transcripts;
    /** The journal that makes each message durable; set by {@link #open}. */
    private MailJournal journal;
    /** Files a crash left in {@code tmp/}, removed at {@link #open}. */
    private int strays;

    /** How files and folders are forced to disk: {@link #REAL}, or one that tests can watch. */
    interface Disk {
        /** Forces the data of {@code file} (open as {@code ch}) to disk. */
        void force(FileChannel ch, Path file) throws IOException;

        /** Forces the folder {@code folder} (its entries: renames into it) to disk. */
        void forceFolder(Path folder) throws IOException;

        /**
         * Forces everything written so far on the file system that holds {@code dir} to disk (Linux's
         * {@code syncfs}); false where that cannot be done, and the caller forces file by file.
         */
        default boolean syncFileSystem(Path dir) throws IOException {
            return false;
        }
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

        /** {@code sync -f DIR} (GNU coreutils: {@code syncfs} of DIR's file system), on Linux only. */
        @Override
        public boolean syncFileSystem(Path dir) throws IOException {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                return false;
            }
            Process p;
            try {
                p = new ProcessBuilder("sync", "-f", dir.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return false; // no sync command: file by file
            }
            try {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("sync -f " + dir + " did not finish within 60 s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forcing " + dir + " to disk", e);
            }
            return p.exitValue() == 0;
        }
    };

    private MaildirStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("maildir").resolve("tmp");
        this.fresh = root.resolve("maildir").resolve("new");
        this.sessions = root.resolve("sessions");
        this.transcripts = new DailyTranscripts(sessions);
    }

    /** Creates the folders that are missing; fails with the folder at fault when one cannot be made or written. */
    static MaildirStore open(Path dir) throws IOException {
        return open(dir, REAL);
    }

    /**
     * A store for session transcripts only (the proxy's): no journal, so it neither delivers messages nor locks the
     * store against a {@code serve} keeping mail in the same folder.
     */
    static MaildirStore openForTranscripts(Path dir) throws IOException {
        return open(dir, REAL, 0, 0, null);
    }

    /** {@link #open(Path)} forcing files and folders to disk through {@code disk}. */
    static MaildirStore open(Path dir, Disk disk) throws IOException {
        return open(dir, disk, MailJournal.SEGMENT_BYTES, MailJournal.SEGMENT_MILLIS, MailJournal.systemBootId());
    }

    /**
     * {@link #open(Path, Disk)} with journal segments closed at {@code segmentBytes} or {@code segmentMillis}, and
     * {@code bootId} taken as the running system's (tests make both small and pretend a reboot).
     */
    static MaildirStore open(Path dir, Disk disk, long segmentBytes, long segmentMillis, String bootId)
            throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        MaildirStore s = new MaildirStore(root);
        Path cur = root.resolve("maildir").resolve("cur");
        Path[] folders = bootId == null ? new Path[] {s.sessions} // transcripts only: no empty maildir/ beside them
                : new Path[] {s.tmp, s.fresh, cur, s.sessions, root.resolve("journal")};
        for (Path p : folders) { // all looked at before any is made: a file in the way leaves nothing half made
            for (Path q = p; q != null && q.startsWith(root); q = q.getParent()) {
                if (Files.exists(q) && !Files.isDirectory(q)) {
                    throw new IOException("cannot use " + q + " as a folder of the store: it is a file");
                }
            }
        }
        for (Path p : folders) {
            try {
                Files.createDirectories(p);
            } catch (IOException e) {
                throw new IOException("cannot create folder " + p + ": " + describe(e), e);
            }
            if (!Files.isWritable(p)) {
                throw new IOException("folder " + p + " is not writable");
            }
        }
        if (bootId == null) {
            return s; // transcripts only
        }
        boolean folderSync;
        try (FileChannel folder = FileChannel.open(s.fresh, StandardOpenOption.READ)) {
            folderSync = true; // decided once: from now on a folder that cannot be forced fails the checkpoint
        } catch (IOException e) {
            folderSync = false; // a folder cannot be opened here (Windows); NTFS journals the rename itself
        }
        try {
            s.journal = MailJournal.open(root.resolve("journal"), new MailJournal.Maildir(s.tmp, s.fresh, cur), disk,
                    folderSync, segmentBytes, segmentMillis, bootId);
        } catch (IOException e) {
            throw new IOException("cannot open the journal " + root.resolve("journal") + ": " + describe(e), e);
        }
        s.strays = s.removeStrays(); // the journal's lock is held: no other server writes into tmp/
        return s;
    }

    /**
     * Removes the message files a crash left in {@code tmp/} (written, not yet renamed into {@code new/}: never
     * acknowledged); returns how many. One that cannot be removed stays, for the next start.
     */
    private int removeStrays() {
        int n = 0;
        try (java.util.stream.Stream<Path> files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().matches("[0-9]{8}T[0-9]{6}Z-[0-9a-f]+-[0-9]+\\.[0-9]+\\.eml")
                        && Files.isRegularFile(f)) { // a queue id of ours: another program's files are left alone
                    try {
                        Files.delete(f);
                        n++;
                    } catch (IOException e) {
                        // left for the next start
                    }
                }
            }
        } catch (IOException e) {
            // tmp/ cannot be listed: what is there stays for the next start
        }
        return n;
    }

    /** Messages the journal wrote again into {@code new/} when the store was opened (after a crash and a reboot). */
    int restored() {
        return journal == null ? 0 : journal.restored();
    }

    /** What the journal's recovery did when the store was opened, in words; empty when there was nothing to do. */
    String recoverySummary() {
        String journalWords = journal == null ? "" : journal.recoverySummary();
        if (strays == 0) {
            return journalWords;
        }
        String tmpWords = strays + " unfinished message file(s) left in " + tmp + " by a crash removed (never"
                + " acknowledged)";
        return journalWords.isEmpty() ? "store: " + tmpWords : journalWords + "; " + tmpWords;
    }

    /** Where a journal checkpoint that failed is reported. */
    void onProblem(java.util.function.Consumer<String> listener) {
        if (journal != null) {
            journal.onProblem(listener);
        }
    }

    /** Stops as a crash would (tests): the journal left as it is ({@link MailJournal#abandon}). */
    void abandon() throws IOException {
        journal.abandon();
    }

    /**
     * Closes the day's transcript log, checkpoints the journal (the messages forced to disk together) and stops its
     * threads.
     */
    @Override
    public void close() throws IOException {
        try {
            if (journal != null) {
                journal.close(); // its last sync hands back the sessions still waiting, which write their transcripts
            }
        } finally {
            transcripts.close();
        }
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
     * Stores one message as {@code new/<name>.eml}: write to tmp, rename, record it in the journal and wait for a
     * journal sync that covers it (shared with the other sessions: {@link MailJournal}). If the journal fails, the
     * file is taken back out of {@code new/}: the client is told to try again.
     */
    Path deliver(String name, byte[] content) throws IOException {
        return place(name, content, true).file();
    }

    /** A message placed in {@code new/} whose journal record is change {@code change} (see {@link #whenDurable}). */
    record Placed(Path file, long change) {
    }

    /**
     * Stores one message as {@link #deliver} does but without waiting for the disk (a session on an event loop): the
     * message is durable, and its 250 may go out, once {@link #whenDurable} says so for the change returned. If the
     * journal cannot take the record, the file is taken back out of {@code new/} and this throws.
     */
    Placed place(String name, byte[] content) throws IOException {
        return place(name, content, false);
    }

    /** How long a journal sync waits for the messages of other sessions ({@link SyncBatches#gather}). */
    static final long GATHER_NANOS = 1_000_000;
    /** ... while at least this many sessions are open (PostgreSQL's {@code commit_siblings} is 5: one plus four). */
    static final int GATHER_SIBLINGS = 5;

    /**
     * Lets a journal sync wait {@link #GATHER_NANOS} for the messages of the other sessions while messages come
     * together and {@code open} counts at least {@link #GATHER_SIBLINGS} sessions ({@link SyncBatches#gather}): one
     * sync for several messages on a busy server.
     */
    void gatherSyncs(java.util.function.IntSupplier open) {
        if (journal != null) {
            journal.gather(GATHER_NANOS, open, GATHER_SIBLINGS);
        }
    }

    /** True when the message placed as change {@code change} is on disk already. */
    boolean isDurable(long change) {
        return journal.isDurable(change);
    }

    /** Runs {@code done} once the message placed as change {@code change} is durable, or its journal sync failed. */
    void whenDurable(long change, SyncBatches.Done done) {
        journal.whenDurable(change, done);
    }

    private Placed place(String name, byte[] content, boolean wait) throws IOException {
        Path t = tmp.resolve(name + ".eml");
        Path target = fresh.resolve(name + ".eml");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
            long change = 0;
            try {
                if (journal == null) {
                    throw new IllegalStateException("a store for transcripts only keeps no messages");
                }
                if (wait) {
                    journal.record(name, content);
                } else {
                    change = journal.append(name, content);
                }
            } catch (IOException e) {
                IOException failure = new IOException("cannot record the message in the journal: " + describe(e), e);
                try {
                    Files.deleteIfExists(target); // not safely stored: the client is told to try again, so not kept
                } catch (IOException ex) {
                    failure.addSuppressed(ex);
                }
                throw failure;
            }
            return new Placed(target, change);
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

    /**
     * Takes a stored message back (its 250 could not be sent: the client will send it again): removes its file and
     * notes in the journal that it was taken back, so that no recovery brings it back. Throws when the file could not
     * be removed; returns, when it was but the note could not be written, why (a restart after a crash of the system
     * may then bring the copy back), else null.
     */
    String takeBack(String name, Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            journal.revoke(name);
            return null;
        } catch (IOException e) {
            return "the journal's note that it was taken back could not be written (" + describe(e)
                    + "): after a crash of the system the copy may come back";
        }
    }

    /** Journal syncs run so far (each covering one or more messages). */
    long journalSyncs() {
        return journal.syncs();
    }

    /** The folder of the session transcripts. */
    Path sessionsDir() {
        return sessions;
    }

    /**
     * Writes {@code sessions/<id>.json} whole or not at all (a temporary file renamed into place) and appends the text
     * transcript to the log of the day the session ended ({@link DailyTranscripts}); returns the two paths. Session
     * ids are unique per store, so the JSON's name is new: no look-ups for links or files to replace, as
     * {@link org.mailtrail.export.AtomicFile} makes for a file the user names. Not forced to disk.
     */
    Path[] writeSession(String id, java.time.Instant end, byte[] json, String text) throws IOException {
        Path j = sessions.resolve(id + ".json");
        writeWhole(j, json);
        return new Path[] {j, transcripts.append(end, text)};
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

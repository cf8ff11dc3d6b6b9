package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The store's journal (a write-ahead log): every stored message is appended to it, and its {@code 250} waits for one
 * sync of the journal that began after the append ({@link SyncBatches}), so concurrent sessions share one sync of one
 * file instead of each forcing its own message file and then the folder it was renamed into. The Maildir files are
 * written as before but not forced one by one: a <em>checkpoint</em> makes them durable together (one
 * {@link MaildirStore.Disk#syncFileSystem}, or where that is not available each file and {@code new/} forced), after
 * which the journal segment that holds them is deleted. Between the two the journal is a second copy of the newest
 * messages (at most a segment's worth, and the one being checkpointed).
 *
 * <p>Segments are {@code DIR/journal/<n>.log}, written as {@link JournalRecords} describes (a header line with the
 * boot id, then one checksummed record per message). A segment is closed (rotated) at the first sync after it holds {@link #SEGMENT_BYTES} or is {@link #SEGMENT_MILLIS} old (an idle store rotates on a
 * timer), and at {@link #close}; a closed segment is checkpointed in the background, at {@link #close} before it
 * returns. A record whose length or checksum does not fit ends a segment: nothing after it was acknowledged, since
 * every acknowledged record was forced together with everything before it.
 *
 * <p>Recovery ({@link #open}, segments left by a crash): within the same boot of the system the page cache still
 * holds every Maildir file that was written (the file is renamed into {@code new/} before its record is appended),
 * so a missing one was taken by a reader — moved or deleted — and is not brought back. After a reboot (another boot
 * id, or none known) every record whose message is neither in {@code new/} nor in {@code cur/} with the same bytes is
 * written again into {@code new/}: a message may come back twice rather than be lost (RFC 5321 §6.1 allows the
 * duplicate, not the loss). Then those segments are checkpointed and deleted.
 */
final class MailJournal implements AutoCloseable {
    /** A segment holding this many bytes is closed at the next sync. */
    static final long SEGMENT_BYTES = 64L << 20;
    /** A segment with records this old is closed at the next sync, or by the timer when no mail comes. */
    static final long SEGMENT_MILLIS = 30_000;

    private final Path dir;
    private final Maildir maildir;
    private final MaildirStore.Disk disk;
    private final boolean folderSync;
    private final long segmentBytes;
    private final long segmentMillis;
    private final String bootId;
    private final SyncBatches sync;
    private final ExecutorService checkpoints;
    private final ScheduledExecutorService timer;
    private volatile Consumer<String> problems = m -> { };
    /** Held while the journal is open: a second server on the same store would recover (delete) live segments. */
    private java.nio.channels.FileLock lock;
    /** The segment appended to; guarded by {@code this}. */
    private Segment current;
    private long nextNumber;
    private boolean rotateAsked;
    private boolean closed;
    private int restored;
    /** What the recovery at open found: segments left, messages in them, segments that ended in a cut record. */
    private int leftSegments;
    private int leftMessages;
    private int cutSegments;

    /** The folders of the Maildir a journal restores into and checkpoints. */
    record Maildir(Path tmp, Path fresh, Path cur) { }

    /** A segment file and the names of the messages recorded in it. */
    private static final class Segment {
        final Path path;
        final FileChannel channel;
        final long begun = System.nanoTime();
        final List<String> names = new ArrayList<>();
        long bytes;

        Segment(Path path, FileChannel channel, long bytes) {
            this.path = path;
            this.channel = channel;
            this.bytes = bytes;
        }
    }

    private MailJournal(Path dir, Maildir maildir, MaildirStore.Disk disk, boolean folderSync, long segmentBytes,
            long segmentMillis, String bootId) {
        this.dir = dir;
        this.maildir = maildir;
        this.disk = disk;
        this.folderSync = folderSync;
        this.segmentBytes = segmentBytes;
        this.segmentMillis = segmentMillis;
        this.bootId = bootId;
        this.checkpoints = Executors.newSingleThreadExecutor(r -> daemon(r, "mailtrail-smtp-checkpoint"));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mailtrail-smtp-journal-timer"));
        this.sync = new SyncBatches(this::syncNow, "mailtrail-smtp-journal");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Opens the journal in {@code dir} (created if missing): recovers what segments a crash left (see the class
     * comment), checkpoints and deletes them, and begins a new segment.
     */
    static MailJournal open(Path dir, Maildir maildir, MaildirStore.Disk disk, boolean folderSync, long segmentBytes,
            long segmentMillis, String bootId) throws IOException {
        Files.createDirectories(dir);
        MailJournal j = new MailJournal(dir, maildir, disk, folderSync, segmentBytes, segmentMillis, bootId);
        try {
            j.lock();
            j.recover();
            synchronized (j) {
                j.current = j.newSegment();
            }
            if (folderSync) {
                disk.forceFolder(dir);
            }
        } catch (IOException | RuntimeException e) {
            j.checkpoints.shutdownNow();
            j.timer.shutdownNow();
            j.sync.close();
            j.unlock();
            throw e;
        }
        long every = Math.max(1, segmentMillis / 2);
        j.timer.scheduleWithFixedDelay(j::rotateIfIdle, every, every, TimeUnit.MILLISECONDS);
        return j;
    }

    private void lock() throws IOException {
        Path p = dir.resolve("lock");
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this process already
        }
        if (lock == null) {
            ch.close();
            throw new IOException("the store is in use by another Mail Trail server (" + p + " is locked)");
        }
    }

    private void unlock() {
        if (lock != null) {
            try {
                lock.channel().close(); // releases the lock
            } catch (IOException e) {
                // the process ending releases it too
            }
        }
    }

    /** The boot id of the running system ({@code /proc/sys/kernel/random/boot_id}), empty where there is none. */
    static String systemBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Where checkpoint failures are reported (the segment is kept and recovered at the next start). */
    void onProblem(Consumer<String> listener) {
        problems = listener;
    }

    /** Messages written again into {@code new/} by the recovery at open. */
    int restored() {
        return restored;
    }

    /**
     * What the recovery at open did, in words for the server's log; empty when no segment was left (the store was
     * stopped normally, or is new).
     */
    String recoverySummary() {
        if (leftSegments == 0) {
            return "";
        }
        return "journal: " + leftSegments + " segment(s) left by a stop without a checkpoint (a crash, or a stop"
                + " that could not write to the disk), holding " + leftMessages + " message(s): "
                + (restored == 0 ? "none had to be written again" : restored + " written again into "
                + maildir.fresh() + " (lost with the system's restart)")
                + (cutSegments == 0 ? "" : "; " + cutSegments + " segment(s) ended in a record cut off or damaged,"
                + " never acknowledged");
    }

    /** Journal syncs so far (each covering the records appended before it began). */
    long syncs() {
        return sync.runs();
    }

    /** Appends the record of {@code name} and returns once a sync that began after the append has finished. */
    void record(String name, byte[] content) throws IOException {
        sync.await(append(name, content));
    }

    /**
     * Appends the record of {@code name} without waiting for the disk; returns the number of the change, which is
     * durable once {@link #whenDurable} says so.
     */
    long append(String name, byte[] content) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(JournalRecords.encode(name, content));
        synchronized (this) {
            if (closed) {
                throw new IOException("the store is closing");
            }
            long at = current.bytes;
            while (b.hasRemaining()) {
                at += current.channel.write(b, at);
            }
            current.bytes = at;
            current.names.add(name);
        }
        return sync.changed();
    }

    /**
     * Runs {@code done} once the change {@code n} ({@link #append}) is on disk or its sync failed: on the journal's
     * sync thread, or here if that is known already.
     */
    void whenDurable(long n, SyncBatches.Done done) {
        sync.whenSynced(n, done);
    }

    /** Lets a sync wait a moment for the changes of the other sessions ({@link SyncBatches#gather}). */
    void gather(long nanos, java.util.function.IntSupplier busy, int siblings) {
        sync.gather(nanos, busy, siblings);
    }

    /** True when the change {@code n} ({@link #append}) is on disk already. */
    boolean isDurable(long n) {
        return sync.isDurable(n);
    }

    /**
     * Notes that the message {@code name} was taken back (its 250 could not be sent, its file removed): a record with
     * no content, so that a recovery after a reboot does not bring back a copy the client will send again. Not
     * synced: lost with a crash, it costs at most that duplicate.
     */
    void revoke(String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(JournalRecords.encode(name, new byte[0]));
        synchronized (this) {
            if (closed) {
                return; // the checkpoint at close has run or runs without it: the file is gone already
            }
            long at = current.bytes;
            while (b.hasRemaining()) {
                at += current.channel.write(b, at);
            }
            current.bytes = at;
        }
    }

    /** Stops as a crash would (tests): no rotation, no checkpoint, the segments left as they are, the lock let go. */
    void abandon() throws IOException {
        synchronized (this) {
            closed = true;
            current.channel.close();
        }
        timer.shutdownNow();
        checkpoints.shutdownNow();
        sync.close();
        unlock();
    }

    /** Closes the current segment at the next sync if it has records (the timer, and {@link #close}). */
    void rotate() throws IOException {
        synchronized (this) {
            if (current.names.isEmpty()) {
                return;
            }
            rotateAsked = true;
        }
        sync.await(sync.changed());
    }

    private void rotateIfIdle() {
        boolean old;
        synchronized (this) {
            old = !closed && !current.names.isEmpty()
                    && System.nanoTime() - current.begun >= TimeUnit.MILLISECONDS.toNanos(segmentMillis);
        }
        if (old) {
            try {
                rotate();
            } catch (IOException e) {
                problems.accept("cannot close the journal segment: " + MaildirStore.describe(e));
            }
        }
    }

    /** The group sync's action: forces the current segment, closing it first when it is full, old or asked to. */
    private void syncNow() throws IOException {
        Segment s;
        Segment closing = null;
        synchronized (this) {
            s = current;
            boolean full = s.bytes >= segmentBytes
                    || System.nanoTime() - s.begun >= TimeUnit.MILLISECONDS.toNanos(segmentMillis);
            if ((rotateAsked || full) && !s.names.isEmpty()) {
                current = newSegment(); // appends from now on go there; this sync still forces what s holds
                closing = s;
            }
            rotateAsked = false;
        }
        if (closing != null && folderSync) {
            disk.forceFolder(dir); // the new segment's name
        }
        disk.force(s.channel, s.path);
        if (closing != null) {
            closing.channel.close();
            Segment done = closing;
            checkpoints.execute(() -> checkpointQuietly(done.path, done.names));
        }
    }

    private Segment newSegment() throws IOException {
        Path p = dir.resolve(String.format("%016d.log", nextNumber++));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        byte[] head = JournalRecords.header(bootId);
        try {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(p);
            throw e;
        }
        return new Segment(p, ch, head.length);
    }

    private void checkpointQuietly(Path segment, List<String> names) {
        try {
            checkpoint(segment, names);
        } catch (IOException e) {
            problems.accept("cannot make the messages of " + segment.getFileName() + " durable (kept in the journal"
                    + " until the next start): " + MaildirStore.describe(e));
        }
    }

    /** Makes the Maildir files of a closed segment durable, then deletes the segment. */
    private void checkpoint(Path segment, List<String> names) throws IOException {
        if (!disk.syncFileSystem(maildir.fresh())) {
            for (String name : names) {
                Path f = maildir.fresh().resolve(name + ".eml");
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    disk.force(ch, f);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a reader moved it on (to cur/) or deleted it: its rename is the reader's to make durable
                }
            }
            if (folderSync) {
                disk.forceFolder(maildir.fresh());
            }
        }
        Files.deleteIfExists(segment);
        if (folderSync) {
            disk.forceFolder(dir);
        }
    }

    /** Brings back what the segments a crash left hold (see the class comment), then checkpoints them. */
    private void recover() throws IOException {
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.getFileName().toString().matches("[0-9]{16}\\.log")).sorted().toList();
        }
        List<JournalRecords.Contents> read = new ArrayList<>();
        java.util.Set<String> takenBack = new java.util.HashSet<>(); // a record without content: see revoke
        for (Path seg : segments) {
            long number = Long.parseLong(seg.getFileName().toString().substring(0, 16));
            nextNumber = Math.max(nextNumber, number + 1);
            JournalRecords.Contents c = JournalRecords.read(seg);
            read.add(c);
            leftSegments++;
            leftMessages += (int) c.entries().stream().filter(e -> e.content().length > 0).count();
            cutSegments += c.ignoredBytes() > 0 ? 1 : 0;
            c.entries().stream().filter(e -> e.content().length == 0).forEach(e -> takenBack.add(e.name()));
        }
        java.util.Map<String, List<Path>> inCur = null; // cur/ by message file name, listed once when needed
        for (int i = 0; i < segments.size(); i++) {
            JournalRecords.Contents c = read.get(i);
            boolean sameBoot = !bootId.isEmpty() && bootId.equals(c.bootId());
            List<String> names = new ArrayList<>();
            for (JournalRecords.Entry e : c.entries()) {
                names.add(e.name());
                if (!sameBoot && !takenBack.contains(e.name())) {
                    if (inCur == null) {
                        inCur = curByName();
                    }
                    if (restore(e, inCur.getOrDefault(e.name() + ".eml", List.of()))) {
                        restored++;
                    }
                }
            }
            checkpoint(segments.get(i), names);
        }
    }

    /** Writes {@code e} into {@code new/} unless it is there or in {@code cur/} ({@code inCur}) with the same bytes. */
    private boolean restore(JournalRecords.Entry e, List<Path> inCur) throws IOException {
        String file = e.name() + ".eml";
        if (same(maildir.fresh().resolve(file), e.content())
                || inCur.stream().anyMatch(p -> same(p, e.content()))) {
            return false;
        }
        Path t = maildir.tmp().resolve(file);
        try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(e.content());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            disk.force(ch, t);
        }
        Files.move(t, maildir.fresh().resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** The files in {@code cur/} by the name they had in {@code new/} (before a reader's {@code :2,FLAGS}). */
    private java.util.Map<String, List<Path>> curByName() throws IOException {
        java.util.Map<String, List<Path>> m = new java.util.HashMap<>();
        try (Stream<Path> s = Files.list(maildir.cur())) {
            s.forEach(p -> {
                String n = p.getFileName().toString();
                int colon = n.indexOf(':');
                m.computeIfAbsent(colon < 0 ? n : n.substring(0, colon), k -> new ArrayList<>()).add(p);
            });
        }
        return m;
    }

    private static boolean same(Path p, byte[] content) {
        try {
            return Files.size(p) == content.length && java.util.Arrays.equals(Files.readAllBytes(p), content);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Closes the current segment (forced), checkpoints every closed one and waits for that (at most a minute; what
     * is not done stays in the journal for the next start), then deletes the empty segment. Idempotent.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // no appends from now on; those under way are covered by the rotation's sync
        }
        timer.shutdownNow();
        IOException failure = null;
        try {
            rotate();
        } catch (IOException e) {
            failure = e;
        }
        sync.close(); // what was appended meanwhile is synced first, its owners told
        Segment last;
        synchronized (this) {
            last = current;
        }
        checkpoints.shutdown();
        try {
            checkpoints.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        last.channel.close();
        if (last.names.isEmpty()) {
            Files.deleteIfExists(last.path);
        }
        unlock();
        if (failure != null) {
            throw failure;
        }
    }
}

package org.mailtrail.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mailtrail.engine.JourneyState;
import org.mailtrail.engine.QueueEntry;
import org.mailtrail.engine.QueueStore;
import org.mailtrail.export.AtomicFile;

/**
 * The lab's {@code --store}: every message in a host's queue as two files, {@code queue/HOST/KEY.eml} (the message as
 * it stands at that host) and {@code queue/HOST/KEY.json} (its envelope), written atomically before the host's 250
 * is sent and removed when the host is done with it. A lab started again on the same store delivers what is left.
 *
 * <p>The {@code .json} is written last and removed first: it makes the entry, and an {@code .eml} without it is not
 * read back. Stopping the lab interrupts its threads while they may be saving; a file channel closed by that
 * interrupt is written again, so a save that has begun ends whole (the interrupt is kept for the caller). Once the
 * lab has stopped ({@link #close}), after the save or removal under way, nothing changes the files any more: what a
 * task still running then would save or remove stays as it was, and the next lab finds whole entries only.
 */
final class LabStore implements QueueStore {
    /** The envelope of a stored queue entry. */
    record Envelope(String id, String host, String reversePath, List<String> pending, boolean bounce, int attempts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a file is written before interrupts that keep coming win. */
    private static final int MAX_WRITES = 10;

    private final Path dir;
    private final Consumer<Throwable> onError;
    private final Object lock = new Object();
    private boolean closed;

    LabStore(Path dir, Consumer<Throwable> onError) throws LabException {
        this.dir = dir;
        this.onError = onError;
        try {
            Files.createDirectories(dir.resolve("queue"));
        } catch (IOException e) {
            throw new LabException("--store " + dir + ": cannot make the folder: " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir.resolve("queue"))) {
            throw new LabException("--store " + dir + ": not writable");
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Writes the entry; false (and the reason reported) if it could not be written. The queue then keeps the copy
     * this entry replaces (a retry replaces the attempt before it), so a failed save loses nothing already kept.
     */
    @Override
    public boolean save(QueueEntry e) {
        Path host = dir.resolve("queue").resolve(safe(e.host()));
        synchronized (lock) {
            if (closed) {
                return true; // the lab has stopped: the store stays as it was, which is what the next lab reads
            }
            try {
                Files.createDirectories(host);
                write(host.resolve(safe(e.storeKey()) + ".eml"), e.content());
                write(host.resolve(safe(e.storeKey()) + ".json"), JSON.writeValueAsBytes(new Envelope(e.id(),
                        e.host(), e.reversePath(), e.pending(), e.bounce(), e.attempts())));
                return true;
            } catch (IOException x) {
                // an .eml written without its .json is not read back; one of an entry saved before stays with its .json
                onError.accept(new IOException("--store: cannot keep queue entry " + e.id() + " of " + e.host()
                        + " (" + x + "); " + e.host() + " still holds the message, and the copy of it kept before, if"
                        + " any, stays in " + dir + " until a later save succeeds", x));
                return false;
            }
        }
    }

    @Override
    public void remove(QueueEntry e) {
        Path host = dir.resolve("queue").resolve(safe(e.host()));
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                Files.deleteIfExists(host.resolve(safe(e.storeKey()) + ".json"));
                Files.deleteIfExists(host.resolve(safe(e.storeKey()) + ".eml"));
            } catch (IOException x) {
                onError.accept(x);
            }
        }
    }

    /** The lab has stopped: waits for the save or removal under way; later ones change nothing. */
    void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    /**
     * Writes a file whole even when this thread is (or gets) interrupted, as the lab's stop does once; the interrupt is
     * kept for the caller. Only a thread interrupted again and again gives up.
     */
    private static void write(Path file, byte[] bytes) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    AtomicFile.write(file, bytes);
                    return;
                } catch (ClosedByInterruptException x) {
                    // the channel was closed and the temporary file removed: clear the interrupt and write again
                    interrupted |= Thread.interrupted();
                    if (attempt == MAX_WRITES) {
                        throw x;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** What a previous lab left in the queues; each entry joins the journey {@code journeyFor} gives it. */
    List<QueueEntry> recover(java.util.function.Function<Envelope, JourneyState> journeyFor) throws LabException {
        List<QueueEntry> out = new ArrayList<>();
        Path queue = dir.resolve("queue");
        try (DirectoryStream<Path> hosts = Files.newDirectoryStream(queue)) {
            for (Path h : hosts) {
                if (!Files.isDirectory(h)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(h, "*.json")) {
                    for (Path f : files) {
                        Path eml = f.resolveSibling(f.getFileName().toString().replaceAll("\\.json$", ".eml"));
                        Envelope env;
                        byte[] content;
                        try {
                            env = JSON.readValue(f.toFile(), Envelope.class);
                            content = Files.readAllBytes(eml);
                        } catch (IOException x) {
                            throw new LabException("--store: " + f + " is damaged (" + damage(x) + "); move it"
                                    + " away to start the lab", x);
                        }
                        String key = f.getFileName().toString().replaceAll("\\.json$", "");
                        QueueEntry e = QueueEntry.recovered(key, env.id(), env.host(), env.reversePath(), env.pending(),
                                content, 0, env.bounce(), env.attempts(), journeyFor.apply(env));
                        out.add(e);
                    }
                }
            }
        } catch (IOException x) {
            throw new LabException("--store " + dir + ": " + x.getMessage(), x);
        }
        return out;
    }

    /** What is wrong with a queue file, in words: Jackson's own message without its source dump, with line:column. */
    static String damage(IOException x) {
        if (x instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            com.fasterxml.jackson.core.JsonLocation loc = j.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            String what = j.getOriginalMessage();
            int nl = what == null ? -1 : what.indexOf('\n');
            return where + (what == null ? "not valid JSON" : nl < 0 ? what : what.substring(0, nl));
        }
        if (x instanceof java.nio.file.NoSuchFileException) {
            return "its message file " + x.getMessage() + " is missing";
        }
        return x.getMessage();
    }

    /** A file name made of a host name or key: letters, digits, dot, hyphen. */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.-]", "_");
    }
}

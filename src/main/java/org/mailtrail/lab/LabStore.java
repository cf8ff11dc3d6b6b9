package org.mailtrail.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 */
final class LabStore implements QueueStore {
    /** The envelope of a stored queue entry. */
    record Envelope(String id, String host, String reversePath, List<String> pending, boolean bounce, int attempts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Consumer<Throwable> onError;

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

    @Override
    public void save(QueueEntry e) {
        Path host = dir.resolve("queue").resolve(safe(e.host()));
        try {
            Files.createDirectories(host);
            AtomicFile.write(host.resolve(safe(e.storeKey()) + ".eml"), e.content());
            AtomicFile.write(host.resolve(safe(e.storeKey()) + ".json"), JSON.writeValueAsBytes(new Envelope(e.id(),
                    e.host(), e.reversePath(), e.pending(), e.bounce(), e.attempts())));
        } catch (IOException x) {
            onError.accept(new IOException("--store: cannot keep queue entry " + e.id() + " of " + e.host() + ": "
                    + x.getMessage(), x));
        }
    }

    @Override
    public void remove(QueueEntry e) {
        Path host = dir.resolve("queue").resolve(safe(e.host()));
        try {
            Files.deleteIfExists(host.resolve(safe(e.storeKey()) + ".json"));
            Files.deleteIfExists(host.resolve(safe(e.storeKey()) + ".eml"));
        } catch (IOException x) {
            onError.accept(x);
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

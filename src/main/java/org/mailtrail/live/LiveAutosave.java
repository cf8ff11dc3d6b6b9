package org.mailtrail.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.AtomicFile;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.Redaction;

/**
 * Keeps a running live session safe on disk: a JSON session log (credentials redacted) rewritten atomically shortly
 * after each new step, in a recovery folder. A session that ends normally removes its file; a file left there means
 * the program stopped while a session ran, and the app offers it for recovery.
 */
public final class LiveAutosave implements AutoCloseable {
    /** How long after a step the file is rewritten: steps that come in a burst cost one write. */
    static final long DELAY_MILLIS = 200;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Supplier<SimulationResult> snapshot;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mailtrail-autosave");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile IOException failure;

    /** Starts saving {@code snapshot} to a new file in {@code dir} whenever {@code recorder} records a step. */
    public LiveAutosave(Path dir, LiveRecorder recorder, Supplier<SimulationResult> snapshot) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("live-" + NAME.format(recorder.start()) + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(System.identityHashCode(this)) + ".json");
        this.snapshot = snapshot;
        recorder.onEvent(e -> schedule());
    }

    /**
     * The recovery folder: the system property {@code mailtrail.recoveryDir}, else {@code $XDG_DATA_HOME/mailtrail/
     * recovery}, else {@code ~/.local/share/mailtrail/recovery}.
     */
    public static Path defaultDir() {
        String p = System.getProperty("mailtrail.recoveryDir");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("mailtrail").resolve("recovery");
    }

    /** Session files left behind by sessions that did not end, oldest first; none if the folder does not exist. */
    public static List<Path> pending(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "live-*.json")) {
            for (Path p : ds) {
                if (!stillRunning(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** True if the file belongs to a session of another Mail Trail process that is still running (its pid is alive). */
    private static boolean stillRunning(Path file) {
        String[] parts = file.getFileName().toString().split("-");
        if (parts.length < 5) {
            return false;
        }
        try {
            long pid = Long.parseLong(parts[3]);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The file this session saves to. */
    public Path file() {
        return file;
    }

    /** The last write failure, or null. */
    public IOException failure() {
        return failure;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::save, DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    private void save() {
        scheduled.set(false);
        try {
            AtomicFile.write(file, JsonSession.renderBytes(Redaction.redact(snapshot.get())));
        } catch (IOException e) {
            failure = e;
        } catch (UncheckedIOException e) {
            failure = e.getCause();
        }
    }

    /** Writes the latest state now (and waits for it). */
    public void flush() {
        try {
            writer.submit(this::save).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            failure = new IOException("autosave did not finish: " + e, e);
        }
    }

    /** The session ended normally: stop saving and remove the recovery file. */
    @Override
    public void close() {
        writer.shutdownNow();
        boolean interrupted = Thread.interrupted(); // a cancelled session's thread may carry the flag: wait anyway
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                failure = new IOException("autosave writer did not stop");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            try {
                Files.deleteIfExists(file); // after the writer stopped, so no write can bring it back
            } catch (IOException e) {
                failure = e;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

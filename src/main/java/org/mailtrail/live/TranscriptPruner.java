package org.mailtrail.live;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the session transcripts of a store within its {@link SessionRetention}: the newest {@code count} sessions
 * (by the time their files were written, then by id), or those younger than {@code maxAge}. A session's {@code .json}
 * goes with its {@code .txt} if it has one (stores written before the daily logs); a day's log of text transcripts
 * ({@link DailyTranscripts}) goes once every session in it is beyond the retention, that is when it was last written
 * to before the oldest session kept (or before the age limit): a log is not cut, so with a count up to a day's worth of
 * older text stays. Nothing else in the folder is touched, and the Maildir never. Runs when the receiver
 * starts and stops and on the watchdog's thread after transcripts were written (at most once a second), or once a
 * minute for the age limit; a file that cannot be deleted is left for the next round.
 */
final class TranscriptPruner {
    private static final long AGE_ROUND = TimeUnit.MINUTES.toNanos(1);
    private static final long WRITE_ROUND = TimeUnit.SECONDS.toNanos(1);

    private final Path dir;
    private final SessionRetention retention;
    private final AtomicBoolean written = new AtomicBoolean();
    private long last = System.nanoTime();

    TranscriptPruner(MaildirStore store, SessionRetention retention) {
        this.dir = store == null || retention.keepsAll() ? null : store.sessionsDir();
        this.retention = retention;
    }

    /** A transcript was written. */
    void written() {
        if (dir != null) {
            written.set(true);
        }
    }

    /** On the watchdog's thread: prunes when transcripts were written (or for the age limit) and it is time. */
    synchronized void tick() {
        if (dir == null) {
            return;
        }
        long now = System.nanoTime();
        boolean due = written.get() ? now - last >= WRITE_ROUND : retention.maxAge() != null && now - last >= AGE_ROUND;
        if (due) {
            prune();
        }
    }

    /** Deletes the transcripts beyond the retention now; returns how many sessions were removed. */
    synchronized int prune() {
        if (dir == null) {
            return 0;
        }
        written.set(false);
        last = System.nanoTime();
        Map<String, List<Path>> byId = new HashMap<>();
        Map<String, FileTime> times = new HashMap<>();
        Map<Path, FileTime> logs = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (DailyTranscripts.NAME.matcher(name).matches()) {
                    try {
                        logs.put(f, Files.getLastModifiedTime(f));
                    } catch (IOException e) {
                        // gone meanwhile
                    }
                    continue;
                }
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot);
                if (!ext.equals(".json") && !ext.equals(".txt")) {
                    continue;
                }
                String id = name.substring(0, dot);
                FileTime t;
                try {
                    t = Files.getLastModifiedTime(f);
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
                times.merge(id, t, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        } catch (IOException e) {
            return 0; // the folder is gone or unreadable: nothing to do now
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        ids.sort(Comparator.comparing((String id) -> times.get(id)).thenComparing(Comparator.naturalOrder()));
        int drop = retention.count() > 0 ? Math.max(0, ids.size() - retention.count()) : 0;
        long oldest = retention.maxAge() == null ? Long.MIN_VALUE
                : System.currentTimeMillis() - retention.maxAge().toMillis();
        int removed = 0;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (i < drop || times.get(id).toMillis() < oldest) {
                for (Path f : byId.get(id)) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        // left for the next round
                    }
                }
                removed++;
            }
        }
        // a log whose last transcript was written before the oldest session kept holds none that is kept
        long keptFrom = drop > 0 ? times.get(ids.get(drop)).toMillis() : Long.MIN_VALUE; // count > 0: drop < size
        long logsBefore = Math.max(keptFrom, oldest);
        for (Map.Entry<Path, FileTime> log : logs.entrySet()) {
            if (log.getValue().toMillis() < logsBefore) {
                try {
                    Files.deleteIfExists(log.getKey());
                } catch (IOException e) {
                    // left for the next round
                }
            }
        }
        return removed;
    }
}

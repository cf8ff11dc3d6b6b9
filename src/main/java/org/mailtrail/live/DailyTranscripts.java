package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * The text transcripts of a store's sessions, one log a day ({@code sessions/YYYY-MM-DD.log}, the UTC day the session
 * ended, as in the session ids): each session's transcript appended whole, in the order the sessions ended, after a
 * blank line. One file a day rather than one a session: a person reads, greps and follows ({@code tail -f}) one log,
 * as with a mail server's log, and a store of many small sessions does not spend a file (a disk block, a directory
 * entry, a rename) on each transcript; the session's JSON ({@code sessions/<id>.json}) stays a file of its own, as
 * it is what {@code export} and the app open. Not forced to disk (transcripts never were); a crash may cut the last
 * transcript short, and the next one then starts on a line of its own.
 *
 * <p>Safe for concurrent use. The day's file stays open until the day changes or {@link #close}; a transcript
 * appended after that opens and closes the file for itself.
 */
final class DailyTranscripts implements java.io.Closeable {
    /** The names of the daily logs. */
    static final Pattern NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.log");

    /** A blank line between two transcripts. */
    private static final byte[] SEPARATOR = {'\n'};

    private final Path dir;
    private LocalDate day;
    private FileChannel open;
    private boolean closed;

    DailyTranscripts(Path dir) {
        this.dir = dir;
    }

    /** The log of the day {@code end} falls on (UTC). */
    Path logOf(Instant end) {
        return dir.resolve(LocalDate.ofInstant(end, ZoneOffset.UTC) + ".log");
    }

    /** Appends the transcript of a session that ended at {@code end} to its day's log; returns that log. */
    synchronized Path append(Instant end, String text) throws IOException {
        LocalDate d = LocalDate.ofInstant(end, ZoneOffset.UTC);
        Path log = logOf(end);
        if (open != null && !d.equals(day)) {
            FileChannel was = open;
            open = null;
            was.close();
        }
        FileChannel ch = open;
        byte[] before = SEPARATOR;
        if (ch == null) {
            ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            try {
                before = separatorAfter(log);
            } catch (IOException e) {
                closeQuietly(ch);
                throw e;
            }
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        boolean ends = body.length > 0 && body[body.length - 1] == '\n';
        ByteBuffer b = ByteBuffer.allocate(before.length + body.length + 1).put(before).put(body);
        if (!ends) {
            b.put((byte) '\n');
        }
        b.flip();
        try {
            while (b.hasRemaining()) { // one write for the whole transcript: a reader never sees two interleaved
                ch.write(b);
            }
        } catch (IOException e) {
            closeQuietly(ch);
            open = null;
            throw e;
        }
        if (closed) {
            ch.close();
        } else {
            open = ch;
            day = d;
        }
        return log;
    }

    /**
     * What goes before the first transcript appended to a log just opened: nothing if it is empty, a blank line if
     * it ends a line, and a line end more if it does not (the transcript before was cut short by a crash).
     */
    private static byte[] separatorAfter(Path log) throws IOException {
        try (FileChannel r = FileChannel.open(log, StandardOpenOption.READ)) { // APPEND cannot be opened to read
            long size = r.size();
            if (size == 0) {
                return new byte[0];
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            boolean ends = r.read(last, size - 1) == 1 && last.get(0) == '\n';
            return ends ? SEPARATOR : new byte[] {'\n', '\n'};
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the failure that got us here is the one to report
        }
    }

    /** Closes the day's file. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (open != null) {
            FileChannel ch = open;
            open = null;
            ch.close();
        }
    }
}

package org.mailtrail.live;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.Redaction;
import org.mailtrail.export.TextTranscript;

/**
 * The end of a receiver session: its transcript written to the store as JSON and text, the text in the day's log
 * (secrets redacted, as in every export), and its final {@link ReceivedSession} reported to the receiver. A transcript that cannot be written is a
 * store problem, reported and kept on the session's own timeline.
 *
 * <p>The session's end is taken on its own thread ({@link #close}); rendering and writing the files, the expensive
 * part, runs on the receiver's {@link ArchiveWriter} when it has one, and the session is reported from there once its
 * files exist. The session's thread does not touch its record after handing it over.
 */
final class SessionArchive {
    private SessionArchive() {
    }

    /**
     * Closes the books of a session that has ended now and reports it to {@code owner}: at once when nothing is
     * written ({@code store} null) or {@code inline}, otherwise after its transcript was written on the archive
     * writer.
     */
    static void close(String id, MaildirStore store, SessionTally tally, LiveRecorder recorder, LiveConnection conn,
                      SmtpReceiver owner, boolean inline) {
        tally.endOpen();
        if (tally.closeReason().isEmpty()) {
            tally.closeReason("closed");
        }
        Instant end = recorder.instant(recorder.now());
        if (store == null || inline) {
            owner.finished(write(id, store, tally, end, conn, owner));
        } else {
            owner.archive(() -> owner.finished(write(id, store, tally, end, conn, owner)));
        }
    }

    /** Writes the transcript (if there is a store) and returns the final snapshot. */
    private static ReceivedSession write(String id, MaildirStore store, SessionTally tally, Instant end,
                                         LiveConnection conn, SmtpReceiver owner) {
        SimulationResult result = tally.result();
        Path json = null;
        Path text = null;
        if (store != null) {
            try {
                SimulationResult shown = Redaction.redact(result); // secrets hidden, as in every export
                Path[] p = store.writeSession(id, end, JsonSession.renderCompactBytes(shown),
                        TextTranscript.render(shown));
                json = p[0];
                text = p[1];
                owner.transcriptWritten();
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? MaildirStore.describe(io) : e.toString();
                String problem = "the transcript of session " + id + " could not be written: " + why;
                tally.addStoreProblem(problem);
                owner.storeProblem(problem);
                conn.error("server.store-failed", "RFC 5321 §6.1", problem, true);
                result = tally.result();
            }
        }
        return tally.finished(end, result, json, text);
    }
}

package org.mailtrail.live;

import java.util.List;
import org.mailtrail.export.Redaction;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;

/**
 * The timeline of a receiver session as it happens: every command line (control characters escaped, credentials
 * never kept: {@link AuthRedaction}), the message data (up to a budget, so that a session's transcript stays bounded),
 * every reply, and what became of each message (RFC 5321 §4.4 trace fields, §6.1 responsibility).
 */
final class SessionLog {
    private final LiveRecorder recorder;
    private final LiveConnection conn;
    private final String clientName;
    private final String hostname;
    /** Octets of message data the transcript may hold: twice the largest message, at least 1 MiB. */
    private final long transcriptBudget;
    private final AuthRedaction auth = new AuthRedaction();
    private long transcriptKept;
    private boolean trimmedData;

    SessionLog(LiveRecorder recorder, LiveConnection conn, String clientName, String hostname, long maxMessageSize) {
        this.recorder = recorder;
        this.conn = conn;
        this.clientName = clientName;
        this.hostname = hostname;
        this.transcriptBudget = Math.max(2 * maxMessageSize, 1L << 20);
    }

    /** A command line read at {@code at}. */
    void command(ServerEvent.CommandReceived c, long read) {
        // a pipelined command (RFC 2920) is handled after the replies to those before it in the same read, and after
        // the disk had the message it follows: it is recorded then, so that the timeline's times never go back
        long at = Math.max(read, recorder.latest());
        Command cmd = c.command();
        if (auth.hides(cmd)) {
            // the line is answered as an unknown command, but never kept
            recorder.add(at, at, EventKind.SMTP_COMMAND, clientName, hostname, "C: " + Redaction.MASK,
                    List.of(Redaction.MASK), "server.bad-command", "RFC 4954 §4", Details.builder()
                            .putAll(conn.details(true)).put("redacted", "true").build());
            return;
        }
        String line = LiveConnection.printable(c.line());
        if (cmd == null) {
            recorder.add(at, at, EventKind.SMTP_COMMAND, clientName, hostname, "C: " + line, List.of(line),
                    "server.bad-command", "RFC 5321 §4.1", conn.details(true));
            return;
        }
        conn.command(at, cmd, List.of(AuthRedaction.shown(cmd, line)), false, cmd.verb().equals("AUTH"));
    }

    /** The message data read by {@code at}: kept while the budget lasts, otherwise only counted. */
    void data(ServerEvent.DataReceived d, long read) {
        long at = Math.max(read, recorder.latest()); // data sent with its DATA command is handled after the 354
        long octets = 0;
        for (String l : d.lines()) {
            octets += l.length() + 2;
        }
        if (transcriptKept + 2 * octets <= transcriptBudget) {
            transcriptKept += 2 * octets; // the data lines here, and the stored message in the session log
            trimmedData = false;
            conn.command(at, null, d.lines(), false, false);
            return;
        }
        trimmedData = true;
        String note = "(the message data, " + octets + " octets in " + Math.max(0, d.lines().size() - 1)
                + " lines, is not kept in this transcript: the session's transcript already holds "
                + transcriptKept + " octets)";
        recorder.add(at, at + conn.halfRtt(), EventKind.SMTP_COMMAND, clientName, hostname,
                "C: <message data, " + Math.max(0, d.lines().size() - 1) + " lines, ending with \".\">",
                List.of(note, "."), "smtp.cmd.data-content", "RFC 5321 §4.5.2", conn.details(true));
    }

    /** True if the last message's data was not kept (then neither is the message in the log). */
    boolean trimmedData() {
        return trimmedData;
    }

    /** A reply as written now. */
    void reply(Reply reply) {
        reply(recorder.now(), reply);
    }

    /** A reply the server wrote at {@code time}. */
    void reply(long time, Reply reply) {
        conn.reply(time, reply, reply.wireLines());
    }

    /** A bare LF or CR from the client (RFC 5321 §2.3.8): what it was, before the 521 that refuses it. */
    void bareLineEnd(ServerEvent.BareLineEnd b) {
        conn.error("server.bare-line-end", "RFC 5321 §2.3.8", b.describe(), true);
    }

    /** The message was refused after its data, for {@code why}. */
    void refused(String why) {
        conn.error("server.refused-message", "RFC 5321 §6.1", why, true);
    }

    /** The message was stored: its Received: line and the hand-over of responsibility, before the 250 goes out. */
    void accepted(MessageIntake.Accepted a) {
        Details.Builder d = Details.builder().put(Details.QUEUE_ID, a.queueId()).put("with", a.with())
                .put("hop", Integer.toString(a.hops() + 1));
        recorder.local(EventKind.RECEIVED_ADDED, hostname, "Received: header added by " + hostname,
                MessageText.crlfLines(a.receivedField()), "received.added", "RFC 5321 §4.4", d.build());
        long now = recorder.now();
        List<String> rcpts = a.t().recipients();
        recorder.add(now, now, EventKind.MESSAGE_ACCEPTED, clientName, hostname,
                hostname + " takes responsibility for the message (queue id " + a.queueId() + ")",
                List.of("MAIL FROM:<" + a.t().reversePath() + ">", "RCPT TO:<" + String.join(">, <", rcpts) + ">"),
                "message.accepted", "RFC 5321 §6.1", Details.builder().put(Details.QUEUE_ID, a.queueId())
                        .put("from", a.t().reversePath()).put("recipients", String.join(",", rcpts))
                        .put("size", Integer.toString(a.content().length)).build());
    }

    /** The 250 for the message went out: it is delivered to the mailbox, {@code where} it is kept. */
    void delivered(MessageIntake.Accepted a, String where, int storedNow) {
        long now = recorder.now();
        Details.Builder d = Details.builder().put(Details.MAILBOX, String.join(",", a.t().recipients()))
                .put(Details.STORE, hostname).put(Details.QUEUE_ID, a.queueId()).put("messages", Integer.toString(storedNow));
        if (a.file() != null) {
            d.put("file", a.file().toString());
        }
        recorder.add(now, now, EventKind.DELIVERED, hostname, hostname,
                "Message " + a.queueId() + " for " + String.join(", ", a.t().recipients()) + " " + where,
                List.of(a.returnPath().strip(), where), "delivered", "RFC 5321 §4.4", d.build());
    }
}

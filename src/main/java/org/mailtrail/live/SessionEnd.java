package org.mailtrail.live;

import java.time.Duration;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerState;
import org.mailtrail.smtp.SmtpServer;

/**
 * How a receiver session ends, in the transcript and in its record: the server's own close after 221 or 421, or the
 * ways the transport ends it (the client gone, the idle timeout, shutdown, too long a session, a fault of ours),
 * each with its last reply where the client may still read one (RFC 5321 §3.8, §4.5.3.2.7) and the reason kept in
 * the {@link SessionTally}. An unfinished message is always dropped: nothing is stored unless its data was complete.
 */
final class SessionEnd {
    /** Writes and flushes a last reply; false if the client is gone already. */
    interface LastReply {
        boolean send(Reply reply);
    }

    private static final String DROPPED = "; the incomplete message was discarded, nothing was stored";

    private final SmtpServer server;
    private final LiveConnection conn;
    private final SessionLog log;
    private final SessionTally tally;
    private final String hostname;
    private final Duration idleTimeout;
    private final LastReply last;
    private int lastReplyCode;

    SessionEnd(SmtpServer server, LiveConnection conn, SessionLog log, SessionTally tally, String hostname,
               Duration idleTimeout, LastReply last) {
        this.server = server;
        this.conn = conn;
        this.log = log;
        this.tally = tally;
        this.hostname = hostname;
        this.idleTimeout = idleTimeout;
        this.last = last;
    }

    /** A reply with this code went out. */
    void replied(int code) {
        lastReplyCode = code;
    }

    /** The server closed after its last reply: 221 to QUIT, or 421 after too many errors. */
    void serverClosed() {
        tally.closeReason(lastReplyCode == 221 ? "QUIT" : "closed by the server after " + lastReplyCode
                + (lastReplyCode == 421 ? " (too many errors)" : ""));
        conn.closed(false);
    }

    /** No command or data within the idle timeout (RFC 5321 §4.5.3.2.7): 421 4.4.2. */
    void timedOut() {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("server.idle-timeout", "RFC 5321 §4.5.3.2.7", (inData ? "no more of the message data" : "no command")
                + " came from the client within " + MessageText.seconds(idleTimeout) + " (the server's idle timeout)"
                + (inData ? DROPPED : ""), true);
        sendLast(Reply.of(421, "4.4.2 " + hostname + " Error: timeout exceeded"));
        conn.closed(false);
        tally.closeReason("idle timeout");
    }

    /** The client closed the connection (without QUIT, or in the middle of the data). */
    void clientClosed() {
        ServerState state = server.state();
        server.connectionClosed();
        if (state == ServerState.DATA) {
            conn.error("smtp.session.closed", "RFC 5321 §6.1", "the client closed the connection in the middle of the "
                    + "message data: the incomplete message was discarded, nothing was stored", true);
            tally.closeReason("client closed the connection during DATA");
        } else {
            tally.closeReason("client closed the connection without QUIT");
        }
        conn.closed(true);
    }

    /** The connection failed, for {@code why}. */
    void lost(String why) {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("smtp.session.closed", "RFC 5321 §3.8", why + (inData ? DROPPED : ""), true);
        conn.closed(true);
        tally.closeReason("connection lost");
    }

    /** The receiver is shutting down: 421 4.3.2. */
    void shuttingDown() {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("smtp.session.closed", "RFC 5321 §3.8", "the server is shutting down" + (inData ? DROPPED : ""), true);
        sendLast(Reply.of(421, "4.3.2 " + hostname + " Service shutting down, try again later"));
        conn.closed(false);
        tally.closeReason("server shutting down");
    }

    /** The session's timeline has more than {@code maxEvents} steps: 421 4.7.0, to bound its memory. */
    void tooLong(int maxEvents) {
        server.connectionClosed();
        conn.error("server.too-long", "RFC 5321 §4.5.3", "this session has more than " + maxEvents
                + " steps on its timeline: the server ends it to bound its memory", true);
        sendLast(Reply.of(421, "4.7.0 " + hostname + " Error: too many commands in one session, start a new one"));
        conn.closed(false);
        tally.closeReason("too many commands");
    }

    /** A connection beyond the limit of {@code maxConnections}: 421 4.7.0 at once. */
    void turnedAway(int maxConnections) {
        server.connectionClosed();
        conn.error("server.turned-away", "RFC 5321 §3.8", "already " + maxConnections
                + " connections open (the limit): this one is turned away", true);
        sendLast(Reply.of(421, "4.7.0 " + hostname + " Too many connections, try again later"));
        conn.closed(false);
        tally.closeReason("too many connections");
    }

    /** A fault of ours: the transcript is kept and the client told to come back later (421 4.3.0). */
    void internalError(RuntimeException e) {
        conn.error("smtp.protocol-error", "RFC 5321 §4.2", "internal error in the receiver: " + e, true);
        tally.closeReason("internal error");
        server.connectionClosed();
        sendLast(Reply.of(421, "4.3.0 " + hostname + " Error: internal error, try again later"));
        conn.closed(false);
    }

    private void sendLast(Reply r) {
        if (last.send(r)) {
            log.reply(r);
            lastReplyCode = r.code();
        }
    }
}

package org.mailtrail.live;

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
    private final LastReply last;
    private int lastReplyCode;
    /** The server ended the session while the client may still be sending: its close lingers ({@link Lingerer}). */
    private boolean lingers;

    SessionEnd(SmtpServer server, LiveConnection conn, SessionLog log, SessionTally tally, String hostname,
               LastReply last) {
        this.server = server;
        this.conn = conn;
        this.log = log;
        this.tally = tally;
        this.hostname = hostname;
        this.last = last;
    }

    /** A reply with this code went out. */
    void replied(int code) {
        lastReplyCode = code;
    }

    /** The server closed after its last reply: 221 to QUIT, 421 after too many errors, 521 to a bare CR or LF. */
    void serverClosed() {
        lingers = lastReplyCode != 221;
        tally.closeReason(lastReplyCode == 221 ? "QUIT" : "closed by the server after " + lastReplyCode
                + (lastReplyCode == 421 ? " (too many errors)" : lastReplyCode == 521 ? " (bare CR or LF)" : ""));
        conn.closed(false);
    }

    /**
     * A limit ran out (RFC 5321 §4.5.3.2): no command or data within the idle timeout, a command line or the data of
     * a message not complete within its deadline; 421 4.4.2.
     */
    void timedOut(ReadDeadline.Expiry e) {
        lingers = true;
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        String what;
        if (e.kind() == ReadDeadline.Kind.IDLE) {
            what = (inData ? "no more of the message data" : e.partial() ? "no more of the command line it had begun"
                    : "no command") + " came from the client within " + MessageText.seconds(e.limit())
                    + " (the server's idle timeout)";
        } else if (e.kind() == ReadDeadline.Kind.COMMAND) {
            what = "the client did not complete its command line within " + MessageText.seconds(e.limit())
                    + " (the server's deadline per command, counted from when it began to wait for the line, not"
                    + " reset by each byte)";
        } else {
            what = "the client did not complete the message data within " + MessageText.seconds(e.limit())
                    + " (the server's deadline for the data, counted from the 354, not reset by each byte)";
        }
        conn.error("server.idle-timeout", "RFC 5321 §4.5.3.2.7", what + e.stressNote() + (inData ? DROPPED : ""),
                true);
        sendLast(Reply.of(421, "4.4.2 " + hostname + " Error: timeout exceeded"));
        conn.closed(false);
        tally.closeReason(e.reason());
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

    /** The receiver is shutting down: 421 4.3.2 (the close lingers where the input is still open: on a loop). */
    void shuttingDown() {
        lingers = true;
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("smtp.session.closed", "RFC 5321 §3.8", "the server is shutting down" + (inData ? DROPPED : ""), true);
        sendLast(Reply.of(421, "4.3.2 " + hostname + " Service shutting down, try again later"));
        conn.closed(false);
        tally.closeReason("server shutting down");
    }

    /** The session's timeline has more than {@code maxEvents} steps: 421 4.7.0, to bound its memory. */
    void tooLong(int maxEvents) {
        lingers = true;
        server.connectionClosed();
        conn.error("server.too-long", "RFC 5321 §4.5.3", "this session has more than " + maxEvents
                + " steps on its timeline: the server ends it to bound its memory", true);
        sendLast(Reply.of(421, "4.7.0 " + hostname + " Error: too many commands in one session, start a new one"));
        conn.closed(false);
        tally.closeReason("too many commands");
    }

    /**
     * A connection turned away by the {@link Doorkeeper}: its {@code 421} was written at {@code toldAt} or, null, could
     * not be; with TLS on connect none was (it could only follow a handshake).
     */
    void turnedAway(Doorkeeper.Refusal refusal, boolean tlsOnConnect, Long toldAt) {
        if (tlsOnConnect) {
            turnedAway(refusal.why() + "; closed without a reply: with TLS on connect a reply could only follow a TLS "
                    + "handshake", null, null, refusal.reason());
        } else {
            turnedAway(refusal.why() + (toldAt != null ? "" : "; the 421 could not be written"), refusal.reply(),
                    toldAt, toldAt != null ? refusal.reason() : "connection lost");
        }
    }

    /**
     * A connection turned away with {@code 421}: {@code why} says why (too many connections, too many from this
     * client, too many commands); {@code sentAt}: the reply was written already at that time (by the thread that
     * accepted the connection, or the watchdog), null: it is sent now; {@code reply} null: none is sent.
     */
    void turnedAway(String why, Reply reply, Long sentAt, String reason) {
        server.connectionClosed();
        if (sentAt != null) {
            conn.error(sentAt, "server.turned-away", "RFC 5321 §3.8", why, true);
            log.reply(sentAt, reply);
            lastReplyCode = reply.code();
        } else {
            conn.error("server.turned-away", "RFC 5321 §3.8", why, true);
            if (reply != null) {
                sendLast(reply);
            }
        }
        conn.closed(false);
        tally.closeReason(reason);
        tally.turnedAway();
    }

    /** Too many commands per minute from this client's address: 421 4.7.0 and the connection is closed. */
    void rateLimited(int perMinute) {
        lingers = true;
        turnedAway("more than " + perMinute + " commands in a minute from this client's address (the server's "
                + "limit per client): the connection is closed", Reply.of(421, "4.7.0 " + hostname
                + " Error: too many commands from your address, try again later"), null, "too many commands per minute");
    }

    /** A fault of ours: the transcript is kept and the client told to come back later (421 4.3.0). */
    void internalError(RuntimeException e) {
        lingers = true;
        conn.error("smtp.protocol-error", "RFC 5321 §4.2", "internal error in the receiver: " + e, true);
        tally.closeReason("internal error");
        server.connectionClosed();
        sendLast(Reply.of(421, "4.3.0 " + hostname + " Error: internal error, try again later"));
        conn.closed(false);
    }

    /** True when the session's connection is to be closed lingering (see {@link Lingerer}). */
    boolean lingers() {
        return lingers;
    }

    private void sendLast(Reply r) {
        if (last.send(r)) {
            log.reply(r);
            lastReplyCode = r.code();
        }
    }
}

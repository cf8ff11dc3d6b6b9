package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.smtp.SmtpServer;

/**
 * What the {@link SmtpServer}'s events mean for one receiver session: replies go on the wire and the timeline, the
 * typed transaction events (RFC 5321 §3.3) to the {@link SessionTally}, messages through the {@link MessageIntake};
 * STARTTLS hands over to TLS ({@link ReceiverTls}), on a thread when the session is on an event loop.
 *
 * <p>Exactly once: the reply to a stored message is flushed at once, and if it cannot be written the stored copy is
 * taken back (see {@link ReceiverSession}).
 */
final class SessionEvents {
    private final SmtpServer server;
    private final SessionWire wire;
    private final SessionLog log;
    private final SessionTally tally;
    private final MessageIntake intake;
    private final SessionEnd ending;
    private final ReceiverTls tls;
    private final LiveConnection conn;
    private final SmtpReceiver owner;
    private final InetAddress client;
    /** Frees the session's connection slot: run before the server's last reply goes out (see {@link #drain}). */
    private final Runnable leaving;
    /** On the loop: STARTTLS was accepted, the handshake (which blocks) is to be done on a thread. */
    private boolean tlsNext;
    /**
     * On the loop: the stored message whose 250 waits for the journal's sync; the server's events from its
     * MessageReceived on wait with it ({@link #settled}).
     */
    private MessageIntake.Accepted waiting;

    SessionEvents(SmtpServer server, SessionWire wire, SessionLog log, SessionTally tally, MessageIntake intake,
                  SessionEnd ending, ReceiverTls tls, LiveConnection conn, SmtpReceiver owner, InetAddress client,
                  Runnable leaving) {
        this.server = server;
        this.wire = wire;
        this.log = log;
        this.tally = tally;
        this.intake = intake;
        this.ending = ending;
        this.tls = tls;
        this.conn = conn;
        this.owner = owner;
        this.client = client;
        this.leaving = leaving;
    }

    /** True when a TLS handshake waits to be done on a thread. */
    boolean tlsNext() {
        return tlsNext;
    }

    /** On a thread now: does the handshake that waited, then goes on with the events; false when the session is over. */
    boolean tlsOnThread(long readAt) {
        tlsNext = false;
        return tls.handOver(wire, server, tally, ending) && drain(readAt);
    }

    /** Handles the server's events until it needs data; false when the connection is over. */
    boolean drain(long readAt) {
        for (;;) {
            ServerEvent e = server.nextEvent();
            if (e instanceof ServerEvent.NeedData) {
                return flush();
            } else if (e instanceof ServerEvent.CommandReceived c) {
                log.command(c, readAt);
                if (!owner.commandAllowed(client)) { // too many from this address: the rest is not answered
                    if (!flush()) {
                        return false;
                    }
                    ending.rateLimited(owner.config().guards().commandsPerMinute());
                    return false;
                }
            } else if (e instanceof ServerEvent.Send s) {
                if (s.reply().code() == 354) {
                    tally.dataBegun();
                }
                if (!send(s.reply(), s.bytes())) {
                    return false;
                }
            } else if (e instanceof ServerEvent.RecipientAccepted r) {
                tally.accepted(r.recipient());
            } else if (e instanceof ServerEvent.TransactionStarted t) {
                tally.started(t);
            } else if (e instanceof ServerEvent.TransactionReset r) {
                tally.reset(r);
            } else if (e instanceof ServerEvent.RecipientRefused r) {
                tally.refused(r.recipient(), r.reply());
            } else if (e instanceof ServerEvent.DataReceived d) {
                intake.dataEnded();
                log.data(d, readAt);
            } else if (e instanceof ServerEvent.BareLineEnd b) {
                log.bareLineEnd(b);
            } else if (e instanceof ServerEvent.MessageReceived m) {
                intake.received(m.transaction());
                MessageIntake.Accepted a = intake.pending();
                if (a != null && wire.isOnLoop() && intake.mustWait(a)) {
                    waiting = a; // the loop parks the session until the disk has it (EventLoop)
                    return true;
                }
                messageReceived(a);
            } else if (e instanceof ServerEvent.StartTls) {
                if (!flush()) {
                    return false;
                }
                if (wire.isOnLoop()) {
                    tlsNext = true; // the handshake blocks: it is done on a thread (ReceiverSession.continueOnThread)
                    return true;
                }
                if (!tls.handOver(wire, server, tally, ending)) {
                    return false;
                }
            } else { // Close, after 221 or 421
                // the slot is free before the 221 can reach the client: one that connects again as soon as it has
                // read it is within the limit (with the slot freed only once the socket was closed, a client
                // sending one message per connection was turned away with 421 as if it held two; tester finding)
                leaving.run();
                if (!flush()) {
                    return false;
                }
                ending.serverClosed();
                return false;
            }
        }
    }

    /** True when the session waits for its message to be on disk before its 250 (see {@link #settled}). */
    boolean waitsForDisk() {
        return waiting != null;
    }

    /** Runs {@code done} once the message waited for is on disk, or its sync failed. */
    void whenDurable(SyncBatches.Done done) {
        intake.whenDurable(waiting, done);
    }

    /**
     * The message waited for is on disk ({@code failure} null: its 250 goes out) or could not be made durable (its
     * copy is taken back and a 451 goes out instead); the events after it are handled. False when the session is over.
     */
    boolean settled(IOException failure, long readAt) {
        MessageIntake.Accepted a = waiting;
        waiting = null;
        if (failure == null) {
            messageReceived(a);
        } else {
            log.refused(intake.notDurable(failure));
        }
        return drain(readAt);
    }

    /**
     * The session ends while its message waits for the disk ({@code why}: the server stops, or cut the connection
     * off): no 250 went out, so its copy and any other stored for the session without a reply are taken back; how the
     * session ends is for the caller to record.
     */
    void abandonWaiting(String why) {
        MessageIntake.Accepted a = waiting;
        if (a != null) {
            waiting = null;
            conn.error("smtp.session.closed", "RFC 5321 §6.1", intake.takeBackBecause(a, why + " before the 250 for"
                    + " queue id " + a.queueId() + " could be sent"), true);
            tally.notDelivered("the 250 did not reach the client");
            takeBackUnanswered(why);
        }
    }

    private void messageReceived(MessageIntake.Accepted a) {
        if (a != null) {
            log.accepted(a);
            return;
        }
        String refusal = intake.takeRefusal();
        if (refusal != null) {
            log.refused(refusal);
        }
    }

    /** Writes one reply; the reply to a stored message is flushed at once. */
    private boolean send(Reply reply, byte[] bytes) {
        boolean dataReply = intake.awaitingReply();
        MessageIntake.Accepted a = dataReply ? intake.pending() : null;
        Reply instead = dataReply ? intake.replacement() : null;
        if (instead != null) { // the message could not be made durable after the server decided its 250
            reply = instead;
            bytes = instead.toBytes();
        }
        try {
            wire.write(bytes, a != null);
        } catch (IOException e) {
            if (a != null) {
                server.connectionClosed();
                unstore(a, e);
            } else {
                ending.lost("the connection failed while sending the reply: " + ReceiverTls.message(e));
            }
            return false;
        }
        ending.replied(reply.code());
        log.reply(reply);
        if (dataReply) {
            intake.replied();
            if (a != null) {
                int storedNow = tally.stored(a.file());
                owner.messageStored();
                String where = intake.where(a);
                log.delivered(a, where, storedNow);
                tally.delivered(a, where, !log.trimmedData());
            } else {
                tally.finalReply(reply);
            }
        }
        return true;
    }

    /** The 250 for a stored message could not be sent: the client will retry, so the copy is taken back. */
    private void unstore(MessageIntake.Accepted a, IOException e) {
        conn.error("smtp.session.closed", "RFC 5321 §6.1", intake.takeBack(a, ReceiverTls.message(e)), true);
        tally.notDelivered("the 250 did not reach the client");
        takeBackUnanswered("the connection failed");
        conn.closed(false);
        tally.closeReason("connection lost while sending the 250");
    }

    /**
     * The session ends: every message stored for it whose 250 never went out is taken back and said so (a client
     * that sent two messages in one write and lost the connection sends both again).
     */
    void takeBackUnanswered(String why) {
        for (String words : intake.takeBackUnanswered(why)) {
            conn.error("smtp.session.closed", "RFC 5321 §6.1", words, true);
        }
    }

    private boolean flush() {
        try {
            wire.flush();
            return true;
        } catch (IOException e) {
            ending.lost("the connection failed while sending: " + ReceiverTls.message(e));
            return false;
        }
    }
}

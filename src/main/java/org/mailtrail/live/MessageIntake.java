package org.mailtrail.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.engine.TraceFields;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.Transaction;

/**
 * What the receiver does with a complete message (RFC 5321 §4.1.1.4, §6.1): refuse a looping one (§6.3), give it a
 * queue id, prepend the trace fields ({@link ReceivedLine}) and store it in the Maildir before the 250 is sent,
 * or take the stored copy back when that 250 cannot be sent (see {@link ReceiverSession} on exactly once).
 *
 * <p>The decision is made when the {@link org.mailtrail.smtp.SmtpServer} asks ({@link #decide}), and picked up
 * when its MessageReceived event is handled ({@link #received}): a client that does not wait for replies can put
 * two whole messages in one read, and both are decided before either reply goes out.
 */
final class MessageIntake {
    /** RFC 5321 §6.3: a message with this many Received: lines is looping. */
    static final int MAX_HOPS = 100;

    /**
     * A message that was stored and waits for its 250 to go out; {@code change}: its journal record, not yet known to
     * be on disk (a session on an event loop), or 0.
     */
    record Accepted(String queueId, String receivedField, String returnPath, Transaction t, byte[] content,
                    Path file, String with, int hops, long change) {
    }

    /** The final reply to a message whose journal sync failed after it was decided (it replaces the 250). */
    static final Reply NOT_STORED = Reply.of(451, "4.3.0 Error: cannot store the message, try again later");

    private final SmtpReceiver owner;
    private final MaildirStore store;
    private final SessionTally tally;
    private final LiveRecorder recorder;
    private final String id;
    private final String clientName;
    private final String hostname;
    /** True while the session is on an event loop: a message is stored without waiting for the disk there. */
    private final java.util.function.BooleanSupplier onLoop;
    private int messageNumber;
    /** What {@link #decide} said for each transaction (an Accepted or the words of a refusal), until received. */
    private final Map<Transaction, Object> decided = new IdentityHashMap<>();
    /** The data has ended: the next reply is the final one for the message. */
    private boolean awaitingReply;
    private Accepted pending;
    private String refusal;
    /** The reply that goes out instead of the 250 the server decided (its message could not be made durable). */
    private Reply replacement;

    MessageIntake(SmtpReceiver owner, MaildirStore store, SessionTally tally, LiveRecorder recorder, String id,
                  String clientName, String hostname, java.util.function.BooleanSupplier onLoop) {
        this.owner = owner;
        this.store = store;
        this.tally = tally;
        this.recorder = recorder;
        this.id = id;
        this.clientName = clientName;
        this.hostname = hostname;
        this.onLoop = onLoop;
    }

    /** The final reply to a message (the ServerPolicy hook): stored and 250, or refused. */
    Reply decide(Transaction t) {
        int hops = MessageComposer.countReceived(t.content());
        if (hops >= MAX_HOPS) {
            decided.put(t, "the message already has " + hops + " Received: lines: a mail loop (RFC 5321 §6.3); refused");
            return Reply.of(554, "5.4.6 Error: too many hops (" + hops + " Received: lines), a mail loop?");
        }
        String queueId = id + "." + (++messageNumber);
        Instant when = recorder.instant(recorder.now());
        String with = TraceFields.with(t.esmtp(), t.tls());
        String received = TraceFields.received(t.heloName(), null, clientName, hostname, "Mail Trail", with, queueId,
                t.recipients(), when);
        String returnPath = TraceFields.returnPath(t.reversePath());
        byte[] content = MessageComposer.prepend(returnPath + received, t.content());
        Path file = null;
        long change = 0;
        if (store != null) {
            try {
                if (onLoop.getAsBoolean()) { // its 250 waits for the journal's sync, the loop does not (EventLoop)
                    MaildirStore.Placed p = store.place(queueId, content);
                    file = p.file();
                    change = p.change();
                } else {
                    file = store.deliver(queueId, content);
                }
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? MaildirStore.describe(io) : e.toString();
                String problem = "message " + queueId + " could not be stored: " + why;
                tally.storeError(problem);
                owner.storeProblem(problem);
                decided.put(t, problem + "; the client is told to try again later");
                return NOT_STORED;
            }
        }
        decided.put(t, new Accepted(queueId, received, returnPath, t, content, file, with, hops, change));
        return Reply.of(250, "2.0.0 Ok: queued as " + queueId);
    }

    /** The data ended: the next reply is the final one (set again by {@link #received} unless refused outright). */
    void dataEnded() {
        awaitingReply = true;
        pending = null;
        refusal = null;
        replacement = null;
    }

    /** True when {@code a}'s 250 must wait for the journal's sync (see {@link #whenDurable}). */
    boolean mustWait(Accepted a) {
        return a.change() != 0 && store != null && !store.isDurable(a.change());
    }

    /** Runs {@code done} once {@code a}'s journal record is on disk or its sync failed. */
    void whenDurable(Accepted a, SyncBatches.Done done) {
        store.whenDurable(a.change(), done);
    }

    /**
     * The pending message could not be made durable: its copy is taken out of {@code new/} again, the refusal noted
     * and {@link #NOT_STORED} goes out instead of its 250; returns what happened, in words.
     */
    String notDurable(IOException failure) {
        Accepted a = pending;
        String problem = "message " + a.queueId() + " could not be stored: the journal could not be forced to disk ("
                + MaildirStore.describe(failure) + ")";
        try {
            String note = store.takeBack(a.queueId(), a.file());
            problem += note == null ? "" : "; " + note;
        } catch (IOException e) {
            problem += "; its copy " + a.file() + " could not be removed: " + MaildirStore.describe(e);
        }
        tally.storeError(problem);
        owner.storeProblem(problem);
        pending = null;
        refusal = problem + "; the client is told to try again later";
        replacement = NOT_STORED;
        return refusal;
    }

    /** The reply that goes out instead of the one the server decided, or null. */
    Reply replacement() {
        return replacement;
    }

    /** The server's MessageReceived: what was decided for {@code t} becomes pending until its reply is sent. */
    void received(Transaction t) {
        Object o = decided.remove(t);
        pending = o instanceof Accepted a ? a : null;
        refusal = o instanceof String r ? r : null;
    }

    /** The stored message waiting for its 250, or null. */
    Accepted pending() {
        return pending;
    }

    /** Why the pending message was refused (once), or null. */
    String takeRefusal() {
        String r = refusal;
        refusal = null;
        return r;
    }

    /** True while the next reply is the final reply to a message. */
    boolean awaitingReply() {
        return awaitingReply;
    }

    /** The final reply went out. */
    void replied() {
        awaitingReply = false;
        pending = null;
        replacement = null;
    }

    /**
     * Takes back every message stored for this session whose final reply never went out: those decided after the one
     * whose 250 failed, in the same read from a client that does not wait for replies, and one still waiting for its
     * reply when the session ends. Returns what happened to each, in words.
     */
    java.util.List<String> takeBackUnanswered(String why) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.List<Accepted> left = new java.util.ArrayList<>();
        if (pending != null && awaitingReply) {
            left.add(pending);
        }
        for (Object o : decided.values()) {
            if (o instanceof Accepted a) {
                left.add(a);
            }
        }
        decided.clear();
        for (Accepted a : left) {
            out.add(takeBackBecause(a, "the 250 for queue id " + a.queueId() + " never went out (" + why + ")"));
        }
        return out;
    }

    /** Where the message is kept, in words. */
    String where(Accepted a) {
        return a.file() != null ? "stored as " + relative(a.file()) : "kept in memory (no store)";
    }

    /**
     * The 250 for a stored message could not be sent: the client will send it again, so the copy is taken back;
     * one that cannot be removed still counts as stored. Returns what happened, in words.
     */
    String takeBack(Accepted a, String failure) {
        return takeBackBecause(a, "the connection failed while sending the 250 for queue id " + a.queueId() + " ("
                + failure + ")");
    }

    /**
     * Takes back the copy of {@code a}, whose 250 did not go out for the reason {@code why} (a sentence that names the
     * queue id); returns what happened, in words.
     */
    String takeBackBecause(Accepted a, String why) {
        if (a == pending) {
            pending = null; // taken back once
        }
        if (a.file() != null) {
            try {
                String note = store.takeBack(a.queueId(), a.file());
                why += "; the stored copy was removed, as the client did not get the 250 and will send it again"
                        + (note == null ? "" : "; " + note);
            } catch (IOException ex) {
                why += "; the stored copy " + a.file() + " could not be removed: " + MaildirStore.describe(ex);
                tally.stored(a.file());
                owner.messageStored();
            }
        }
        return why;
    }

    private String relative(Path file) {
        return store == null ? file.toString() : store.root().relativize(file).toString().replace('\\', '/');
    }
}

package org.mailtrail.live;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.Route;

/**
 * What a receiver session amounts to, kept from the {@link org.mailtrail.smtp.SmtpServer}'s typed transaction events
 * (no command is parsed again): the sender, every recipient and its outcome, the messages taken, the EHLO name, and
 * from these the session as a {@link SimulationResult} and a {@link ReceivedSession} snapshot.
 *
 * <p>A recipient accepted by RCPT stays open until its transaction ends: delivered with the message's 250, refused
 * or deferred with a final reply that is not 250, queued when the session ends before the message was complete; a
 * transaction reset by RSET or a new EHLO leaves no outcome for its recipients (nothing was said about them). A 5xx
 * (to RCPT or to the data) makes the recipient refused, never bounced: this server took nothing, so nothing comes
 * back to the sender; its client was told at once.
 */
final class SessionTally {
    private final String id;
    private final InetSocketAddress client;
    private final String clientName;
    private final String clientAddr;
    private final String hostname;
    private final String serverAddr;
    private final int serverPort;
    private final LiveRecorder recorder;
    private final List<String> openRcpts = new ArrayList<>();
    /** DATA was answered 354 in the transaction now open (BDAT: a chunk was taken). */
    private boolean dataBegun;
    private final Set<String> allRcpts = new LinkedHashSet<>();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private String from;
    private String subject = "";
    private String heloName = "";
    private boolean tls;
    private String closeReason = "";
    /** Turned away at the door (too many connections): the title says so. */
    private boolean turnedAway;
    private String storeError;
    private int stored;

    SessionTally(String id, InetSocketAddress client, String clientName, String hostname, String serverAddr,
                 int serverPort, LiveRecorder recorder) {
        this.id = id;
        this.client = client;
        this.clientName = clientName;
        this.clientAddr = client.getAddress().getHostAddress();
        this.hostname = hostname;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        this.recorder = recorder;
    }

    // ---- the transaction, from the server's events ----

    /** The server answered 354 to DATA: the message is under way (see {@link #endOpen}). */
    void dataBegun() {
        dataBegun = true;
    }

    /** MAIL accepted: the session's sender is the first transaction's. */
    void started(ServerEvent.TransactionStarted t) {
        openRcpts.clear();
        dataBegun = false;
        if (from == null) {
            from = t.reversePath();
        }
    }

    /** RCPT accepted: open until the transaction ends. */
    void accepted(String rcpt) {
        allRcpts.add(rcpt);
        if (!openRcpts.contains(rcpt)) {
            openRcpts.add(rcpt);
        }
    }

    /** RCPT refused for this recipient: decided by that reply. */
    void refused(String rcpt, Reply reply) {
        allRcpts.add(rcpt);
        outcomes.put(rcpt, outcome(rcpt, reply));
    }

    /**
     * The transaction ended. Its open recipients are forgotten, except when it was aborted (QUIT, closing, a lost
     * connection): then the end of the session counts them as queued ({@link #endOpen}).
     */
    void reset(ServerEvent.TransactionReset r) {
        if (!r.aborted()) {
            openRcpts.clear();
        }
    }

    /** The message of the transaction was taken: its open recipients are delivered. */
    void delivered(MessageIntake.Accepted a, String where, boolean keepContent) {
        if (keepContent) {
            delivered.add(new DeliveredMessage(String.join(", ", a.t().recipients()), hostname, false, a.content()));
        }
        for (String r : openRcpts) {
            outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.DELIVERED, where, hostname));
        }
        if (subject.isEmpty()) {
            subject = MessageText.subjectOf(a.t().content());
        }
    }

    /** The final reply to the message's data was not 250: its open recipients are decided by it. */
    void finalReply(Reply reply) {
        for (String r : openRcpts) {
            outcomes.put(r, outcome(r, reply));
        }
    }

    /** The message's open recipients are queued for {@code why} (the 250 did not reach the client). */
    void notDelivered(String why) {
        for (String r : openRcpts) {
            outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, why, hostname));
        }
        openRcpts.clear();
    }

    /** The session is over: recipients of an unfinished message (or of one never begun) are queued. */
    void endOpen() {
        notDelivered(dataBegun ? "the session ended before the message was complete"
                : "no message was sent: the session ended before DATA");
    }

    private RecipientOutcome outcome(String rcpt, Reply reply) {
        RecipientOutcome.Status s = reply.isTransient() ? RecipientOutcome.Status.QUEUED
                : reply.isPermanent() ? RecipientOutcome.Status.REFUSED : RecipientOutcome.Status.DELIVERED;
        return new RecipientOutcome(rcpt, s, reply.toString(), hostname);
    }

    // ---- facts of the session ----

    /** The name the client gave in EHLO/HELO, made printable. */
    void helo(String name) {
        heloName = name;
    }

    /** The session is under TLS from now on. */
    void tls() {
        tls = true;
    }

    /** A message is kept ({@code file} null when kept in memory only); returns how many are kept now. */
    int stored(Path file) {
        stored++;
        if (file != null) {
            files.add(file);
        }
        return stored;
    }

    void closeReason(String reason) {
        closeReason = reason;
    }

    /** The connection was turned away before its session began. */
    void turnedAway() {
        turnedAway = true;
    }

    String closeReason() {
        return closeReason;
    }

    /** A message could not be stored: the session's store problem is this one. */
    void storeError(String problem) {
        storeError = problem;
    }

    /** The transcript could not be written: added to the session's store problem. */
    void addStoreProblem(String problem) {
        storeError = storeError == null ? problem : storeError + "; " + problem;
    }

    // ---- the session as a log ----

    /** The session so far as a log: mode {@code live}, one direct journey with the timeline as recorded. */
    SimulationResult result() {
        Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
        hosts.put(clientName, new SessionInfo.HostInfo(clientName, "mua", List.of(clientAddr)));
        hosts.put(hostname, new SessionInfo.HostInfo(hostname, "mx", List.of(serverAddr)));
        SessionInfo info = new SessionInfo("live", id, "SMTP session from " + clientAddr + ":" + client.getPort()
                + (turnedAway ? " turned away by " : " to ") + hostname, "mailtrail serve on " + serverAddr + ":"
                + serverPort, recorder.start(), "",
                hosts);
        Compose compose = new Compose(from == null ? "" : from, new ArrayList<>(allRcpts), List.of(), subject, "");
        Journey j = new Journey(Route.DIRECT, recorder.timeline(), new LinkedHashMap<>(outcomes),
                List.copyOf(delivered));
        return new SimulationResult(info, compose, 0, List.of(j));
    }

    /** A snapshot while the session goes on. */
    ReceivedSession snapshot() {
        return new ReceivedSession(id, client, recorder.start(), null, heloName, tls, closeReason, result(), stored,
                files, null, null, storeError);
    }

    /** The final snapshot: ended at {@code end}, with its transcript files (null when not written). */
    ReceivedSession finished(Instant end, SimulationResult result, Path json, Path text) {
        return new ReceivedSession(id, client, recorder.start(), end, heloName, tls, closeReason, result, stored,
                files, json, text, storeError);
    }
}

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
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.Redaction;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.Route;

/**
 * The timeline of one proxied session (docs/inspect.md): two TCP connections, the client's to the proxy
 * ({@code down}: every command and reply the client saw is on it, with its real addresses) and the proxy's to the
 * upstream ({@code up}: its handshake, its own TLS session and its close), and what the session amounts to (sender,
 * recipients and their outcomes as the upstream's replies decided them). Credentials are never kept (RFC 4954 §4):
 * the initial response of AUTH and every line answering a 334 are recorded as {@value Redaction#MASK}.
 */
final class ProxyLog {
    /** The host name of the proxy on the timeline. */
    static final String PROXY = "mailtrail-proxy";
    /** Octets of message data the transcript keeps in all (then only counted). */
    static final long DATA_BUDGET = 1L << 20;
    /** The detail on a reply the proxy wrote itself ({@code proxy}) rather than forwarded from the upstream. */
    static final String ORIGIN = "origin";

    /** Turned away before anything was forwarded ({@link #turnedAway}). */
    private boolean turnedAway;
    private final String id;
    private final LiveRecorder recorder;
    private final InetSocketAddress client;
    private final String clientName;
    private final InetSocketAddress proxyAddr;
    private final ProxyConfig config;
    private final String upstreamName;
    private final LiveConnection down;
    private volatile LiveConnection up;
    private final List<String> openRcpts = new ArrayList<>();
    /** DATA was answered 354 (or a BDAT chunk taken) in the transaction now open. */
    private boolean dataBegun;
    /** Replies of the upstream after the end that were neither forwarded nor recorded one by one. */
    private volatile long notForwarded;
    private final Set<String> allRcpts = new LinkedHashSet<>();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private String from;
    private String subject = "";
    private String heloName = "";
    private boolean clientTls;
    private volatile String closeReason = "";
    private long dataKept;
    private byte[] lastData;
    private int messages;
    private String storeProblem;

    ProxyLog(String id, LiveRecorder recorder, InetSocketAddress client, InetSocketAddress proxyAddr,
             ProxyConfig config) {
        this.id = id;
        this.recorder = recorder;
        this.client = client;
        this.clientName = ReceivedLine.addressLiteral(client);
        this.proxyAddr = proxyAddr;
        this.config = config;
        String n = config.upstreamName();
        this.upstreamName = HostNames.isAddressLiteral(n) || n.equals(clientName) ? "upstream [" + n + "]" : n;
        this.down = new LiveConnection(recorder, id, clientName, client.getAddress().getHostAddress(), client.getPort(),
                PROXY, proxyAddr.getAddress().getHostAddress(), proxyAddr.getPort());
    }

    LiveRecorder recorder() {
        return recorder;
    }

    String upstreamName() {
        return upstreamName;
    }

    // ---- connections ----

    void accepted() {
        down.accepted(0); // when the proxy took it (the session began then): it may have waited for a slot since
    }

    /** The session is turned away (too many connections): its title says so, not "through the proxy to …". */
    synchronized void turnedAway() {
        turnedAway = true;
    }

    /** The proxy's connection to the upstream is open ({@code local}: its own end). */
    void upstreamOpened(long started, InetSocketAddress local) {
        up = upstream(local);
        up.opened(started, "SMTP to the upstream for " + clientName);
    }

    /** No connection to the upstream: {@code reason} refused, timeout or unreachable. */
    void upstreamFailed(long started, String reason, String why) {
        up = upstream(new InetSocketAddress(proxyAddr.getAddress(), 0));
        up.failed(started, reason, why);
    }

    private LiveConnection upstream(InetSocketAddress local) {
        return new LiveConnection(recorder, id + "-upstream", PROXY, local.getAddress().getHostAddress(),
                local.getPort(), upstreamName, config.upstream().getAddress().getHostAddress(),
                config.upstream().getPort());
    }

    /** The client's connection closed ({@code byClient}: the client closed it first). */
    void clientClosed(boolean byClient) {
        down.closed(byClient);
    }

    /** The upstream connection closed ({@code byProxy}: the proxy closed it). */
    void upstreamClosed(boolean byProxy) {
        LiveConnection u = up;
        if (u != null) {
            u.closed(byProxy);
        }
    }

    // ---- the conversation, as the client saw it ----

    /** A command line from the client ({@code cmd} null: it did not parse; forwarded all the same). */
    void command(long at, String line, Command cmd) {
        String shown = LiveConnection.printable(line);
        if (cmd == null) {
            recorder.add(at, at, EventKind.SMTP_COMMAND, clientName, PROXY, "C: " + shown, List.of(shown),
                    "server.bad-command", "RFC 5321 §4.1", down.details(true));
            return;
        }
        down.command(at, cmd, List.of(AuthRedaction.shown(cmd, shown)), false, cmd.verb().equals("AUTH"));
    }

    /** A line answering a 334 (RFC 4954 §4): a credential, never kept. */
    void authResponse(long at) {
        down.command(at, null, List.of(Redaction.MASK), true, true);
    }

    /** The message data (un-stuffed, without the final dot) as forwarded; kept while the budget lasts. */
    void data(long at, byte[] content, long size) {
        data(at, content, size, true);
    }

    /**
     * {@link #data(long, byte[], long)}, or ({@code complete} false) the part of a message forwarded before the
     * session ended without its final dot: its lines and a note instead of the ".".
     */
    synchronized void data(long at, byte[] content, long size, boolean complete) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        }
        // every line as it went, empty ones included (the content always ends with CRLF, RFC 5321 §4.1.1.4)
        List<String> lines = content.length == 0 ? List.of() : List.of(text.split("\r\n", -1));
        List<String> shown = new ArrayList<>();
        if (size == content.length && dataKept + content.length <= DATA_BUDGET) {
            dataKept += content.length;
            for (String l : lines) {
                shown.add(l.startsWith(".") ? "." + l : l); // as on the wire: dot-stuffed (RFC 5321 §4.5.2)
            }
            shown.add(complete ? "." : "(cut off here: the session ended before the final \".\"; the upstream drops"
                    + " an unfinished message)");
            lastData = complete ? content : null;
            down.command(at, null, shown, false, false);
        } else {
            lastData = null;
            recorder.add(at, at, EventKind.SMTP_COMMAND, clientName, PROXY,
                    "C: <message data, " + size + " octets, " + (complete ? "ending with \".\">" : "cut off>"),
                    List.of("(the message data, " + size + " octets, is not kept in this transcript: it"
                            + " already holds " + dataKept + " octets)", complete ? "." : "(cut off)"),
                    "smtp.cmd.data-content",
                    "RFC 5321 §4.5.2", down.details(true));
        }
    }

    /**
     * A reply the client got: forwarded from the upstream, or the proxy's own ({@code own}); {@code e} is what it
     * answers (null: unsolicited).
     */
    synchronized void reply(ProxyReplies.Expected e, Reply reply, List<String> raw, boolean own) {
        long now = recorder.now();
        if (own) { // said by the proxy itself, not forwarded: the event says so, in its summary and a detail
            List<String> shown = raw.stream().map(LiveConnection::printable).toList();
            Details.Builder d = Details.builder().putAll(down.details(false)).put(Details.CODE,
                    Integer.toString(reply.code())).put(ORIGIN, "proxy");
            reply.enhancedStatus().ifPresent(es -> d.put(Details.ENHANCED, es.toString()));
            recorder.add(now, now, EventKind.SMTP_REPLY, PROXY, clientName, SmtpSteps.replySummary(reply, shown)
                    + " (said by the proxy itself, not by the upstream)", shown, SmtpSteps.replyKey(reply),
                    SmtpSteps.replyRfc(reply), d.build());
        } else {
            down.reply(now, reply, raw);
        }
        if (e != null) {
            tally(e, reply);
        }
    }

    /** The proxy's own QUIT to the upstream, after its final reply ended the client's session ({@link ProxyEnding}). */
    void proxyQuit(long at) {
        LiveConnection u = up;
        if (u != null && Command.parse("QUIT") instanceof org.mailtrail.smtp.CommandParse.Ok ok) {
            u.command(at, ok.command(), List.of("QUIT"), false, false);
        }
    }

    /**
     * A reply of the upstream's that the client never got (the proxy had ended the client's session): the answer to
     * the proxy's own QUIT ({@code toProxy}) is recorded on the upstream connection, from the upstream to the proxy;
     * the others (owed to commands forwarded before the end) are only counted, for {@link #notForwardedSummary} — a
     * client that pipelined thousands of commands would otherwise fill the transcript far past its limit.
     */
    void notForwarded(Reply reply, List<String> raw, boolean toProxy) {
        LiveConnection u = up;
        if (toProxy && u != null) {
            u.reply(recorder.now(), reply, raw);
        } else {
            notForwarded++;
        }
    }

    /** One line for the replies {@link #notForwarded} counted, if there were any. */
    void notForwardedSummary() {
        LiveConnection u = up;
        if (notForwarded > 0 && u != null) {
            u.error("smtp.session.closed", "RFC 5321 §3.8", notForwarded + " more replies of the upstream, to commands"
                    + " forwarded before the session ended, were not passed on (the client had the proxy's final reply)",
                    true);
        }
    }

    /** A line from the upstream that is no reply (forwarded as it came). */
    void badReply(String message, String line) {
        down.error("smtp.protocol-error", "RFC 5321 §4.2", message + ": " + line, true);
    }

    /** Something went wrong on the client's side ({@code fromProxy}: the proxy reports it). */
    void error(String key, String rfc, String message) {
        down.error(key, rfc, message, true);
    }

    /** Something the client did, noted by the proxy (on the client's connection, from the client). */
    void clientError(String key, String rfc, String message) {
        down.error(key, rfc, message, false);
    }

    /** Something went wrong on the upstream connection. */
    void upstreamError(String key, String rfc, String message) {
        LiveConnection u = up;
        (u == null ? down : u).error(key, rfc, message, true);
    }

    /** TLS session 1 of 2: between the client and the proxy, with the proxy's own certificate. */
    void clientTls(long started, String protocol, String cipher, String subject, String verdict) {
        clientTls = true;
        down.tls(started, protocol, cipher, subject, "TLS session 1 of 2 (client - proxy): " + verdict);
    }

    /** TLS session 2 of 2: between the proxy and the upstream, judged as a client judges a server. */
    void upstreamTls(long started, String protocol, String cipher, String subject, String verdict) {
        up.tls(started, protocol, cipher, subject, "TLS session 2 of 2 (proxy - upstream): " + verdict);
    }

    void closeReason(String why) {
        if (closeReason.isEmpty()) {
            closeReason = why;
        }
    }

    String closeReason() {
        return closeReason;
    }

    // ---- what the session amounts to ----

    private void tally(ProxyReplies.Expected e, Reply r) {
        boolean ok = r.isPositive();
        switch (e.kind) {
            case COMMAND -> {
                switch (e.verb) {
                    case "EHLO", "HELO" -> {
                        heloName = LiveConnection.printable(e.argument);
                        if (ok) {
                            openRcpts.clear();
                        }
                    }
                    case "RSET" -> openRcpts.clear();
                    case "MAIL" -> {
                        if (ok) {
                            openRcpts.clear();
                            dataBegun = false;
                            if (from == null) {
                                from = path(e.argument);
                            }
                        }
                    }
                    case "RCPT" -> {
                        String rcpt = path(e.argument);
                        allRcpts.add(rcpt);
                        if (ok) {
                            openRcpts.add(rcpt);
                        } else {
                            outcomes.put(rcpt, outcome(rcpt, r));
                        }
                    }
                    case "DATA" -> {
                        if (!r.isIntermediate()) {
                            decide(r);
                        } else {
                            dataBegun = true;
                        }
                    }
                    case "BDAT" -> {
                        if (!ok || e.argument.toUpperCase(java.util.Locale.ROOT).endsWith("LAST")) {
                            decide(r);
                        } else {
                            dataBegun = true;
                        }
                    }
                    default -> {
                    }
                }
            }
            case DATA_END -> decide(r);
            default -> {
            }
        }
    }

    /** The final reply to a message decides its open recipients. */
    private void decide(Reply r) {
        for (String rcpt : openRcpts) {
            outcomes.put(rcpt, r.isPositive()
                    ? new RecipientOutcome(rcpt, RecipientOutcome.Status.DELIVERED, "accepted by " + upstreamName
                    + ": " + r, upstreamName) : outcome(rcpt, r));
        }
        if (r.isPositive()) {
            messages++;
            if (lastData != null) {
                delivered.add(new DeliveredMessage(String.join(", ", openRcpts), upstreamName, false, lastData));
                if (subject.isEmpty()) {
                    subject = MessageText.subjectOf(lastData);
                }
            }
        }
        lastData = null;
        openRcpts.clear();
    }

    /**
     * A recipient decided by a reply that is not 250: queued for a 4xx; refused for a 5xx, never bounced (the
     * upstream took nothing and the client was told at once, as {@code serve} records it).
     */
    private RecipientOutcome outcome(String rcpt, Reply reply) {
        RecipientOutcome.Status s = reply.isTransient() ? RecipientOutcome.Status.QUEUED
                : reply.isPermanent() ? RecipientOutcome.Status.REFUSED : RecipientOutcome.Status.DELIVERED;
        return new RecipientOutcome(rcpt, s, reply.toString(), upstreamName);
    }

    /** {@code FROM:<a@b> SIZE=1} → {@code a@b}; printable. */
    static String path(String argument) {
        int lt = argument.indexOf('<');
        int gt = lt < 0 ? -1 : argument.indexOf('>', lt);
        String p = lt >= 0 && gt > lt ? argument.substring(lt + 1, gt) : argument.replaceFirst("(?i)^(FROM|TO):", "");
        return LiveConnection.printable(p.strip());
    }

    synchronized void storeProblem(String problem) {
        storeProblem = problem;
        down.error("server.store-failed", "RFC 5321 §6.1", problem, true);
    }

    /** The session so far as a log (mode {@code live}, one journey). */
    synchronized SimulationResult result() {
        for (String rcpt : openRcpts) {
            outcomes.putIfAbsent(rcpt, new RecipientOutcome(rcpt, RecipientOutcome.Status.QUEUED, dataBegun
                    ? "the session ended before the message was complete"
                    : "no message was sent: the session ended before DATA", upstreamName));
        }
        Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
        hosts.put(clientName, new SessionInfo.HostInfo(clientName, "mua", List.of(client.getAddress().getHostAddress())));
        hosts.put(PROXY, new SessionInfo.HostInfo(PROXY, "relay", List.of(proxyAddr.getAddress().getHostAddress())));
        hosts.put(upstreamName, new SessionInfo.HostInfo(upstreamName, "mx",
                List.of(config.upstream().getAddress().getHostAddress())));
        String who = "SMTP session from " + client.getAddress().getHostAddress() + ":" + client.getPort();
        SessionInfo info = new SessionInfo("live", id, turnedAway ? who + " turned away by the proxy"
                : who + " through the proxy to " + upstreamName, "mailtrail proxy on "
                + HostNames.hostPort(proxyAddr) + " to " + HostNames.hostPort(config.upstream()),
                recorder.start(), "", hosts);
        Compose compose = new Compose(from == null ? "" : from, new ArrayList<>(allRcpts), List.of(), subject, "");
        Journey j = new Journey(Route.DIRECT, recorder.timeline(), new LinkedHashMap<>(outcomes),
                List.copyOf(delivered));
        return new SimulationResult(info, compose, 0, List.of(j));
    }

    /** A snapshot: {@code end} null while the session goes on. */
    synchronized ReceivedSession snapshot(Instant end, SimulationResult result, Path json, Path text) {
        return new ReceivedSession(id, client, recorder.start(), end, heloName, clientTls, closeReason,
                result == null ? result() : result, messages, List.of(), json, text, storeProblem);
    }

    /** Details for an event of the proxy itself. */
    Details proxyDetails() {
        return down.details(false);
    }
}

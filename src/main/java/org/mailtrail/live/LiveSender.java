package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.RecipientStatus;
import org.mailtrail.smtp.Result;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Route;

/**
 * A live delivery: a real MX lookup through dnsjava, real TCP, and the sans-IO {@link SmtpClient} over a socket,
 * every step written on the timeline as it happens. Direct to the recipients' mail exchangers in the order RFC 5321
 * §5.1 asks (trying the next host or address when one cannot be reached or refuses the session), or through a
 * smart host. Every wait has a deadline ({@link SmtpTimeouts}); a {@link StepGate} lets the GUI hold each step
 * until the user clicks. Blocking: run it on a worker thread, never on the FX thread.
 *
 * <p>This class decides what becomes of each recipient; the {@link TargetPlanner} says where to go, a
 * {@link SenderLink} carries each connection (a failed connect is told by {@link ConnectFailure}), the
 * {@link ClientPump} runs the SMTP session over it and the {@link ClientTlsHandshake} does TLS.
 */
public final class LiveSender {

    /** The name of the sending host on the timeline when no EHLO name is given. */
    public static final String CLIENT_NAME = "mailtrail-client";
    /** The most recipients one send takes; they go out in transactions of at most 100. */
    public static final int MAX_RECIPIENTS = Compose.MAX_RECIPIENTS;
    /** The name of the DNS server on the timeline. */
    public static final String RESOLVER_NAME = "resolver";

    /**
     * What to send and how.
     *
     * @param compose       the message
     * @param dns           the DNS server to ask; null: the system's first name server
     * @param smartHost     host name or address of a smart host; null: direct delivery to the MX hosts
     * @param smartHostPort the smart host's port (587, submission)
     * @param mxPort        the port of the MX hosts (25; another only in a lab)
     * @param helo          the EHLO name; null: an address literal of the local address ({@code [192.0.2.1]})
     * @param tls           STARTTLS policy
     * @param timeouts      per-step deadlines
     * @param trustCerts    PEM files of lab certificates to trust in addition to the JDK trust store
     * @param credentials   AUTH credentials (sent over TLS only), or null
     * @param implicitTls   TLS from the first byte (RFC 8314, port 465) instead of STARTTLS
     */
    public record Options(Compose compose, InetSocketAddress dns, String smartHost, int smartHostPort, int mxPort,
                          String helo, TlsMode tls, SmtpTimeouts timeouts, List<Path> trustCerts,
                          Credentials credentials, boolean implicitTls) {
        public Options {
            trustCerts = trustCerts == null ? List.of() : List.copyOf(trustCerts);
            timeouts = timeouts == null ? SmtpTimeouts.RFC_5321 : timeouts;
            tls = tls == null ? TlsMode.AUTO : tls;
        }
    }

    /** The size of the pieces a data block is written in; each piece has the whole block timeout. */
    static final int CHUNK = SenderLink.CHUNK;

    private final Options options;
    private final LiveRecorder recorder;
    private final StepGate gate;
    private final String clientName;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final Set<String> networkFailures = new LinkedHashSet<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    /** The connection in use, for {@link #cancel()}; null between connections. */
    private volatile SenderLink link;
    private ClientPump pump;
    private byte[] content;
    private int connections;
    /** How a link connects: the socket's own connect, or a test's stand-in. */
    private Connector connector = SenderLink::connect;

    /** Opens a TCP connection on a link; a seam for tests that must prove no connection is attempted. */
    interface Connector {
        void connect(SenderLink link, InetSocketAddress to, java.time.Duration timeout) throws IOException;
    }

    /** The same sender with another way to connect (tests). */
    LiveSender withConnector(Connector c) {
        this.connector = c;
        return this;
    }

    /** A sender for one message; nothing happens until {@link #run()}. */
    public LiveSender(Options options, LiveRecorder recorder, StepGate gate) {
        this(options, recorder, gate, null);
    }

    /**
     * A sender for a message already in RFC 5322 form ({@code content}, CRLF line ends; null: composed from the
     * options with a fresh Date and Message-ID), e.g. the same message sent many times.
     */
    public LiveSender(Options options, LiveRecorder recorder, StepGate gate, byte[] content) {
        this.options = options;
        this.recorder = recorder;
        this.gate = gate == null ? StepGate.NONE : gate;
        this.clientName = options.helo() == null ? CLIENT_NAME : options.helo();
        this.content = content == null ? null : content.clone();
    }

    /** Stops the session: closes the connection in use and ends every open wait. */
    public void cancel() {
        cancelled.set(true);
        SenderLink l = link;
        if (l != null) {
            l.cancel();
        }
    }

    /**
     * Sends the message and returns the session. Local problems (an unreadable certificate file, no DNS server
     * configured) throw {@link IOException} before anything is sent; everything that happens on the network ends
     * up on the timeline and in the outcome.
     */
    public LiveResult run() throws IOException {
        TlsTrust trust = TlsTrust.load(options.trustCerts());
        // DNS is needed for the MX hosts and for a smart host given by name; not for an address or localhost
        boolean needsDns = options.smartHost() == null || !TargetPlanner.isLiteralOrLocalhost(options.smartHost());
        InetSocketAddress dns = options.dns();
        TimedResolver resolver = null;
        if (needsDns) {
            try {
                dns = dns != null ? dns : TimedResolver.systemServer();
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            Duration dnsTimeout = options.timeouts().connect().compareTo(Duration.ofSeconds(10)) < 0
                    ? options.timeouts().connect() : Duration.ofSeconds(10);
            resolver = new TimedResolver(dns, recorder, clientName, RESOLVER_NAME, dnsTimeout);
        }
        Compose compose = options.compose();
        String domainOfFrom = compose.from().substring(compose.from().lastIndexOf('@') + 1);
        if (content == null) {
            content = MessageComposer.compose(compose, recorder.instant(recorder.now()),
                    UUID.randomUUID() + "@" + domainOfFrom);
        }
        pump = new ClientPump(options, recorder, gate, cancelled, new ClientTlsHandshake(trust, options, recorder),
                content);
        TargetPlanner planner = new TargetPlanner(options, resolver, recorder, gate, clientName);
        List<String> recipients = compose.recipients();
        try {
            if (options.smartHost() != null) {
                deliver(recipients, planner.smartHost(recipients));
            } else {
                Map<String, List<String>> byDomain = new LinkedHashMap<>();
                for (String r : recipients) {
                    byDomain.computeIfAbsent(r.substring(r.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<String>> e : byDomain.entrySet()) {
                    deliver(e.getValue(), planner.direct(e.getKey()));
                }
            }
        } catch (InterruptedException e) {
            // our own cancel (Stop) ends the session here; a real interrupt of the thread is passed on
            if (!cancelled.get()) {
                Thread.currentThread().interrupt();
            }
            cancelled.set(true);
        }
        for (String r : recipients) {
            if (!outcomes.containsKey(r)) {
                String why = cancelled.get() ? "cancelled by the user before the message was sent"
                        : "no attempt was made";
                outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, why, clientName));
                networkFailures.add(r);
            }
        }
        if (cancelled.get()) {
            recorder.local(EventKind.QUEUED, clientName, "Cancelled: the session was stopped by the user",
                    List.of("cancelled by the user"), "queue.deferred", "RFC 5321 §4.5.4.1", Details.of());
        }
        return new LiveResult(LiveSnapshot.of(recorder, compose, clientName,
                options.smartHost() == null ? Route.DIRECT : Route.RELAY, sourceText(dns), outcomes, delivered),
                networkFailures);
    }

    private String sourceText(InetSocketAddress dns) {
        return "send" + (dns == null ? "" : " --dns " + dns.getAddress().getHostAddress() + ":" + dns.getPort())
                + (options.smartHost() == null ? " --mx-port " + options.mxPort()
                : " --smarthost " + options.smartHost() + ":" + options.smartHostPort())
                + " --starttls " + options.tls().name().toLowerCase(Locale.ROOT);
    }

    /** Follows a plan: tries its targets, or decides the recipients at once when there is no route. */
    private void deliver(List<String> rcpts, TargetPlanner.Plan plan) throws InterruptedException {
        if (plan.targets() == null) {
            fail(rcpts, plan.result(), plan.why(), clientName, plan.network(), false);
            return;
        }
        // a server need take no more than 100 recipients in one transaction (RFC 5321 §4.5.3.1.8): split
        int per = Compose.MAX_RECIPIENTS_PER_TRANSACTION;
        for (int from = 0; from < rcpts.size(); from += per) {
            attempt(rcpts.subList(from, Math.min(rcpts.size(), from + per)), plan.targets(), plan.purpose());
        }
    }

    /**
     * Records a decision for recipients that were not sent to at all; {@code byServer}: a permanent result is a
     * server's refusal (its greeting), not the sender's own verdict (no route).
     */
    private void fail(List<String> rcpts, Result result, String why, String host, boolean network, boolean byServer) {
        for (String r : rcpts) {
            decide(r, result, why, host, network, byServer);
        }
    }

    /**
     * One recipient decided. A permanent result said by the server in its reply (to the greeting, MAIL, RCPT or the
     * data) makes the recipient refused: that server took nothing and told this client at once, so nothing bounces
     * (the sender learns it now, as {@code serve} records it). Only a permanent verdict of the sender's own, when
     * there is nowhere to send (null MX, no such domain), is a bounce: an MTA would return the message to its sender.
     */
    private void decide(String rcpt, Result result, String why, String host, boolean network, boolean byServer) {
        why = LiveConnection.printable(why); // server text: no control characters to a terminal or export
        RecipientOutcome.Status status = result == Result.ACCEPTED ? RecipientOutcome.Status.DELIVERED
                : result != Result.PERMANENT ? RecipientOutcome.Status.QUEUED
                : byServer ? RecipientOutcome.Status.REFUSED : RecipientOutcome.Status.BOUNCED;
        outcomes.put(rcpt, new RecipientOutcome(rcpt, status, why, host));
        if (network && status == RecipientOutcome.Status.QUEUED) {
            networkFailures.add(rcpt);
        } else {
            networkFailures.remove(rcpt);
        }
        if (status == RecipientOutcome.Status.REFUSED) {
            recorder.local(EventKind.DELIVERY_FAILED, host, host + " refused " + rcpt + " for good: " + why,
                    List.of(why), "delivery.refused", "RFC 5321 §4.2.1", Details.builder().put(Details.RECIPIENT, rcpt).build());
        } else if (status == RecipientOutcome.Status.BOUNCED) {
            recorder.local(EventKind.DELIVERY_FAILED, host, "Delivery to " + rcpt + " failed for good: " + why,
                    List.of(why), "delivery.failed", "RFC 5321 §4.2.1", Details.builder().put(Details.RECIPIENT, rcpt).build());
        } else if (status == RecipientOutcome.Status.QUEUED) {
            recorder.local(EventKind.QUEUED, clientName, "Not delivered to " + rcpt + " for now: " + why,
                    List.of(why, "Mail Trail does not retry; an MTA would keep the message queued and try again later."),
                    "queue.deferred", "RFC 5321 §4.5.4.1", Details.builder().put(Details.RECIPIENT, rcpt).build());
        }
    }

    /**
     * Tries the targets in order (RFC 5321 §5.1): the next one when a host cannot be reached, refuses the session in
     * its greeting (5xx) or breaks it before it answered any RCPT; a session in which the server answered RCPT
     * decides the recipients.
     */
    private void attempt(List<String> rcpts, List<SendTarget> targets, String purpose) throws InterruptedException {
        if (targets.isEmpty()) {
            fail(rcpts, Result.TRANSIENT, "no mail exchanger has an address", clientName, true, false);
            return;
        }
        String lastReason = "";
        boolean lastNetwork = true;
        Result lastResult = Result.TRANSIENT;
        for (int i = 0; i < targets.size(); i++) {
            SendTarget t = targets.get(i);
            if (cancelled.get()) {
                throw new InterruptedException("cancelled");
            }
            Attempt a = connectAndSend(t, rcpts, purpose, i == targets.size() - 1);
            if (a.decisive) {
                return;
            }
            lastReason = a.reason;
            lastNetwork = a.network;
            lastResult = a.result;
        }
        // permanent (true): a server refused
        fail(rcpts, lastResult, lastReason + (targets.size() == 2 ? " (both addresses tried)" : targets.size() > 2
                ? " (all " + targets.size() + " addresses tried)" : ""), clientName, lastNetwork, true);
    }

    /** How one connection went: decisive (the recipients are decided) or a reason to try the next target. */
    private record Attempt(boolean decisive, String reason, boolean network, Result result) {
    }

    private Attempt connectAndSend(SendTarget t, List<String> rcpts, String purpose, boolean lastTarget)
            throws InterruptedException {
        connections++;
        if (gate != StepGate.NONE) {
            gate.await("TCP: connect to " + t.describe());
        }
        SenderLink l = null;
        long started = recorder.now();
        try {
            if (DocumentationAddresses.contains(t.address())) {
                // the planner skips these; this is the last guard before a packet would leave
                throw new java.net.NoRouteToHostException(DocumentationAddresses.note(t.name(), t.address()));
            }
            InetAddress to = addressOf(t.address());
            l = SenderLink.open(to); // a socket of its own: fails only when the process is out of descriptors
            link = l;
            connector.connect(l, new InetSocketAddress(to, t.port()), options.timeouts().connect());
        } catch (IOException e) {
            if (l != null) {
                l.close(); // closed already by a failed connect; a stand-in connector (tests) may not have
            }
            link = null;
            String clientAddr = TimedResolver.localAddressTowards(addressOf(t.address()));
            LiveConnection conn = new LiveConnection(recorder, "c" + connections, clientName, clientAddr, 0, t.name(),
                    t.address(), t.port());
            if (cancelled.get()) {
                throw new InterruptedException("cancelled");
            }
            ConnectFailure f = ConnectFailure.of(e, t.port(), options.timeouts().connect());
            conn.failed(started, f.reason(), f.why());
            return new Attempt(false, "connect to " + t.describe() + " failed: " + f.why(), true, Result.TRANSIENT);
        } catch (RuntimeException e) {
            if (l != null) {
                l.close();
            }
            link = null;
            throw e;
        }
        try {
            String clientAddr = l.socket().getLocalAddress().getHostAddress();
            try {
                l.socket().setTcpNoDelay(true); // each command goes out at once; SMTP waits for every reply anyway
            } catch (IOException ignored) {
                // not fatal: only slower
            }
            LiveConnection conn = new LiveConnection(recorder, "c" + connections, clientName, clientAddr,
                    l.socket().getLocalPort(), t.name(), t.address(), t.port());
            conn.opened(started, purpose);
            ClientPump.Result r;
            try {
                r = pump.run(l, conn, t, rcpts);
            } catch (ClientTlsHandshake.Failed e) {
                return new Attempt(false, e.getMessage(), true, Result.TRANSIENT);
            }
            if (r.securityFailed()) {
                // TLS or AUTH could not be had as asked: nothing was sent, which is a local problem, not a bounce
                return new Attempt(false, "not sent: " + r.outcome().summary(), true, Result.TRANSIENT);
            }
            if (r.refusedAtGreeting() && !lastTarget) {
                // like Postfix's smtp_skip_5xx_greeting: a 5xx banner refuses this host, the next may take the message
                return new Attempt(false, r.outcome().summary(), false, Result.PERMANENT);
            }
            return conclude(r.outcome(), t, r.rcptAnswered(), r.network());
        } finally {
            l.close();
            link = null;
        }
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    private Attempt conclude(Outcome outcome, SendTarget t, boolean rcptAnswered, boolean network) {
        boolean anyAccepted = false;
        for (RecipientStatus s : outcome.recipients().values()) {
            anyAccepted |= s.result() == Result.ACCEPTED;
        }
        if (anyAccepted) {
            recorder.local(EventKind.MESSAGE_ACCEPTED, t.name(), t.name() + " took responsibility for the message",
                    List.of(outcome.summary()), "message.accepted", "RFC 5321 §6.1",
                    Details.builder().put("host", t.name()).build());
        }
        boolean decisive = rcptAnswered
                || outcome.recipients().values().stream().anyMatch(s -> s.result() != Result.TRANSIENT);
        if (!decisive) {
            return new Attempt(false, outcome.summary(), network, Result.TRANSIENT);
        }
        for (Map.Entry<String, RecipientStatus> e : outcome.recipients().entrySet()) {
            RecipientStatus s = e.getValue();
            String why = s.reply() != null ? s.reply().code() + " " + s.reply().text() + " (" + s.note() + ")" : s.note();
            decide(e.getKey(), s.result(), why, t.name(), network, true);
            if (s.result() == Result.ACCEPTED) {
                delivered.add(new DeliveredMessage(e.getKey(), t.name(), false, content));
            }
        }
        return new Attempt(true, outcome.summary(), network, Result.TRANSIENT);
    }
}

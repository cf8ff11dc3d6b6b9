package org.mailtrail.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.MxTarget;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.smtp.ClientConfig;
import org.mailtrail.smtp.ClientState;
import org.mailtrail.smtp.ClientEvent;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.Envelope;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.RecipientStatus;
import org.mailtrail.smtp.Result;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Route;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A live delivery: a real MX lookup through dnsjava, real TCP, and the sans-IO {@link SmtpClient} over a socket,
 * every step written on the timeline as it happens. Direct to the recipients' mail exchangers in the order RFC 5321
 * §5.1 asks (trying the next host or address when one cannot be reached or refuses the session), or through a
 * smart host. Every wait has a deadline ({@link SmtpTimeouts}); a {@link StepGate} lets the GUI hold each step
 * until the user clicks. Blocking: run it on a worker thread, never on the FX thread.
 */
public final class LiveSender {

    /** The name of the sending host on the timeline when no EHLO name is given. */
    public static final String CLIENT_NAME = "mailtrail-client";
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

    /** One host and address to try, as the MX policy ordered them. */
    private record Target(String name, String address, int port) {
    }

    private final Options options;
    private final LiveRecorder recorder;
    private final StepGate gate;
    private final String clientName;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final Set<String> networkFailures = new LinkedHashSet<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private volatile Socket current;
    /** The deadline of the current connection's read, write or handshake (see {@link Deadlines}). */
    private Deadlines.Watch watch;
    private TlsTrust trust;
    private TimedResolver resolver;
    private byte[] content;
    private int connections;

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
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we can do
            }
        }
    }

    /**
     * Sends the message and returns the session. Local problems (an unreadable certificate file, no DNS server
     * configured) throw {@link IOException} before anything is sent; everything that happens on the network ends
     * up on the timeline and in the outcome.
     */
    public LiveResult run() throws IOException {
        trust = TlsTrust.load(options.trustCerts());
        // DNS is needed for the MX hosts and for a smart host given by name; not for an address or localhost
        boolean needsDns = options.smartHost() == null || !isLiteralOrLocalhost(options.smartHost());
        InetSocketAddress dns = options.dns();
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
        List<String> recipients = compose.recipients();
        try {
            if (options.smartHost() != null) {
                viaSmartHost(recipients);
            } else {
                Map<String, List<String>> byDomain = new LinkedHashMap<>();
                for (String r : recipients) {
                    byDomain.computeIfAbsent(r.substring(r.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(r);
                }
                for (Map.Entry<String, List<String>> e : byDomain.entrySet()) {
                    direct(e.getKey(), e.getValue());
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

    private void direct(String domain, List<String> rcpts) throws InterruptedException {
        gate.await(domain.startsWith("[") ? "Deliver straight to the address literal " + domain + " (no DNS)"
                : "DNS: look up the mail exchangers of " + domain);
        MxResolution res = new MxPolicy(resolver, new SplittableRandom()).resolve(domain);
        List<String> lines = new ArrayList<>();
        Details.Builder d = Details.builder().put("domain", domain);
        if (res instanceof MxResolution.Targets t) {
            List<Target> targets = new ArrayList<>();
            for (MxTarget m : t.targets()) {
                lines.add(m.describe());
                for (String a : m.addresses()) {
                    targets.add(new Target(stripDot(m.host()), a, options.mxPort()));
                }
            }
            lines.addAll(t.notes());
            boolean implicit = !t.targets().isEmpty() && t.targets().get(0).implicit();
            d.put("targets", Integer.toString(t.targets().size()));
            recorder.local(EventKind.MX_DECISION, clientName, "Mail for " + domain + " goes to "
                            + (t.targets().isEmpty() ? "nobody" : stripDot(t.targets().get(0).host()))
                            + (implicit ? " (implicit MX)" : ""), lines, implicit ? "mx.implicit" : "mx.targets",
                    "RFC 5321 §5.1", d.build());
            attempt(rcpts, targets, "SMTP to the MX of " + domain);
        } else if (res instanceof MxResolution.NullMx n) {
            lines.addAll(n.notes());
            recorder.local(EventKind.MX_DECISION, clientName, domain + " publishes a null MX: it accepts no mail",
                    lines, "mx.null", "RFC 7505 §3", d.build());
            fail(rcpts, Result.PERMANENT, "556 5.1.10 " + domain + " does not accept mail (null MX, RFC 7505)",
                    clientName, false);
        } else {
            MxResolution.Failure f = (MxResolution.Failure) res;
            lines.add(f.reason());
            lines.addAll(f.notes());
            boolean permanent = f.kind() == MxResolution.FailureKind.PERMANENT;
            recorder.local(EventKind.MX_DECISION, clientName, "No route to " + domain + ": " + f.reason(), lines,
                    permanent ? "mx.failure.permanent" : "mx.failure.temporary", "RFC 5321 §5.1", d.build());
            fail(rcpts, permanent ? Result.PERMANENT : Result.TRANSIENT, f.reason(), clientName, !permanent);
        }
    }

    private void viaSmartHost(List<String> rcpts) throws InterruptedException {
        String smart = options.smartHost();
        recorder.local(EventKind.MX_DECISION, clientName, "Relay route: the message goes to the smart host " + smart,
                List.of("smart host: " + smart + ":" + options.smartHostPort(), "recipients: " + String.join(", ", rcpts)),
                "route.smarthost", "RFC 6409 §3", Details.builder().put("smartHost", smart).build());
        List<String> addresses = addressesOf(smart);
        if (addresses.isEmpty()) {
            fail(rcpts, Result.TRANSIENT, "cannot find an address for the smart host " + smart, clientName, true);
            return;
        }
        List<Target> targets = new ArrayList<>();
        for (String a : addresses) {
            targets.add(new Target(smart, a, options.smartHostPort()));
        }
        attempt(rcpts, targets, "submission to the smart host");
    }

    /** The addresses of a named host: literal addresses and {@code localhost} as they are, others through DNS. */
    private List<String> addressesOf(String host) throws InterruptedException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isAddressLiteral(h)) {
            return List.of(h);
        }
        if (h.equalsIgnoreCase("localhost")) {
            return List.of("127.0.0.1"); // RFC 6761 §6.3: never sent to DNS
        }
        gate.await("DNS: look up the address of " + h);
        List<String> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(h, Name.root), type, DClass.IN));
                Message r = resolver.send(q);
                for (Record rec : r.getSection(Section.ANSWER)) {
                    if (rec.getType() == type) {
                        out.add(rec.rdataToString());
                    }
                }
            } catch (TextParseException e) {
                return List.of();
            } catch (IOException e) {
                // the failure is on the timeline already
            }
        }
        return out;
    }

    private static boolean isLiteralOrLocalhost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return isAddressLiteral(h) || h.equalsIgnoreCase("localhost");
    }

    private static boolean isAddressLiteral(String h) {
        return HostNames.isAddressLiteral(h);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Records a decision for recipients that were not sent to at all. */
    private void fail(List<String> rcpts, Result result, String why, String host, boolean network) {
        for (String r : rcpts) {
            decide(r, result, why, host, network);
        }
    }

    private void decide(String rcpt, Result result, String why, String host, boolean network) {
        why = LiveConnection.printable(why); // server text: no control characters to a terminal or export
        RecipientOutcome.Status status = result == Result.ACCEPTED ? RecipientOutcome.Status.DELIVERED
                : result == Result.PERMANENT ? RecipientOutcome.Status.BOUNCED : RecipientOutcome.Status.QUEUED;
        outcomes.put(rcpt, new RecipientOutcome(rcpt, status, why, host));
        if (network && status == RecipientOutcome.Status.QUEUED) {
            networkFailures.add(rcpt);
        } else {
            networkFailures.remove(rcpt);
        }
        if (status == RecipientOutcome.Status.BOUNCED) {
            recorder.local(EventKind.DELIVERY_FAILED, host, "Delivery to " + rcpt + " failed for good: " + why,
                    List.of(why), "delivery.failed", "RFC 5321 §4.2.1", Details.builder().put("recipient", rcpt).build());
        } else if (status == RecipientOutcome.Status.QUEUED) {
            recorder.local(EventKind.QUEUED, clientName, "Not delivered to " + rcpt + " for now: " + why,
                    List.of(why, "Mail Trail does not retry; an MTA would keep the message queued and try again later."),
                    "queue.deferred", "RFC 5321 §4.5.4.1", Details.builder().put("recipient", rcpt).build());
        }
    }

    /**
     * Tries the targets in order (RFC 5321 §5.1): the next one when a host cannot be reached or fails the session
     * before any recipient was given; a session that got as far as RCPT decides the recipients.
     */
    private void attempt(List<String> rcpts, List<Target> targets, String purpose) throws InterruptedException {
        if (targets.isEmpty()) {
            fail(rcpts, Result.TRANSIENT, "no mail exchanger has an address", clientName, true);
            return;
        }
        String lastReason = "";
        boolean lastNetwork = true;
        Result lastResult = Result.TRANSIENT;
        for (Target t : targets) {
            if (cancelled.get()) {
                throw new InterruptedException("cancelled");
            }
            Attempt a = connectAndSend(t, rcpts, purpose);
            if (a.decisive) {
                return;
            }
            lastReason = a.reason;
            lastNetwork = a.network;
            lastResult = a.result;
        }
        fail(rcpts, lastResult, lastReason + (targets.size() > 1 ? " (all " + targets.size()
                + " addresses tried)" : ""), clientName, lastNetwork);
    }

    /** How one connection went: decisive (the recipients are decided) or a reason to try the next target. */
    private record Attempt(boolean decisive, String reason, boolean network, Result result) {
    }

    private Attempt connectAndSend(Target t, List<String> rcpts, String purpose) throws InterruptedException {
        connections++;
        gate.await("TCP: connect to " + t.name() + " [" + t.address() + "]:" + t.port());
        Socket socket = new Socket(java.net.Proxy.NO_PROXY); // mail goes straight to the host, never through a SOCKS proxy
        current = socket;
        long started = recorder.now();
        // a blocking connect, ended by the deadline if need be (a connect with a timeout costs the JDK a switch to
        // non-blocking mode and back, and a poll)
        watch = Deadlines.SENDS.open(socket);
        watch.arm(System.nanoTime() + options.timeouts().connect().toNanos());
        try {
            socket.connect(new InetSocketAddress(addressOf(t.address()), t.port()));
            if (!watch.disarm()) {
                throw new SocketTimeoutException("connect timed out"); // the deadline closed it just as it connected
            }
        } catch (RuntimeException e) {
            watch.close();
            watch = null;
            closeQuietly(socket);
            throw e;
        } catch (IOException caught) {
            watch.disarm();
            IOException e = watch.fired() ? new SocketTimeoutException("connect timed out") : caught;
            watch.close();
            watch = null;
            closeQuietly(socket);
            String clientAddr = TimedResolver.localAddressTowards(addressOf(t.address()));
            LiveConnection conn = new LiveConnection(recorder, "c" + connections, clientName, clientAddr, 0, t.name(),
                    t.address(), t.port());
            String reason;
            String why;
            if (cancelled.get()) {
                throw new InterruptedException("cancelled");
            } else if (e instanceof ConnectException) {
                reason = "refused";
                why = "connection refused: nothing listens on port " + t.port();
            } else if (e instanceof SocketTimeoutException) {
                reason = "timeout";
                why = "no answer within " + options.timeouts().connect().toSeconds() + " s"
                        + (t.port() == 25 ? "; many Internet providers block outgoing port 25 — try a smart host"
                        + " on port 587 (--smarthost)" : "");
            } else if (e instanceof NoRouteToHostException) {
                reason = "unreachable";
                why = "no route to host";
            } else {
                reason = "unreachable";
                why = String.valueOf(e.getMessage());
            }
            conn.failed(started, reason, why);
            return new Attempt(false, "connect to " + t.name() + " [" + t.address() + "]:" + t.port() + " failed: "
                    + why, true, Result.TRANSIENT);
        }
        try {
            String clientAddr = socket.getLocalAddress().getHostAddress();
            try {
                socket.setTcpNoDelay(true); // each command goes out at once; SMTP waits for every reply anyway
            } catch (IOException ignored) {
                // not fatal: only slower
            }
            LiveConnection conn = new LiveConnection(recorder, "c" + connections, clientName, clientAddr,
                    socket.getLocalPort(), t.name(), t.address(), t.port());
            conn.opened(started, purpose);
            return smtp(socket, conn, t, rcpts);
        } finally {
            watch.close();
            watch = null;
            closeQuietly(current);
            current = null;
        }
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** One SMTP session over an open connection; the client state machine decides, this method only carries bytes. */
    private Attempt smtp(Socket socket, LiveConnection conn, Target t, List<String> rcpts) throws InterruptedException {
        String helo = options.helo() != null ? options.helo() : "[" + socket.getLocalAddress().getHostAddress() + "]";
        if (options.implicitTls()) {
            try {
                socket = handshake(socket, conn, t);
                current = socket;
            } catch (HandshakeFailed e) {
                conn.closed(true);
                return new Attempt(false, e.getMessage(), true, Result.TRANSIENT);
            }
        }
        // like a real MTA, pipeline MAIL, RCPT and DATA when the server offers it (RFC 2920): fewer round trips
        SmtpClient client = new SmtpClient(new ClientConfig(helo, options.tls(), options.implicitTls(),
                options.credentials(), true), new Envelope(options.compose().from(), rcpts), content);
        boolean rcptSent = false;
        boolean network = false;
        boolean serverClosed = false;
        long replyDeadline = 0; // System.nanoTime() by which the awaited reply must be complete; 0: not waiting yet
        Outcome outcome;
        byte[] buf = new byte[16384];
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(512);
        List<ClientEvent.Send> pendingSends = new ArrayList<>();
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                ClientEvent ev = client.nextEvent();
                if (ev instanceof ClientEvent.Finished f) {
                    outcome = f.outcome();
                    break;
                } else if (ev instanceof ClientEvent.NeedData) {
                    if (pending.size() > 0) {
                        // the commands the client produced in one go leave together: one segment for a pipelined
                        // group (RFC 2920 §3.1 asks a client to send the group at once), one write otherwise
                        byte[] group = pending.toByteArray();
                        pending.reset();
                        long sentAt = recorder.now();
                        try {
                            write(out, group, options.timeouts().command());
                            for (ClientEvent.Send p : pendingSends) {
                                conn.command(sentAt, p.command(), p.lines(), p.authResponse(), p.secret());
                            }
                            pendingSends.clear();
                            replyDeadline = 0;
                        } catch (IOException e) {
                            if (cancelled.get()) {
                                throw new InterruptedException("cancelled");
                            }
                            if (e instanceof SocketTimeoutException) {
                                conn.error("smtp.timeout", "RFC 5321 §4.5.3.2", "the server stopped reading: "
                                        + e.getMessage(), true);
                            } else {
                                conn.error("smtp.session.closed", "RFC 5321 §3.8", "could not send: " + e.getMessage(),
                                        false);
                            }
                            network = true;
                            client.abort("could not send to the server: " + e.getMessage());
                            continue;
                        }
                    }
                    Duration wait = options.timeouts().forReplyIn(client.state());
                    if (replyDeadline == 0) {
                        // one deadline for the whole reply, however many reads it takes (a trickle cannot stretch it)
                        replyDeadline = System.nanoTime() + wait.toNanos();
                    }
                    int n;
                    try {
                        n = read(in, buf, replyDeadline);
                    } catch (SocketTimeoutException e) {
                        String what = client.state() == ClientState.CONTENT_SENT
                                ? "no reply after the final \".\" within " + wait.toSeconds() + " s: the message may"
                                + " or may not have been delivered (RFC 5321 §6.1)"
                                : "no complete reply within " + wait.toSeconds() + " s while waiting for "
                                + awaited(client.state());
                        conn.error("smtp.timeout", SmtpTimeouts.rfcFor(client.state()), what, true);
                        network = client.state() != ClientState.CONTENT_SENT;
                        client.abort("timeout: " + what);
                        continue;
                    } catch (IOException e) {
                        if (cancelled.get()) {
                            throw new InterruptedException("cancelled");
                        }
                        conn.error("smtp.session.closed", client.state() == ClientState.CONTENT_SENT ? "RFC 5321 §6.1"
                                : "RFC 5321 §3.8", "connection lost while waiting for " + awaited(client.state()) + ": "
                                + e.getMessage(), true);
                        network = client.state() != ClientState.CONTENT_SENT;
                        client.connectionClosed();
                        serverClosed = true;
                        continue;
                    }
                    if (n < 0) {
                        if (cancelled.get()) {
                            throw new InterruptedException("cancelled");
                        }
                        if (client.state() == ClientState.CONTENT_SENT) {
                            conn.error("smtp.session.closed", "RFC 5321 §6.1", "the server closed the connection after"
                                    + " the final \".\" without a reply: the message may or may not have been"
                                    + " delivered, so it is not counted as delivered", true);
                        } else if (client.state() != ClientState.QUIT_SENT) {
                            conn.error("smtp.session.closed", "RFC 5321 §3.8", "the server closed the connection"
                                    + " while the client waited for " + awaited(client.state()), true);
                        }
                        conn.closed(false);
                        serverClosed = true;
                        network = client.state() != ClientState.QUIT_SENT
                                && client.state() != ClientState.CONTENT_SENT;
                        client.connectionClosed();
                    } else {
                        client.receiveData(Arrays.copyOf(buf, n));
                    }
                } else if (ev instanceof ClientEvent.ReplyReceived r) {
                    replyDeadline = 0;
                    conn.reply(recorder.now(), r.reply(), r.rawLines());
                } else if (ev instanceof ClientEvent.Send s) {
                    if (serverClosed) {
                        client.connectionClosed();
                        continue;
                    }
                    boolean quit = s.command() != null && s.command().verb().equals("QUIT");
                    if (!quit && client.hasUnreadData()) {
                        // Every reply this client waits for has arrived before it sends its next command (a pipelined
                        // group is sent before any of its replies is read): bytes already here were sent out of turn,
                        // and taking them as the next reply would pair every later reply with the wrong command (a 250
                        // sent with the 354 would even read as a delivery of data the server never saw). QUIT is fine.
                        String next = s.command() != null ? s.command().verb()
                                : s.authResponse() ? "AUTH answer" : "message data";
                        conn.error("smtp.protocol-error", "RFC 5321 §4.2", "the server sent more than one reply, or"
                                + " spoke before the client's " + next + ": unsolicited data (one reply per command,"
                                + " RFC 5321 §4.2, RFC 2920)", true);
                        network = true;
                        client.abort("protocol error: unsolicited data from the server before the client's " + next);
                        continue;
                    }
                    gate.await(org.mailtrail.engine.SmtpSteps.commandSummary(s.command(), s.lines(), s.authResponse()));
                    long time = recorder.now();
                    boolean block = s.command() == null && !s.authResponse();
                    if (!block) {
                        pending.write(s.bytes()); // sent, and put on the timeline, when the client next waits
                        pendingSends.add(s);
                        rcptSent |= s.command() != null && s.command().verb().equals("RCPT");
                        continue;
                    }
                    try {
                        write(out, s.bytes(), options.timeouts().block());
                    } catch (IOException e) {
                        if (cancelled.get()) {
                            throw new InterruptedException("cancelled");
                        }
                        if (e instanceof SocketTimeoutException) {
                            conn.error("smtp.timeout", block ? "RFC 5321 §4.5.3.2.5" : "RFC 5321 §4.5.3.2",
                                    "the server stopped reading: " + e.getMessage(), true);
                        } else {
                            conn.error("smtp.session.closed", "RFC 5321 §3.8", "could not send: " + e.getMessage(), false);
                        }
                        network = true;
                        client.abort("could not send to the server: " + e.getMessage());
                        continue;
                    }
                    replyDeadline = 0;
                    conn.command(time, s.command(), s.lines(), s.authResponse(), s.secret());
                    rcptSent |= s.command() != null && s.command().verb().equals("RCPT");
                } else if (ev instanceof ClientEvent.StartTls) {
                    Socket tls = startTls(socket, conn, t, client);
                    if (tls == null) {
                        network = true;
                        continue;
                    }
                    socket = tls;
                    current = tls;
                    in = tls.getInputStream();
                    out = tls.getOutputStream();
                    replyDeadline = 0;
                    client.tlsEstablished();
                } else if (ev instanceof ClientEvent.ProtocolError p) {
                    conn.error("smtp.protocol-error", "RFC 5321 §4.2", p.message(), true);
                    network = true;
                }
            }
        } catch (IOException e) {
            // getInputStream/getOutputStream on a socket that was closed under us
            if (cancelled.get()) {
                throw new InterruptedException("cancelled");
            }
            conn.error("smtp.session.closed", "RFC 5321 §3.8", "connection lost: " + e.getMessage(), true);
            client.abort("connection lost: " + e.getMessage());
            outcome = client.outcome().orElseThrow();
            network = true;
        }
        if (!serverClosed) {
            conn.closed(true);
        }
        return conclude(outcome, t, rcptSent, network);
    }

    /** What the client waits for in {@code state}, in words. */
    private static String awaited(ClientState state) {
        switch (state) {
            case AWAIT_GREETING:
                return "the greeting";
            case EHLO_SENT:
                return "the reply to EHLO";
            case HELO_SENT:
                return "the reply to HELO";
            case STARTTLS_SENT:
                return "the reply to STARTTLS";
            case AUTH_SENT:
            case AUTH_USER_SENT:
            case AUTH_PASSWORD_SENT:
                return "the reply to AUTH";
            case MAIL_SENT:
                return "the reply to MAIL FROM";
            case RCPT_SENT:
                return "the reply to RCPT TO";
            case DATA_SENT:
                return "the reply to DATA";
            case CONTENT_SENT:
                return "the reply to the final \".\"";
            case QUIT_SENT:
                return "the reply to QUIT";
            default:
                return "a reply (state " + state + ")";
        }
    }

    private Attempt conclude(Outcome outcome, Target t, boolean rcptSent, boolean network) {
        boolean anyAccepted = false;
        for (RecipientStatus s : outcome.recipients().values()) {
            anyAccepted |= s.result() == Result.ACCEPTED;
        }
        if (anyAccepted) {
            recorder.local(EventKind.MESSAGE_ACCEPTED, t.name(), t.name() + " took responsibility for the message",
                    List.of(outcome.summary()), "message.accepted", "RFC 5321 §6.1",
                    Details.builder().put("host", t.name()).build());
        }
        boolean decisive = rcptSent || outcome.recipients().values().stream().anyMatch(s -> s.result() != Result.TRANSIENT);
        if (!decisive) {
            return new Attempt(false, outcome.summary(), network, Result.TRANSIENT);
        }
        for (Map.Entry<String, RecipientStatus> e : outcome.recipients().entrySet()) {
            RecipientStatus s = e.getValue();
            String why = s.reply() != null ? s.reply().code() + " " + s.reply().text() + " (" + s.note() + ")" : s.note();
            decide(e.getKey(), s.result(), why, t.name(), network);
            if (s.result() == Result.ACCEPTED) {
                delivered.add(new DeliveredMessage(e.getKey(), t.name(), false, content));
            }
        }
        return new Attempt(true, outcome.summary(), network, Result.TRANSIENT);
    }

    /** STARTTLS handshake (RFC 3207); null when it failed, which the client has been told. */
    private Socket startTls(Socket plain, LiveConnection conn, Target t, SmtpClient client) {
        try {
            return handshake(plain, conn, t);
        } catch (HandshakeFailed e) {
            client.tlsFailed(e.getMessage());
            return null;
        }
    }

    /** A failed TLS handshake, already on the timeline. */
    private static final class HandshakeFailed extends Exception {
        private static final long serialVersionUID = 1L;

        HandshakeFailed(String message) {
            super(message);
        }
    }

    /**
     * The TLS handshake over an open connection, with the host-name check and the trust verdict on the timeline.
     * With {@code --starttls require} an untrusted certificate fails it.
     */
    private Socket handshake(Socket plain, LiveConnection conn, Target t) throws HandshakeFailed {
        // credentials go only to a server whose certificate is trusted (RFC 8314 §5.1), whatever the STARTTLS policy
        TlsTrust.Judge judge = trust.judge(options.tls() == TlsMode.REQUIRE || options.credentials() != null);
        long started = recorder.now();
        Duration timeout = options.timeouts().command();
        watch.arm(System.nanoTime() + timeout.toNanos()); // one deadline for the whole handshake, however it trickles
        try {
            SSLSocket ssl = (SSLSocket) judge.context().getSocketFactory().createSocket(plain,
                    isAddressLiteral(t.name()) ? t.address() : t.name(), t.port(), true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the host-name check of RFC 6125
            ssl.setSSLParameters(p);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            if (!watch.disarm()) {
                throw new SocketTimeoutException("deadline passed"); // the deadline closed it just as it finished
            }
            SSLSession session = ssl.getSession();
            conn.tls(started, session.getProtocol(), session.getCipherSuite(), judge.subject(), judge.verdict());
            return ssl;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            watch.disarm();
            String why = watch.fired() ? "no complete handshake within " + timeout.toSeconds() + " s"
                    : !judge.subject().isEmpty() && !judge.trusted() ? judge.verdict() : String.valueOf(e.getMessage());
            conn.error("tls.failed", options.implicitTls() ? "RFC 8314 §3" : "RFC 3207 §4",
                    "TLS handshake with " + t.name() + " failed: " + why, false);
            throw new HandshakeFailed("TLS handshake with " + t.name() + " failed: " + why);
        }
    }

    /**
     * Reads what is there, waiting until {@code deadlineNanos} at most for the whole reply: the deadline closes the
     * socket if the read is still blocked then (over TLS one read collects a whole record, each byte of which may
     * trickle in, so a timeout per read would not bound it).
     */
    private int read(InputStream in, byte[] buf, long deadlineNanos) throws IOException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        watch.arm(deadlineNanos);
        try {
            int n = in.read(buf);
            if (n < 0 && watch.fired()) {
                throw new SocketTimeoutException("deadline passed"); // the deadline closed it, not the server
            }
            return n;
        } catch (IOException e) {
            throw watch.fired() ? new SocketTimeoutException("deadline passed") : e;
        } finally {
            watch.disarm();
        }
    }

    /** The size of the pieces a data block is written in; each piece has the whole block timeout. */
    static final int CHUNK = 64 * 1024;

    /**
     * Writes with a deadline per piece of at most {@link #CHUNK} bytes (RFC 5321 §4.5.3.2.5: the timeout applies to
     * each send of a chunk): a server that stops reading cannot hold the client for ever, and a big message on a
     * slow line is not cut off as long as it moves.
     */
    private void write(OutputStream out, byte[] bytes, Duration timeout) throws IOException {
        int off = 0;
        do {
            int len = Math.min(CHUNK, bytes.length - off);
            watch.arm(System.nanoTime() + timeout.toNanos());
            try {
                out.write(bytes, off, len);
                out.flush();
            } catch (IOException e) {
                throw watch.fired() ? new SocketTimeoutException("could not write within " + timeout.toSeconds() + " s")
                        : e;
            } finally {
                watch.disarm();
            }
            off += len;
        } while (off < bytes.length);
    }
}

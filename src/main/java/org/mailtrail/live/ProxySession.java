package org.mailtrail.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.CommandParse;
import org.mailtrail.smtp.DataDecoder;
import org.mailtrail.smtp.Reply;

/**
 * One client of the {@link SmtpProxy}, on a thread of its own: connects to the upstream (or answers {@code 421 4.4.1}),
 * then forwards the client's bytes to the upstream as they come, while {@link ProxyUpstream} forwards the upstream's
 * replies on a second thread (pipelining stays as the client sent it, RFC 2920). Both streams are decoded for the
 * timeline with the sans-IO decoders ({@link Command#parse}, {@link DataDecoder}, the {@link ProxyUpstream}'s
 * {@link org.mailtrail.smtp.ReplyDecoder}). The proxy adds nothing of its own to either stream except its own
 * {@code 421}, {@code 454} and, when the upstream does no TLS, {@code 220} lines to the client; it reads on after
 * DATA, AUTH and STARTTLS only once their reply is known, as a conforming client waits for it anyway. STARTTLS is
 * handled in {@link ProxyStartTls}.
 */
final class ProxySession implements Runnable {
    /** Events on one session's timeline before the proxy ends it (a bound on memory). */
    static final int MAX_EVENTS = 50_000;
    private static final int READ_BUFFER = 16 * 1024;
    /** The longest command line recorded (AUTH, RFC 4954 §4); longer ones are forwarded and noted. */
    private static final int MAX_LINE = Command.MAX_AUTH_LINE_OCTETS;

    final SmtpProxy owner;
    final ProxyConfig config;
    final String id;
    final Socket client;
    final ProxyLog log;
    final ProxyReplies replies = new ProxyReplies();
    final long idleNanos;
    final ProxyEnding ending = new ProxyEnding(this);
    volatile Socket upstream;
    volatile ProxyWire toClient;
    volatile ProxyWire toUpstream;
    InputStream clientIn;
    volatile boolean clientTls;
    volatile boolean upstreamTls;
    /** The upstream's last EHLO reply offered STARTTLS (RFC 3207 §4). */
    volatile boolean upstreamOffersTls;
    private Thread upstreamThread;

    // the client's stream, read by this session's thread only
    private byte[] acc = new byte[READ_BUFFER];
    private int accLen;
    private DataDecoder data;
    private long bdatLeft;
    private boolean authNext;
    private boolean overlong;
    /** The client's QUIT went to the upstream (the proxy sends no QUIT of its own then). */
    volatile boolean quitForwarded; // read by ProxyEnding on the upstream's thread

    ProxySession(SmtpProxy owner, Socket client, String id) {
        this.owner = owner;
        this.config = owner.config();
        this.id = id;
        this.client = client;
        this.idleNanos = config.idleTimeout().toNanos();
        InetSocketAddress local = new InetSocketAddress(client.getLocalAddress(), client.getLocalPort());
        this.log = new ProxyLog(id, new LiveRecorder(), (InetSocketAddress) client.getRemoteSocketAddress(), local,
                config);
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (RuntimeException e) {
            ownFinal(421, "4.3.0 the proxy failed (internal error); try again later",
                    "internal error: " + e);
        } finally {
            end();
        }
    }

    /** A connection turned away (too many at once, or the proxy stopping while it waited): 421, closed, recorded. */
    void turnAway(boolean stopping) {
        try {
            log.accepted();
            log.turnedAway();
            toClient = new ProxyWire(client, Math.min(idleNanos, 10_000_000_000L));
            int n = config.maxConnections();
            ending.ownFinal(421, stopping ? "4.3.2 the proxy is shutting down; closing"
                    : "4.7.0 too many connections through this proxy; try again later", stopping
                    ? "the proxy was stopped while this connection waited for a slot"
                    : "turned away: the proxy serves " + n + (n == 1 ? " connection" : " connections") + " at once",
                    false, false); // nothing read from it: closed at once, no thread held for its lingering
        } catch (IOException e) {
            log.closeReason("turned away; the 421 could not be written");
        } finally {
            end();
        }
    }

    private void serve() {
        log.accepted();
        owner.started(this);
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis())));
            clientIn = client.getInputStream();
            toClient = new ProxyWire(client, idleNanos);
        } catch (IOException e) {
            log.closeReason("connection lost");
            return;
        }
        if (!connectUpstream()) {
            return;
        }
        replies.expect(ProxyReplies.Kind.GREETING, "", "");
        upstreamThread = SmtpProxy.thread("mailtrail-proxy-upstream-" + id, new ProxyUpstream(this));
        upstreamThread.start();
        readLoop();
    }

    /** Opens the one connection this session may open: to the configured upstream (never anywhere else). */
    private boolean connectUpstream() {
        long started = log.recorder().now();
        Socket s = new Socket();
        try {
            s.connect(config.upstream(), (int) Math.max(1, config.connectTimeout().toMillis()));
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) Math.max(20, Math.min(1_000, config.idleTimeout().toMillis() / 4)));
            upstream = s;
            toUpstream = new ProxyWire(s, idleNanos);
        } catch (IOException e) {
            SmtpReceiver.closeQuietly(s);
            String reason = e instanceof ConnectException ? "refused" : e instanceof SocketTimeoutException
                    ? "timeout" : "unreachable";
            String why = e instanceof SocketTimeoutException ? "no answer within "
                    + MessageText.seconds(config.connectTimeout()) : String.valueOf(e.getMessage());
            log.upstreamFailed(started, reason, why);
            // "the upstream 127.0.0.1:2525", or with the name the user gave "the upstream mx.test (127.0.0.1:2525)"
            // (not the timeline's host name, which for an address is itself "upstream [127.0.0.1]": a tester read
            // "the upstream upstream [127.0.0.1] 127.0.0.1:25999")
            String address = HostNames.hostPort(config.upstream());
            String name = config.upstreamName();
            String target = HostNames.isAddressLiteral(name) || address.startsWith(name + ":") ? address
                    : name + " (" + address + ")";
            ownFinal(421, "4.4.1 the upstream " + target
                    + " cannot be reached (" + (reason.equals("refused") ? "connection refused" : why)
                    + "); try again later", "the upstream cannot be reached: " + why);
            return false;
        }
        log.upstreamOpened(started, new InetSocketAddress(s.getLocalAddress(), s.getLocalPort()));
        return true;
    }

    /** Reads the client until the session ends. */
    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        for (;;) {
            int n;
            try {
                n = clientIn.read(buf);
            } catch (SocketTimeoutException e) {
                if (isOver()) {
                    return; // ended meanwhile (the proxy stopped): its lingering close drains the rest
                }
                if (replies.owedSince() >= 0) {
                    // the client waits for a reply the upstream owes: the upstream is the silent one, not the client
                    upstreamSilent();
                    return;
                }
                endPolitely(421, "4.4.2 idle for too long (" + MessageText.seconds(config.idleTimeout())
                        + "); closing", "idle timeout: the client sent nothing for "
                        + MessageText.seconds(config.idleTimeout()));
                return;
            } catch (IOException e) {
                if (!isOver()) {
                    lost("the client connection failed while reading: " + ReceiverTls.message(e));
                }
                return;
            }
            if (n < 0) {
                ending.clientEnded();
                return;
            }
            if (isOver()) { // ended by the other side meanwhile: what came is dropped, as its lingering close does
                ending.dropped(n);
                return;
            }
            append(buf, n);
            try {
                if (!process()) {
                    return;
                }
            } catch (IOException e) {
                if (!isOver()) {
                    lost("the upstream connection failed while forwarding: " + ReceiverTls.message(e));
                }
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (log.recorder().size() > MAX_EVENTS) {
                awaitOwed();
                tooLong();
                return;
            }
        }
    }

    private void append(byte[] buf, int n) {
        if (accLen + n > acc.length) {
            acc = java.util.Arrays.copyOf(acc, Math.max(acc.length * 2, accLen + n));
        }
        System.arraycopy(buf, 0, acc, accLen, n);
        accLen += n;
    }

    /** Forwards and records what the client sent; false when the session is over. */
    private boolean process() throws IOException, InterruptedException {
        ByteArrayOutputStream fwd = new ByteArrayOutputStream();
        int pos = 0;
        long at = log.recorder().now();
        while (pos < accLen && !isOver()) { // once over (the other side, a stop), nothing more is forwarded
            if (data != null) { // message data: forwarded as it comes, recorded at its end (RFC 5321 §4.5.2)
                int k = data.feed(acc, pos, accLen - pos);
                fwd.write(acc, pos, k);
                pos += k;
                if (data.isComplete()) {
                    log.data(at, data.content(), data.size());
                    replies.expect(ProxyReplies.Kind.DATA_END, "", "");
                    data = null;
                }
                continue;
            }
            if (bdatLeft > 0) { // a BDAT chunk (RFC 3030): octets, not lines
                int k = (int) Math.min(bdatLeft, accLen - pos);
                fwd.write(acc, pos, k);
                pos += k;
                bdatLeft -= k;
                continue;
            }
            int lf = indexOfLf(pos);
            if (lf < 0) {
                if (accLen - pos > MAX_LINE) { // a line too long to record: forwarded as it is, noted at its end
                    fwd.write(acc, pos, accLen - pos);
                    pos = accLen;
                    overlong = true;
                }
                break;
            }
            int end = lf + 1;
            int textEnd = lf > pos && acc[lf - 1] == '\r' ? lf - 1 : lf;
            String text = new String(acc, pos, textEnd - pos, StandardCharsets.UTF_8);
            if (overlong) {
                overlong = false;
                fwd.write(acc, pos, end - pos);
                pos = end;
                log.error("server.too-long", "RFC 5321 §4.5.3.1.4", "the client sent a line longer than " + MAX_LINE
                        + " octets: forwarded as it came, not recorded");
                replies.expect(ProxyReplies.Kind.COMMAND, "", "");
                continue;
            }
            if (authNext) { // the answer to a 334: a credential, forwarded but never kept (RFC 4954 §4)
                log.authResponse(at);
                ProxyReplies.Expected e = replies.expect(ProxyReplies.Kind.AUTH_RESPONSE, "", "");
                fwd.write(acc, pos, end - pos);
                pos = end;
                Reply r = flushAndAwait(fwd, e);
                if (r == null) {
                    return false;
                }
                authNext = r.code() == 334;
                continue;
            }
            Command cmd = Command.parse(text) instanceof CommandParse.Ok ok ? ok.command() : null;
            String verb = cmd == null ? "" : cmd.verb();
            if (verb.equals("STARTTLS") && !clientTls) {
                byte[] line = java.util.Arrays.copyOfRange(acc, pos, end);
                int dropped = accLen - end;
                send(fwd);
                accLen = 0;
                log.command(at, text, cmd);
                if (dropped > 0) { // RFC 3207 §4.2: what came before TLS must not be taken as if it came after
                    log.error("smtp.protocol-error", "RFC 3207 §4.2", dropped + " octets the client sent after "
                            + "STARTTLS, before TLS, were dropped (the command injection of CVE-2011-0411)");
                }
                return new ProxyStartTls(this).run(line);
            }
            log.command(at, text, cmd);
            quitForwarded |= verb.equals("QUIT");
            ProxyReplies.Expected e = replies.expect(ProxyReplies.Kind.COMMAND, verb,
                    cmd == null ? "" : cmd.argument());
            fwd.write(acc, pos, end - pos);
            pos = end;
            if (verb.equals("DATA") || verb.equals("AUTH")) {
                Reply r = flushAndAwait(fwd, e);
                if (r == null) {
                    return false;
                }
                if (verb.equals("DATA") && r.code() == 354) {
                    data = new DataDecoder(ProxyLog.DATA_BUDGET + 1);
                }
                authNext = verb.equals("AUTH") && r.code() == 334;
            } else if (verb.equals("BDAT")) {
                bdatLeft = bdatSize(cmd.argument());
            }
        }
        send(fwd);
        System.arraycopy(acc, pos, acc, 0, accLen - pos);
        accLen -= pos;
        if (isOver()) {
            ending.dropped(accLen);
            accLen = 0;
        }
        return !isOver();
    }

    private int indexOfLf(int from) {
        for (int i = from; i < accLen; i++) {
            if (acc[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static long bdatSize(String argument) {
        String n = argument.strip().split(" ", 2)[0];
        try {
            return Math.max(0, Long.parseLong(n));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Forwards what is collected to the upstream. */
    void send(ByteArrayOutputStream fwd) throws IOException {
        if (fwd.size() > 0) {
            toUpstream.write(fwd.toByteArray());
            fwd.reset();
        }
    }

    /** Forwards, then waits for the reply to {@code e}; null when the session is over (recorded). */
    private Reply flushAndAwait(ByteArrayOutputStream fwd, ProxyReplies.Expected e)
            throws IOException, InterruptedException {
        send(fwd);
        Reply r = replies.await(e, System.nanoTime() + idleNanos);
        if (r == null && !isOver()) {
            upstreamSilent();
        }
        return r;
    }

    /** The upstream owes a reply for longer than the idle timeout: 421 to the client, the session ends. */
    void upstreamSilent() {
        ownFinal(421, "4.4.2 the upstream did not answer within " + MessageText.seconds(config.idleTimeout())
                + "; closing", "the upstream did not answer in time");
    }

    // ---- the end ({@link ProxyEnding}) ----

    boolean isOver() {
        return ending.isOver();
    }

    /**
     * Ends the session with the proxy's own reply {@code code text} to the client (recorded as said by the proxy);
     * only the first end counts. The upstream is closed at once: it is at fault, or may be.
     */
    void ownFinal(int code, String text, String reason) {
        ending.ownFinal(code, text, reason, true, false);
    }

    /** {@link #ownFinal} for an end the upstream has no part in: it gets a QUIT of the proxy's own. */
    void endPolitely(int code, String text, String reason) {
        ending.ownFinal(code, text, reason, true, true);
    }

    /** Writes one reply of the proxy's own to the client and records it; false if it could not be written. */
    boolean ownReply(int code, String text) {
        return ownReply(code, text, idleNanos);
    }

    /**
     * {@link #ownReply(int, String)} within {@code nanos}, or not at all: a final reply at a stop must not wait long
     * behind another write to a client that reads nothing ({@link ProxyWire#writeWithin}); recorded if written, else
     * why not.
     */
    boolean ownReply(int code, String text, long nanos) {
        Reply r = Reply.of(code, text);
        ProxyWire w = toClient;
        if (w == null) {
            return false;
        }
        try {
            if (w.writeWithin(r.toBytes(), nanos)) {
                log.reply(null, r, r.wireLines(), true);
                return true;
            }
            log.error("smtp.session.closed", "RFC 5321 §3.8", "the proxy's reply " + code + " was not written: the"
                    + " client has not taken what was sent to it (" + r.wireLines().get(0) + ")");
        } catch (IOException e) {
            log.error("smtp.session.closed", "RFC 5321 §3.8", "the proxy's reply " + code + " could not be written: "
                    + ReceiverTls.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** More than {@link #MAX_EVENTS} on the timeline (checked on both sides: replies count too): 421, a QUIT. */
    void tooLong() {
        endPolitely(421, "4.3.0 this session's transcript is too long; closing", "too long: more than " + MAX_EVENTS
                + " events");
    }

    /** The proxy stops ({@link SmtpProxy#close}): the replies owed come first (within a second), then 421 4.3.2. */
    void stop() {
        awaitOwed();
        ending.ownFinal(421, "4.3.2 the proxy is shutting down; closing", "the proxy was stopped", true, true,
                TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Waits up to a second for the replies the upstream owes to commands already forwarded, so that the proxy's own
     * 421 does not take the place of one (the 250 to a message's final dot: the client would send it again).
     */
    private void awaitOwed() {
        try {
            replies.awaitAll(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A connection broke: recorded, both closed. */
    void lost(String why) {
        ending.lost(why);
    }

    /** The upstream closed its side ({@code expected}: after 221 or 421, or after the client left). */
    void upstreamEnded(boolean expected) {
        ending.upstreamEnded(expected);
    }

    void joinUpstream(long millis) {
        Thread t = upstreamThread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The client's stream stands between commands (no message data, chunk or credential line under way). */
    private boolean betweenCommands() {
        return data == null && bdatLeft == 0 && !authNext && !overlong && !quitForwarded;
    }

    /** What the client had sent of a message or a command line when the session ended, noted (not forwarded). */
    private void noteUnfinished() {
        long at = log.recorder().now();
        if (data != null && data.size() > 0) { // forwarded as it came: the upstream has it, without its end
            log.data(at, data.content(), data.size(), false);
        } else if (data == null && bdatLeft == 0 && accLen > 0) {
            log.clientError("smtp.session.closed", "RFC 5321 §2.3.8", accLen + " octets of a command line without"
                    + " its line end (CR LF), not forwarded: the session was over");
        }
    }

    /** Closes everything, records the closes and writes the transcript; once. */
    private void end() {
        noteUnfinished();
        ending.end(betweenCommands());
        for (ProxyWire w : new ProxyWire[] {toClient, toUpstream}) {
            if (w != null) {
                w.close();
            }
        }
        owner.finished(this);
    }
}

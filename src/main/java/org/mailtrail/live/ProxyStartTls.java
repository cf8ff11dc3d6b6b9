package org.mailtrail.live;

import java.io.IOException;
import java.util.List;
import org.mailtrail.smtp.Reply;

/**
 * The client's STARTTLS through the proxy (RFC 3207; docs/inspect.md). Without a certificate for the client
 * side the proxy refuses it with {@code 454 4.7.0} (and {@link ProxyUpstream} has removed STARTTLS from the EHLO
 * reply): it never passes encrypted bytes it cannot read. With one, there are two TLS sessions: first the proxy
 * starts TLS with the upstream ({@code --tls-upstream auto} when the upstream offers STARTTLS, {@code require}
 * always, or the client gets {@code 421 4.7.0}; {@code off} never), then it passes the upstream's {@code 220} on (or
 * says its own when the upstream stays in plain text) and does the server side of the handshake with the client,
 * showing its own certificate. Each session goes on the timeline with its verdict.
 */
final class ProxyStartTls {
    private final ProxySession s;

    ProxyStartTls(ProxySession s) {
        this.s = s;
    }

    /** After the client's STARTTLS line ({@code line} as sent); false when the session is over. */
    boolean run(byte[] line) throws InterruptedException {
        long deadline = System.nanoTime() + s.idleNanos;
        // STARTTLS ends a pipelined group (RFC 2920 §3.1): the replies to what came before go first
        if (!s.replies.awaitAll(deadline)) {
            if (!s.isOver()) {
                s.upstreamSilent();
            }
            return false;
        }
        if (s.config.clientTls() == null) {
            return s.ownReply(454, "4.7.0 TLS not available: this proxy has no certificate for the client side "
                    + "(--tls-cert); go on without TLS or use another way");
        }
        ProxyConfig.UpstreamTls mode = s.config.tlsUpstream();
        boolean upTls = mode != ProxyConfig.UpstreamTls.OFF && s.upstreamOffersTls && !s.upstreamTls;
        String plainWhy = mode == ProxyConfig.UpstreamTls.OFF ? "--tls-upstream off"
                : s.upstreamTls ? "it is encrypted already" : "the upstream does not offer STARTTLS";
        if (mode == ProxyConfig.UpstreamTls.REQUIRE && !upTls && !s.upstreamTls) {
            s.log.upstreamError("tls.failed", "RFC 3207 §4", "the upstream does not offer STARTTLS, and "
                    + "--tls-upstream require asks for TLS on both sides");
            s.endPolitely(421, "4.7.0 the upstream does not offer STARTTLS (--tls-upstream require); closing",
                    "TLS required towards the upstream, which does not offer it");
            return false;
        }
        ProxyReplies.Expected answer = null;
        if (upTls) {
            answer = upstreamTls(line, deadline);
            if (answer == null) {
                return false;
            }
            if (answer.reply.code() != 220) {
                if (mode == ProxyConfig.UpstreamTls.REQUIRE) {
                    s.endPolitely(421, "4.7.0 the upstream refused STARTTLS (" + answer.reply.code()
                            + ") and --tls-upstream require is set; closing", "the upstream refused STARTTLS");
                    return false;
                }
                plainWhy = "the upstream refused STARTTLS with " + answer.reply.code();
                s.replies.resume(null); // reads on in plain text
                answer = null;
            }
        }
        return clientTls(answer, plainWhy);
    }

    /** Forwards STARTTLS and does the upstream's handshake; the 220 that came, or null when the session is over. */
    private ProxyReplies.Expected upstreamTls(byte[] line, long deadline) throws InterruptedException {
        ProxyReplies.Expected e = s.replies.expect(ProxyReplies.Kind.STARTTLS, "STARTTLS", "");
        try {
            s.toUpstream.write(line);
        } catch (IOException x) {
            s.lost("the upstream connection failed while forwarding STARTTLS: " + ReceiverTls.message(x));
            return null;
        }
        Reply r = s.replies.await(e, deadline);
        if (r == null || !s.replies.awaitParked(deadline)) {
            if (!s.isOver()) {
                s.upstreamSilent();
            }
            return null;
        }
        if (r.code() != 220) {
            return e;
        }
        long started = s.log.recorder().now();
        ProxyTls.Done done;
        try {
            done = s.toUpstream.timed(() -> ProxyTls.towardsUpstream(s.upstream, s.config.upstreamName()));
        } catch (IOException x) {
            s.log.upstreamError("tls.failed", "RFC 3207 §4", "the TLS handshake with the upstream failed: "
                    + ReceiverTls.message(x));
            s.ownFinal(421, "4.7.0 TLS with the upstream failed; closing", "TLS handshake with the upstream failed");
            return null;
        }
        try {
            s.toUpstream.swap(done.socket().getOutputStream());
            s.upstreamTls = true;
            s.log.upstreamTls(started, done.protocol(), done.cipher(), done.subject(), done.verdict());
            s.replies.resume(done.socket().getInputStream());
        } catch (IOException x) {
            s.lost("the upstream connection failed after TLS: " + ReceiverTls.message(x));
            return null;
        }
        return e;
    }

    /** The 220 to the client (the upstream's, or the proxy's own) and the server side of TLS with the client. */
    private boolean clientTls(ProxyReplies.Expected upstream220, String plainWhy) {
        ProxyWire w = s.toClient;
        w.lock(); // nothing reaches the client between the 220 and TLS
        try {
            long started;
            try {
                if (upstream220 != null) {
                    w.write(wire(upstream220.raw));
                    s.log.reply(null, upstream220.reply, upstream220.raw, false);
                } else if (!s.ownReply(220, "2.0.0 Ready to start TLS with the proxy (the upstream side stays "
                        + "in plain text: " + plainWhy + ")")) {
                    s.lost("the 220 to STARTTLS could not be written");
                    return false;
                }
                started = s.log.recorder().now();
            } catch (IOException x) {
                s.lost("the client connection failed while writing the 220: " + ReceiverTls.message(x));
                return false;
            }
            ProxyTls.Done done;
            try {
                done = w.timed(() -> ProxyTls.towardsClient(s.config.clientTls(), s.client));
                w.swap(done.socket().getOutputStream());
                s.clientIn = done.socket().getInputStream();
            } catch (IOException x) {
                s.log.error("tls.failed", "RFC 3207 §4", "the TLS handshake with the client failed (a client that "
                        + "does not trust the proxy's certificate stops here): " + ReceiverTls.message(x));
                s.ownFinal(421, "4.7.0 TLS failed; closing", "TLS handshake with the client failed");
                return false;
            }
            s.clientTls = true;
            String verdict = done.verdict() + (s.upstreamTls ? "" : "; the proxy - upstream connection stays in PLAIN "
                    + "TEXT (" + plainWhy + "), so this is the only TLS session");
            s.log.clientTls(started, done.protocol(), done.cipher(), done.subject(), verdict);
        } finally {
            w.unlock();
        }
        return true;
    }

    private static byte[] wire(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

package org.mailtrail.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailtrail.smtp.DecodeResult;
import org.mailtrail.smtp.EhloInfo;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ReplyDecoder;

/**
 * The upstream's side of a {@link ProxySession}, on a second thread: reads the upstream's replies, forwards them to
 * the client line by line as they come and records each complete reply (decoded by the sans-IO {@link ReplyDecoder})
 * against the command it answers ({@link ProxyReplies}). Two replies are held back until complete: an EHLO reply from
 * which {@code STARTTLS} is removed when the proxy cannot do TLS with the client (no certificate) or already does
 * (RFC 3207 §4.2), and the {@code 220} to a STARTTLS the proxy forwarded, which {@link ProxyStartTls} passes on after
 * the upstream's TLS handshake; this side parks meanwhile. The upstream's end is told to the session: expected after
 * {@code 221} or {@code 421}, otherwise the client gets {@code 421 4.4.2}.
 */
final class ProxyUpstream implements Runnable {
    /** Reply lines longer than this are recorded as errors (RFC 5321 says 512; real servers write a little more). */
    static final int MAX_REPLY_LINE = 4096;

    private final ProxySession s;
    private InputStream in;
    private ReplyDecoder decoder = new ReplyDecoder(MAX_REPLY_LINE);
    private byte[] acc = new byte[8192];
    private int accLen;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean closingSeen;

    ProxyUpstream(ProxySession s) {
        this.s = s;
    }

    @Override
    public void run() {
        try {
            in = s.upstream.getInputStream();
            loop();
        } catch (IOException e) {
            if (!s.isOver()) {
                s.lost("the upstream connection failed: " + ReceiverTls.message(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            s.ownFinal(421, "4.3.0 the proxy failed (internal error); try again later",
                    "internal error: " + e);
        }
    }

    private void loop() throws InterruptedException {
        byte[] buf = new byte[8192];
        for (;;) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                if (s.isOver()) {
                    if (s.ending.upstreamWanted()) {
                        continue; // the proxy's QUIT is (or is about to be) on its way: its answer is read
                    }
                    return;
                }
                long since = s.replies.owedSince();
                if (since != -1 && System.nanoTime() - since > s.idleNanos) {
                    s.upstreamSilent();
                    return;
                }
                continue; // nothing owed: the upstream may well wait for the client
            } catch (IOException e) {
                if (!s.isOver()) {
                    s.lost("the upstream connection failed while reading: " + ReceiverTls.message(e));
                }
                return;
            }
            if (n < 0) {
                s.upstreamEnded(closingSeen);
                return;
            }
            if (accLen + n > acc.length) {
                acc = java.util.Arrays.copyOf(acc, Math.max(acc.length * 2, accLen + n));
            }
            System.arraycopy(buf, 0, acc, accLen, n);
            accLen += n;
            if (!process()) {
                return;
            }
        }
    }

    /** Forwards and records the complete lines read; false when the session is over. */
    private boolean process() throws InterruptedException {
        ByteArrayOutputStream fwd = new ByteArrayOutputStream();
        int pos = 0;
        for (;;) {
            int lf = -1;
            for (int i = pos; i < accLen; i++) {
                if (acc[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            if (lf < 0) {
                if (accLen - pos > 2 * MAX_REPLY_LINE) { // no line end for far too long: forwarded as it is
                    decoder.feed(acc, pos, accLen - pos);
                    fwd.write(acc, pos, accLen - pos);
                    pos = accLen;
                }
                break;
            }
            int end = lf + 1;
            ProxyReplies.Expected head = s.replies.head();
            boolean hold = head != null && (head.kind == ProxyReplies.Kind.STARTTLS || stripsTls(head));
            decoder.feed(acc, pos, end - pos);
            (hold ? held : fwd).write(acc, pos, end - pos);
            pos = end;
            DecodeResult r = decoder.next();
            if (r instanceof DecodeResult.Error err) {
                s.log.badReply(err.message(), LiveConnection.printable(err.offendingLine()));
                fwd.writeBytes(held.toByteArray());
                held.reset();
            } else if (r instanceof DecodeResult.Complete c) {
                if (head != null && head.kind == ProxyReplies.Kind.STARTTLS) {
                    return startTlsReply(fwd, c, pos);
                }
                Reply shown = reply(head, c, fwd, hold);
                // forwarded before it counts as answered: what the client side says next (a 454, a 421) comes after
                if (!forward(fwd)) {
                    return false;
                }
                fwd.reset();
                s.replies.answered(shown, c.rawLines());
                if (s.log.recorder().size() > ProxySession.MAX_EVENTS) { // a client pipelining thousands of commands
                    s.tooLong(); // then reads on: for the answer to the proxy's QUIT
                }
            }
        }
        System.arraycopy(acc, pos, acc, 0, accLen - pos);
        accLen -= pos;
        return forward(fwd);
    }

    private boolean stripsTls(ProxyReplies.Expected e) {
        return e.kind == ProxyReplies.Kind.COMMAND && e.verb.equals("EHLO")
                && (s.config.clientTls() == null || s.clientTls);
    }

    /** A complete reply: recorded against what it answers, forwarded (an EHLO reply perhaps without STARTTLS). */
    private Reply reply(ProxyReplies.Expected head, DecodeResult.Complete c, ByteArrayOutputStream fwd, boolean held) {
        Reply reply = c.reply();
        List<String> raw = c.rawLines();
        if (head != null && head.kind == ProxyReplies.Kind.COMMAND && head.verb.equals("EHLO") && reply.isPositive()) {
            EhloInfo info = EhloInfo.parse(reply);
            s.upstreamOffersTls = info.startTls();
            if (held && info.startTls()) {
                raw = withoutStartTls(raw);
                reply = new Reply(reply.code(), raw.stream().map(l -> l.length() > 4 ? l.substring(4) : "").toList());
                // recorded as the client got it; docs/inspect.md says why STARTTLS is missing
                held(fwd, raw);
            } else if (held) {
                fwd.writeBytes(this.held.toByteArray());
            }
        } else if (held) {
            fwd.writeBytes(this.held.toByteArray());
        }
        this.held.reset();
        if (s.isOver()) { // the client's session has ended (a 421 of the proxy's own): nothing more goes to it
            fwd.reset();
            s.log.notForwarded(reply, raw, head != null && head.kind == ProxyReplies.Kind.PROXY_QUIT);
        } else {
            s.log.reply(head, reply, raw, false);
        }
        if (reply.code() == 221 || reply.code() == 421) {
            closingSeen = true;
        }
        return reply;
    }

    private static void held(ByteArrayOutputStream fwd, List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        fwd.writeBytes(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The lines of an EHLO reply without the STARTTLS line; the new last line gets a space (RFC 5321 §4.2.1). */
    static List<String> withoutStartTls(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String l = raw.get(i);
            if (i > 0 && l.length() >= 4 && l.substring(4).strip().toUpperCase(Locale.ROOT).equals("STARTTLS")) {
                continue;
            }
            out.add(l);
        }
        int last = out.size() - 1;
        String l = out.get(last);
        if (l.length() >= 4 && l.charAt(3) == '-') {
            out.set(last, l.substring(0, 3) + " " + l.substring(4));
        }
        return out;
    }

    /**
     * The upstream's reply to the STARTTLS the proxy forwarded: handed to {@link ProxyStartTls} (not forwarded here),
     * then this side parks until the handshakes are done and reads on from the stream it is given.
     */
    private boolean startTlsReply(ByteArrayOutputStream fwd, DecodeResult.Complete c, int pos)
            throws InterruptedException {
        held.reset();
        int dropped = accLen - pos;
        accLen = 0;
        if (!forward(fwd)) {
            return false;
        }
        if (dropped > 0 && c.reply().code() == 220) { // RFC 3207 §4.2: nothing in clear text counts after the 220
            s.log.upstreamError("smtp.protocol-error", "RFC 3207 §4.2", dropped + " octets the upstream sent after "
                    + "its 220 to STARTTLS, before TLS, were dropped");
        }
        s.replies.answered(c.reply(), c.rawLines());
        InputStream next = s.replies.park(System.nanoTime() + 2 * s.idleNanos);
        if (s.replies.isClosed() || s.isOver()) {
            return false;
        }
        if (next != null) { // TLS now; null: the upstream refused STARTTLS and this side reads on in plain text
            in = next;
            decoder = new ReplyDecoder(MAX_REPLY_LINE);
        }
        return true;
    }

    private boolean forward(ByteArrayOutputStream fwd) {
        if (fwd.size() == 0 || s.isOver()) { // after the proxy's own final reply the client gets nothing more
            return true;
        }
        try {
            s.toClient.write(fwd.toByteArray());
            return true;
        } catch (IOException e) {
            if (!s.isOver()) {
                s.lost("the client connection failed while forwarding a reply: " + ReceiverTls.message(e));
            }
            return false;
        }
    }
}

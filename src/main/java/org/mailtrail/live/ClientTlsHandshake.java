package org.mailtrail.live;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.smtp.TlsMode;

/**
 * The client side of TLS for a {@link LiveSender}: after a 220 to STARTTLS (RFC 3207 §4) or from the first byte
 * (RFC 8314 §3), with the host-name check of RFC 6125 and the trust verdict on the timeline. An untrusted
 * certificate fails the handshake with {@code --starttls require}, and always when credentials are to be sent
 * (RFC 8314 §5.1); otherwise the verdict is shown and the session goes on (opportunistic TLS, RFC 7435).
 */
final class ClientTlsHandshake {
    /** A failed TLS handshake, already on the timeline. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private final TlsTrust trust;
    private final boolean enforce;
    private final boolean implicitTls;
    private final Duration timeout;
    private final LiveRecorder recorder;

    ClientTlsHandshake(TlsTrust trust, LiveSender.Options options, LiveRecorder recorder) {
        this.trust = trust;
        // credentials go only to a server whose certificate is trusted (RFC 8314 §5.1), whatever the STARTTLS policy
        this.enforce = options.tls() == TlsMode.REQUIRE || options.credentials() != null;
        this.implicitTls = options.implicitTls();
        this.timeout = options.timeouts().command();
        this.recorder = recorder;
    }

    /** The handshake over the link's plain socket; the TLS socket, which the link then uses. */
    SSLSocket handshake(SenderLink link, LiveConnection conn, SendTarget t) throws Failed {
        TlsTrust.Judge judge = trust.judge(enforce);
        long started = recorder.now();
        Deadlines.Watch watch = link.watch();
        watch.arm(System.nanoTime() + timeout.toNanos()); // one deadline for the whole handshake, however it trickles
        try {
            SSLSocket ssl = (SSLSocket) judge.context().getSocketFactory().createSocket(link.socket(),
                    HostNames.isAddressLiteral(t.name()) ? t.address() : t.name(), t.port(), true);
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
            link.upgrade(ssl);
            return ssl;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            watch.disarm();
            String why = watch.fired() ? "no complete handshake within " + timeout.toSeconds() + " s"
                    : !judge.subject().isEmpty() && !judge.trusted() ? judge.verdict() : String.valueOf(e.getMessage());
            conn.error("tls.failed", implicitTls ? "RFC 8314 §3" : "RFC 3207 §4",
                    "TLS handshake with " + t.name() + " failed: " + why, false);
            throw new Failed("TLS handshake with " + t.name() + " failed: " + why);
        }
    }
}

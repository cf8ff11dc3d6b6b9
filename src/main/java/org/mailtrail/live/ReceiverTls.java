package org.mailtrail.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.smtp.SmtpServer;

/**
 * The receiver's TLS hand-over after its {@code 220} to STARTTLS (RFC 3207 §4): the server side of the handshake over
 * the connection's socket (stuck handshakes are cut off by the watchdog, reads on the TLS socket time out after the
 * idle timeout), recorded on the timeline, then the session's streams and state machine switch to TLS
 * (§4.2: the client must say EHLO again). No client certificate is asked for.
 */
final class ReceiverTls {
    private final SSLContext context;
    private final Socket raw;
    private final InetSocketAddress client;
    private final int idleMillis;
    private final IdleWatch watch;
    private final LiveConnection conn;
    private final LiveRecorder recorder;

    ReceiverTls(SSLContext context, Socket raw, InetSocketAddress client, int idleMillis, IdleWatch watch,
                LiveConnection conn, LiveRecorder recorder) {
        this.context = context;
        this.raw = raw;
        this.client = client;
        this.idleMillis = idleMillis;
        this.watch = watch;
        this.conn = conn;
        this.recorder = recorder;
    }

    /**
     * Does the handshake and switches {@code wire} and {@code server} to TLS; false when the session is over (the
     * handshake failed or the connection broke, which is then on the timeline and in the tally).
     */
    boolean handOver(SessionWire wire, SmtpServer server, SessionTally tally, SessionEnd ending) {
        if (!handshake(wire, server, tally, ending, "")) {
            return false;
        }
        server.tlsEstablished();
        return true;
    }

    /**
     * Implicit TLS (RFC 8314 §3.3): the handshake before the greeting; false when the session is over (recorded as
     * for {@link #handOver}).
     */
    boolean onConnect(SessionWire wire, SmtpServer server, SessionTally tally, SessionEnd ending) {
        return handshake(wire, server, tally, ending, " (implicit TLS, RFC 8314: TLS from the first byte)");
    }

    private boolean handshake(SessionWire wire, SmtpServer server, SessionTally tally, SessionEnd ending,
                              String note) {
        long started = recorder.now();
        SSLSocket ssl;
        try {
            ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, client.getAddress().getHostAddress(),
                    client.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.setSoTimeout(idleMillis);
            watch.ioStarted();
            ssl.startHandshake();
        } catch (IOException | RuntimeException e) {
            conn.error("tls.failed", note.isEmpty() ? "RFC 3207 §4" : "RFC 8314 §3.3", "the TLS handshake with the "
                    + "client failed" + note + ": " + message(e), true);
            server.connectionClosed();
            conn.closed(false);
            tally.closeReason("TLS handshake failed");
            return false;
        } finally {
            watch.ioDone();
        }
        SSLSession s = ssl.getSession();
        conn.tls(started, s.getProtocol(), s.getCipherSuite(), localSubject(s),
                "server side: this server's certificate was presented; no client certificate was asked for" + note);
        try {
            wire.tls(ssl);
        } catch (IOException e) {
            ending.lost("the connection failed after the TLS handshake: " + message(e));
            return false;
        }
        tally.tls();
        return true;
    }

    private static String localSubject(SSLSession s) {
        Certificate[] certs = s.getLocalCertificates();
        if (certs == null || certs.length == 0 || !(certs[0] instanceof X509Certificate x)) {
            return "(none)";
        }
        return x.getSubjectX500Principal().getName();
    }

    /** An exception in words for the transcript. */
    static String message(Throwable e) {
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        if (e instanceof java.nio.channels.AsynchronousCloseException) {
            // the watchdog closed it under a read or write that waited: a client that did not keep up in time
            return "the connection was closed while a read or write waited for the client (the server's time limit)";
        }
        if (e instanceof java.nio.channels.ClosedChannelException) {
            return "the connection was already closed";
        }
        if (e instanceof java.io.EOFException) {
            return "the connection ended";
        }
        return "network error";
    }
}

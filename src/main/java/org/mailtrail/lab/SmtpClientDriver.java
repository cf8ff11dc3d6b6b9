package org.mailtrail.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.smtp.ClientEvent;
import org.mailtrail.smtp.ClientState;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.timeline.Printable;

/**
 * Carries a sans-IO {@link SmtpClient} over a blocking socket to the end of its session, and writes each command,
 * reply and TLS hand-over on the connection's timeline as it happens. The commands one turn of the client produces
 * (a pipelined group, RFC 2920) leave in one write. The client decides everything; this only carries bytes.
 */
final class SmtpClientDriver {
    private SmtpClientDriver() {
    }

    static Outcome run(SmtpClient client, SocketStreams io, ConnectionSteps conn, LiveRecorder rec, SSLContext tls) {
        ByteArrayOutputStream group = new ByteArrayOutputStream(512);
        List<ClientEvent.Send> sends = new ArrayList<>();
        while (true) {
            ClientEvent ev = client.nextEvent();
            if (ev instanceof ClientEvent.Finished f) {
                return f.outcome();
            } else if (ev instanceof ClientEvent.Send s) {
                sends.add(s);
                group.writeBytes(s.bytes());
            } else if (ev instanceof ClientEvent.ReplyReceived r) {
                long t = rec.now();
                conn.reply(t, t, r.reply(), Printable.all(r.rawLines()));
            } else if (ev instanceof ClientEvent.ProtocolError p) {
                conn.error(rec.now(), "smtp.protocol-error", "RFC 5321 §4.2", "Protocol error: " + p.message(),
                        p.message(), true);
            } else if (ev instanceof ClientEvent.StartTls) {
                if (!flush(client, io, conn, rec, group, sends)) {
                    continue;
                }
                long started = rec.now();
                try {
                    SSLSocket ssl = io.startTls(tls, true);
                    SSLSession s = ssl.getSession();
                    tls(conn, started, rec.now(), s, subject(s), "trusted: the lab's own certificate");
                    client.tlsEstablished();
                } catch (IOException e) {
                    conn.error(rec.now(), "tls.failed", "RFC 3207 §4.1", "Error: TLS handshake failed",
                            "TLS handshake failed: " + e.getMessage(), false);
                    client.tlsFailed(String.valueOf(e.getMessage()));
                }
            } else if (ev instanceof ClientEvent.NeedData) {
                if (!flush(client, io, conn, rec, group, sends)) {
                    continue;
                }
                try {
                    byte[] b = io.read();
                    if (b == null && client.state() == ClientState.CONTENT_SENT) {
                        conn.closedAfterData(rec.now());
                        client.connectionClosed();
                    } else if (b == null) {
                        error(conn, rec, "smtp.session.closed", "RFC 5321 §3.8", "the server closed the connection", true);
                        client.connectionClosed();
                    } else {
                        client.receiveData(b);
                    }
                } catch (SocketTimeoutException e) {
                    error(conn, rec, "smtp.timeout", "RFC 5321 §4.5.3.2", "no reply in time", true);
                    client.abort("no reply from the server in time");
                } catch (IOException e) {
                    error(conn, rec, "smtp.session.closed", "RFC 5321 §3.8", "connection lost: " + e.getMessage(), true);
                    client.connectionClosed();
                }
            }
        }
    }

    /** Writes what the client produced in this turn, each command on the timeline first; false if that failed. */
    private static boolean flush(SmtpClient client, SocketStreams io, ConnectionSteps conn, LiveRecorder rec,
                                 ByteArrayOutputStream group, List<ClientEvent.Send> sends) {
        if (group.size() == 0) {
            return true;
        }
        long at = rec.now();
        for (ClientEvent.Send s : sends) {
            conn.command(at, at, s.command(), SmtpSteps.shownLines(s), s.authResponse(), s.secret());
        }
        sends.clear();
        byte[] bytes = group.toByteArray();
        group.reset();
        try {
            io.write(bytes);
            return true;
        } catch (IOException e) {
            error(conn, rec, "smtp.session.closed", "RFC 5321 §3.8", "could not send: " + e.getMessage(), false);
            client.abort("could not send to the server: " + e.getMessage());
            return false;
        }
    }

    static void error(ConnectionSteps conn, LiveRecorder rec, String key, String rfc, String message,
                      boolean serverSide) {
        String m = Printable.of(message);
        conn.error(rec.now(), key, rfc, "Error: " + m, m, serverSide);
    }

    /** The TLS step, as live mode shows it. */
    static void tls(ConnectionSteps conn, long started, long now, SSLSession s, String subject, String verdict) {
        conn.tls(started, now, s.getProtocol(), s.getCipherSuite(), subject, verdict, List.of("protocol: "
                + s.getProtocol(), "cipher: " + s.getCipherSuite(), "certificate: " + subject, "verdict: " + verdict,
                "(the rest of this session is encrypted on the wire)"));
    }

    static String subject(SSLSession s) {
        try {
            return ((java.security.cert.X509Certificate) s.getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
            return "(none)";
        }
    }
}

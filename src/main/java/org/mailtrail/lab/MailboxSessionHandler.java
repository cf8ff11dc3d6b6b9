package org.mailtrail.lab;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.MailStore;
import org.mailtrail.engine.MailboxServer;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;

/**
 * A mailbox host's POP3 or IMAP server in the lab, for the world's own mail clients and for any real one (Python's
 * poplib and imaplib, Thunderbird): the same server machines as the simulation, over a socket. A session from a
 * client outside the world is a journey of its own, written from this side.
 */
final class MailboxSessionHandler implements LabListener.Handler {
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final Host host;
    private final Retrieval how;
    private final LabPlan plan;
    private final MailStore store;
    private final LabJourneys journeys;
    private final LabTls tls;
    private final int timeoutMillis;

    MailboxSessionHandler(Host host, Retrieval how, LabPlan plan, MailStore store, LabJourneys journeys, LabTls tls,
                          int timeoutMillis) {
        this.host = host;
        this.how = how;
        this.plan = plan;
        this.store = store;
        this.journeys = journeys;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public byte[] farewell() {
        String bye = how == Retrieval.POP3 ? "-ERR [SYS/TEMP] the lab is stopping"
                : "* BYE the lab is stopping";
        return (bye + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void serve(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        boolean fromLab = journeys.origin(peer, socket.getPort()) != null;
        String proto = how == Retrieval.POP3 ? "pop3" : "imap";
        ConnectionSteps steps = null;
        LiveRecorder rec = null;
        if (!fromLab) {
            Host clientHost = plan.hostAt(peer);
            String clientName = clientHost != null ? clientHost.name() : "[" + peer + "]";
            LabJourneys.LabJourney j = journeys.create(how.name() + " session of " + clientName + " at "
                    + host.name(), Route.DIRECT);
            rec = j.recorder();
            steps = new ConnectionSteps(rec, "m" + SESSIONS.incrementAndGet(), clientName, peer, socket.getPort(),
                    host.name(), socket.getLocalAddress().getHostAddress(), socket.getLocalPort(),
                    how.name().toLowerCase(java.util.Locale.ROOT))
                    .servicePort(plan.ports().worldPort(socket.getLocalPort()));
            long t = rec.now();
            steps.syn(t, t);
            steps.synAck(t, t);
            steps.ack(t, t, null);
        }
        MailboxServer server = MailboxServer.of(how, host.name(), store.access(host.name()));
        boolean byServer = false;
        boolean first = true;
        try (SocketStreams io = new SocketStreams(socket, timeoutMillis)) {
            server.start();
            while (true) {
                MailboxServer.Event e = server.nextEvent();
                if (e instanceof MailboxServer.Send s) {
                    if (steps != null) {
                        long t = rec.now();
                        steps.mailboxReply(t, t, proto, s.lines(), first ? "greeting" : kind(s.lines()));
                    }
                    first = false;
                    io.write(s.bytes());
                } else if (e instanceof MailboxServer.Command c) {
                    if (steps != null) {
                        long t = rec.now();
                        steps.mailboxCommand(t, t, proto, c.shownLine(), c.verb());
                    }
                } else if (e instanceof MailboxServer.StartTls) {
                    long started = rec == null ? 0 : rec.now();
                    SSLSocket ssl = io.startTls(tls.server(), false);
                    if (steps != null) {
                        SmtpClientDriver.tls(steps, started, rec.now(), ssl.getSession(), tls.subject(),
                                "the lab's own certificate");
                    }
                    server.tlsEstablished();
                } else if (e instanceof MailboxServer.Close) {
                    byServer = true;
                    break;
                } else {
                    byte[] b = io.read();
                    if (b == null) {
                        break;
                    }
                    server.receiveData(b);
                }
            }
        } catch (SocketTimeoutException e) {
            if (steps != null) {
                steps.error(rec.now(), "mailbox.timeout", ConnectionSteps.mailboxRfc(proto), "Error: the client sent"
                        + " nothing in time", "the client sent nothing in time", false);
            }
        } catch (IOException e) {
            if (steps != null) {
                steps.error(rec.now(), "mailbox.closed", ConnectionSteps.mailboxRfc(proto), "Error: connection lost",
                        String.valueOf(e.getMessage()), false);
            }
        } finally {
            if (steps != null) {
                long t = rec.now();
                steps.close(t, t, !byServer);
            }
            journeys.served(peer, socket.getPort());
        }
    }

    /** The explanation kind of a response the server wrote: ok, err (POP3), no, bad (IMAP). */
    private String kind(List<String> lines) {
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (how == Retrieval.POP3) {
            return lines.isEmpty() || lines.get(0).startsWith("+") ? "ok" : "err";
        }
        String[] w = last.split(" ", 3);
        String status = w.length > 1 ? w[1] : "";
        return status.equals("NO") ? "no" : status.equals("BAD") ? "bad" : "ok";
    }
}

package org.mailtrail.lab;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.engine.DeliveryAgent;
import org.mailtrail.engine.JourneyState;
import org.mailtrail.engine.ReceivingPolicy;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.timeline.Printable;
import org.mailtrail.world.Host;
import org.mailtrail.world.Route;

/**
 * A world host's SMTP server in the lab: each connection runs the sans-IO {@link SmtpServer} with the host's
 * {@link ReceivingPolicy}, the same as in the simulation. A session from another lab host joins that host's journey
 * (its client side writes the conversation; this side adds what the server decides: Received:, the acceptance); a
 * session from outside the world starts a journey of its own and is written from this side.
 */
final class SmtpSessionHandler implements LabListener.Handler {
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final Host host;
    private final LabPlan plan;
    private final DeliveryAgent agent;
    private final LabJourneys journeys;
    private final LabTls tls;
    private final Route route;
    private final int timeoutMillis;

    SmtpSessionHandler(Host host, LabPlan plan, DeliveryAgent agent, LabJourneys journeys, LabTls tls, Route route,
                       int timeoutMillis) {
        this.host = host;
        this.plan = plan;
        this.agent = agent;
        this.journeys = journeys;
        this.tls = tls;
        this.route = route;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public byte[] farewell() {
        return Reply.of(421, "4.3.2 " + host.name() + " Service not available: the lab is stopping").toBytes();
    }

    @Override
    public void serve(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        int peerPort = socket.getPort();
        JourneyState journey = journeys.origin(peer, peerPort);
        Host clientHost = plan.hostAt(peer);
        String clientName = clientHost != null ? clientHost.name() : "[" + peer + "]";
        ConnectionSteps steps = null;
        LiveRecorder rec = null;
        if (journey == null) {
            LabJourneys.LabJourney j = journeys.create("from " + clientName + " to " + host.name(), route);
            journey = j.state();
            rec = j.recorder();
            steps = new ConnectionSteps(rec, "s" + SESSIONS.incrementAndGet(), clientName, peer, peerPort,
                    host.name(), socket.getLocalAddress().getHostAddress(), socket.getLocalPort())
                    .servicePort(plan.ports().worldPort(socket.getLocalPort()));
            long t = rec.now();
            steps.syn(t, t);
            steps.synAck(t, t);
            steps.ack(t, t, null);
        }
        ReceivingPolicy policy = agent.openSession(host, clientName, peer, journey);
        ServerConfig config = DeliveryAgent.serverConfig(host).withSmtpUtf8Listed(false);
        SmtpServer smtp = new SmtpServer(config, policy);
        boolean byServer = false;
        try (SocketStreams io = new SocketStreams(socket, timeoutMillis)) {
            smtp.start();
            byServer = pump(smtp, io, steps, rec);
        } catch (IOException e) {
            if (steps != null) {
                SmtpClientDriver.error(steps, rec, "smtp.session.closed", "RFC 5321 §3.8", "connection lost: "
                        + e.getMessage(), false);
            }
        } finally {
            if (steps != null) {
                long t = rec.now();
                steps.close(t, t, !byServer);
            }
            agent.sessionEnded(policy);
            journeys.served(peer, peerPort);
        }
    }

    /** Runs the session; true when the server ended it. */
    private boolean pump(SmtpServer smtp, SocketStreams io, ConnectionSteps steps, LiveRecorder rec)
            throws IOException {
        while (true) {
            ServerEvent e = smtp.nextEvent();
            if (e instanceof ServerEvent.Send s) {
                if (steps != null) {
                    long t = rec.now();
                    steps.reply(t, t, s.reply(), s.reply().wireLines());
                }
                io.write(s.bytes());
            } else if (e instanceof ServerEvent.CommandReceived c) {
                if (steps != null) {
                    long t = rec.now();
                    // the server already hid the credentials of AUTH in the line (RFC 4954); mark it for redaction too
                    boolean auth = c.command() != null && c.command().verb().equals("AUTH");
                    String[] parts = c.line().split(" ", 3);
                    String shown = auth && parts.length == 3 ? parts[0] + " " + parts[1] + " " + SmtpSteps.HIDDEN
                            : c.line();
                    steps.command(t, t, c.command(), List.of(Printable.of(shown)), false,
                            auth || c.line().equals(SmtpSteps.HIDDEN));
                }
            } else if (e instanceof ServerEvent.DataReceived d) {
                if (steps != null) {
                    long t = rec.now();
                    steps.command(t, t, null, Printable.all(d.lines()), false, false);
                }
            } else if (e instanceof ServerEvent.BareLineEnd b) {
                if (steps != null) {
                    SmtpClientDriver.error(steps, rec, "server.bare-line-end", "RFC 5321 §2.3.8", b.describe(), true);
                }
            } else if (e instanceof ServerEvent.StartTls) {
                long started = rec == null ? 0 : rec.now();
                SSLSocket ssl = io.startTls(tls.server(), false);
                if (steps != null) {
                    SmtpClientDriver.tls(steps, started, rec.now(), ssl.getSession(), tls.subject(),
                            "the lab's own certificate");
                }
                smtp.tlsEstablished();
            } else if (e instanceof ServerEvent.Close) {
                return true;
            } else if (e instanceof ServerEvent.NeedData) {
                byte[] b;
                try {
                    b = io.read();
                } catch (SocketTimeoutException t) {
                    if (steps != null) {
                        SmtpClientDriver.error(steps, rec, "smtp.timeout", "RFC 5321 §4.5.3.2",
                                "the client sent nothing in time", false);
                    }
                    io.write(Reply.of(421, "4.4.2 " + host.name() + " Error: timeout exceeded").toBytes());
                    return true;
                }
                if (b == null) {
                    return false;
                }
                smtp.receiveData(b);
            }
        }
    }
}

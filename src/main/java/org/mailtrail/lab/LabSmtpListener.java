package org.mailtrail.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.DeliveryAgent;
import org.mailtrail.engine.JourneyState;
import org.mailtrail.engine.ReceivingPolicy;
import org.mailtrail.live.LiveConnection;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.world.Host;
import org.mailtrail.world.Route;

/**
 * One world host's SMTP server in the lab, on its lab address: each connection runs the sans-IO {@link SmtpServer}
 * with the host's {@link ReceivingPolicy}, the same as in the simulation. A session from another lab host joins that
 * host's journey (its client side writes the conversation; this side adds what the server decides: Received:, the
 * acceptance); a session from outside the world starts a journey of its own and is written from this side.
 */
final class LabSmtpListener implements AutoCloseable {
    private final Host host;
    private final LabPlan plan;
    private final DeliveryAgent agent;
    private final LabJourneys journeys;
    private final LabTls tls;
    private final Route route;
    private final int timeoutMillis;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final LabScheduler scheduler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile boolean closing;

    LabSmtpListener(Host host, String address, int port, LabPlan plan, DeliveryAgent agent, LabJourneys journeys,
                    LabTls tls, Route route, int timeoutMillis, ExecutorService threads, LabScheduler scheduler)
            throws IOException {
        this.scheduler = scheduler;
        this.host = host;
        this.plan = plan;
        this.agent = agent;
        this.journeys = journeys;
        this.tls = tls;
        this.route = route;
        this.timeoutMillis = timeoutMillis;
        this.threads = threads;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LabPlan.literal(address), port), 100);
        this.server = s;
    }

    void start() {
        threads.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = server.accept();
                open.add(s);
                scheduler.busy();
                threads.execute(() -> {
                    try {
                        serve(s);
                    } finally {
                        scheduler.done();
                    }
                });
            } catch (IOException e) {
                if (closing) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        int peerPort = socket.getPort();
        JourneyState journey = journeys.origin(peer, peerPort);
        Host clientHost = plan.hostAt(peer);
        String clientName = clientHost != null ? clientHost.name() : "[" + peer + "]";
        LiveConnection conn = null;
        LiveRecorder rec = null;
        if (journey == null) {
            LabJourneys.LabJourney j = journeys.create("from " + clientName + " to " + host.name(), route);
            journey = j.state();
            rec = j.recorder();
            conn = new LiveConnection(rec, "s" + sessions.incrementAndGet(), clientName, peer, peerPort, host.name(),
                    socket.getLocalAddress().getHostAddress(), socket.getLocalPort());
            conn.accepted();
        }
        ReceivingPolicy policy = agent.openSession(host, clientName, peer, journey);
        ServerConfig config = DeliveryAgent.serverConfig(host).withSmtpUtf8Listed(false);
        SmtpServer smtp = new SmtpServer(config, policy);
        boolean byServer = false;
        try (SocketStreams io = new SocketStreams(socket, timeoutMillis)) {
            smtp.start();
            byServer = pump(smtp, io, conn, rec);
        } catch (IOException e) {
            if (conn != null) {
                conn.error("smtp.session.closed", "RFC 5321 §3.8", "connection lost: " + e.getMessage(), true);
            }
        } finally {
            open.remove(socket);
            if (conn != null) {
                conn.closed(!byServer);
            }
            agent.sessionEnded(policy);
        }
    }

    /** Runs the session; true when the server ended it. */
    private boolean pump(SmtpServer smtp, SocketStreams io, LiveConnection conn, LiveRecorder rec) throws IOException {
        while (true) {
            ServerEvent e = smtp.nextEvent();
            if (e instanceof ServerEvent.Send s) {
                if (conn != null) {
                    conn.reply(rec.now(), s.reply(), s.reply().wireLines());
                }
                io.write(s.bytes());
            } else if (e instanceof ServerEvent.CommandReceived c) {
                if (conn != null) {
                    conn.command(rec.now(), c.command(), List.of(LiveConnection.printable(c.line())), false, false);
                }
            } else if (e instanceof ServerEvent.DataReceived d) {
                if (conn != null) {
                    conn.command(rec.now(), null, d.lines(), false, false);
                }
            } else if (e instanceof ServerEvent.StartTls) {
                long started = rec == null ? 0 : rec.now();
                SSLSocket ssl = io.startTls(tls.server(), false);
                if (conn != null) {
                    SSLSession s = ssl.getSession();
                    conn.tls(started, s.getProtocol(), s.getCipherSuite(), tls.subject(), "the lab's own certificate");
                }
                smtp.tlsEstablished();
            } else if (e instanceof ServerEvent.Close) {
                return true;
            } else if (e instanceof ServerEvent.NeedData) {
                byte[] b;
                try {
                    b = io.read();
                } catch (SocketTimeoutException t) {
                    if (conn != null) {
                        conn.error("smtp.timeout", "RFC 5321 §4.5.3.2", "the client sent nothing in time", false);
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

    /** Stops taking connections; open sessions are told 421 (RFC 5321 §3.8) and closed. */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        for (Socket s : open) {
            try {
                s.getOutputStream().write(Reply.of(421, "4.3.2 " + host.name()
                        + " Service not available: the lab is stopping").toBytes());
            } catch (IOException ignored) {
                // the client may be gone already
            }
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}

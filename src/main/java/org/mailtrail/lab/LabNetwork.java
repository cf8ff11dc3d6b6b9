package org.mailtrail.lab;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.engine.Journal;
import org.mailtrail.engine.MailNetwork;
import java.util.List;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.TimedResolver;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The lab's transport for the mail-host core: DNS queries to the lab's DNS server, TCP from the sending host's own
 * lab address to the lab address and port of the other host, the SMTP client carried over the socket, the real clock
 * on the timeline. Every step is written on the journey's recorder as it happens.
 */
final class LabNetwork implements MailNetwork {
    /** An open connection between two lab hosts: its socket and the writer of its steps. */
    record Opened(String client, String server, SocketStreams io, ConnectionSteps steps, String localAddress,
                  int localPort) implements Link {
    }

    private final LabPlan plan;
    private final LabClock clock;
    private final LabTls tls;
    private final LabJourneys journeys;
    private final Duration timeout;
    private final Random random = new Random();
    private final LabMailboxes mailboxes;
    private int connections;
    /** The sockets of the connections open now (a queue task's), closed by {@link #shutdown()}. */
    private final Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean shutDown;

    LabNetwork(LabPlan plan, LabClock clock, LabTls tls, LabJourneys journeys, Duration timeout,
               LabMailboxes mailboxes) {
        this.plan = plan;
        this.clock = clock;
        this.tls = tls;
        this.journeys = journeys;
        this.timeout = timeout;
        this.mailboxes = mailboxes;
    }

    @Override
    public long now() {
        return clock.now();
    }

    @Override
    public Instant wallClock() {
        return Instant.now();
    }

    private TimedResolver resolver(Journal journal, Host from) {
        return new TimedResolver(new InetSocketAddress(plan.dnsAddress(), plan.ports().dns()), (LiveRecorder) journal,
                from.name(), plan.world().dns().resolverName(), timeout);
    }

    @Override
    public MxResolution resolveMx(Journal journal, Host from, String domain) {
        MxPolicy policy;
        synchronized (random) {
            policy = new MxPolicy(resolver(journal, from), new Random(random.nextLong()));
        }
        return policy.resolve(domain, Set.of(from.name()));
    }

    @Override
    public String lookupAddress(Journal journal, Host from, String name) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
            Message r = resolver(journal, from).send(q);
            for (Record rec : r.getSection(Section.ANSWER)) {
                if (rec.getType() == Type.A) {
                    return rec.rdataToString();
                }
            }
            return null;
        } catch (TextParseException e) {
            return null;
        } catch (IOException e) {
            return null; // the failure is on the timeline
        }
    }

    @Override
    public Link connect(Journal journal, Host client, String address, int port, String purpose) {
        return open((LiveRecorder) journal, client, address, port, purpose);
    }

    /** Opens TCP from a lab host to a host of the world (by its world or lab address) on a world port; null if not. */
    Opened open(LiveRecorder rec, Host client, Host server, int worldPort, String purpose) {
        return open(rec, client, plan.address(server), worldPort, purpose);
    }

    private Opened open(LiveRecorder rec, Host client, String address, int port, String purpose) {
        int labPort = plan.ports().map(port);
        // a world address (from the world file, e.g. the submission server's) is the host's lab address here
        address = plan.hostAt(address) != null ? address : plan.labAddressOf(address);
        Host server = plan.hostAt(address);
        String serverName = server == null ? address : server.name();
        String from = plan.address(client);
        String id;
        synchronized (this) {
            id = "c" + ++connections;
        }
        Socket socket = new Socket(Proxy.NO_PROXY);
        open.add(socket);
        long started = rec.now();
        int localPort = 0;
        try {
            if (shutDown) {
                throw new IOException("the lab has stopped");
            }
            if (!plan.mayConnect(address)) {
                throw new IOException("not a lab address: the lab never connects outside its own addresses");
            }
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LabPlan.literal(from), 0));
            localPort = socket.getLocalPort();
            journeys.register(from, localPort, journeys.stateOf(rec));
            socket.connect(new InetSocketAddress(LabPlan.literal(address), labPort), (int) timeout.toMillis());
            ConnectionSteps steps = new ConnectionSteps(rec, id, client.name(), from, localPort, serverName, address,
                    labPort, ConnectionSteps.protocolOfPort(port)).servicePort(port);
            long now = rec.now();
            long half = (now - started) / 2;
            steps.syn(started, started + half);
            steps.synAck(started + half, now);
            steps.ack(now, now, purpose);
            return new Opened(client.name(), serverName, new SocketStreams(socket, (int) timeout.toMillis()), steps,
                    from, localPort);
        } catch (IOException e) {
            journeys.unregister(from, localPort, 0);
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            ConnectionSteps steps = new ConnectionSteps(rec, id, client.name(), from, localPort, serverName, address,
                    labPort, ConnectionSteps.protocolOfPort(port)).servicePort(port);
            long now = rec.now();
            steps.syn(started, started);
            if (e instanceof ConnectException) {
                steps.refused(started, now, List.of(steps.arrow(false, "RST, ACK"), "connection refused: nothing"
                        + " listens on " + address + " port " + labPort + " (the host is down in this scenario)"));
            } else if (e instanceof SocketTimeoutException) {
                steps.failed(started, now, "timeout", "TCP connect to " + steps.target() + " timed out",
                        List.of("no answer within " + timeout.toSeconds() + " s"));
            } else {
                steps.failed(started, now, "unreachable", "TCP connect to " + steps.target() + " failed: "
                        + e.getMessage(), List.of(String.valueOf(e.getMessage())));
            }
            return null;
        }
    }

    /** The connection is over: the server side no longer needs to know whose it was. */
    void closed(Opened o) {
        open.remove(o.io().socket());
        open.removeIf(Socket::isClosed); // the plain socket under a TLS one, closed with it
        journeys.unregister(o.localAddress(), o.localPort(), timeout.toMillis());
    }

    /**
     * The lab is stopping: every connection open now is closed, so a queue task waiting on one (for a reply, up to
     * the lab's timeout) ends at once, and no new one is opened. The task then finishes its attempt as after a
     * broken connection.
     */
    void shutdown() {
        shutDown = true;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all there is to do
            }
        }
    }

    @Override
    public Outcome smtp(Journal journal, Link link, SmtpClient client) {
        Opened l = (Opened) link;
        return SmtpClientDriver.run(client, l.io(), l.steps(), (LiveRecorder) journal, tls.client());
    }

    @Override
    public void close(Journal journal, Link link) {
        Opened l = (Opened) link;
        l.io().close();
        long now = ((LiveRecorder) journal).now();
        l.steps().close(now, now, true);
        closed(l);
    }

    @Override
    public void retrieve(Journal journal, Retrieval how, Host mua, Host store, String mailbox, int number,
                         byte[] content, boolean bounce) {
        mailboxes.retrieve(this, (LiveRecorder) journal, how, mua, store, mailbox, number, tls.client(), bounce);
    }
}

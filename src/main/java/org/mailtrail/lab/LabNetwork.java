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
import org.mailtrail.live.LiveConnection;
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
    /** An open connection between two lab hosts. */
    private record LabLink(String client, String server, SocketStreams io, LiveConnection conn, String localAddress,
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
        LiveRecorder rec = (LiveRecorder) journal;
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
        long started = rec.now();
        int localPort = 0;
        try {
            socket.setReuseAddress(true);
            if (!plan.mayConnect(address)) {
                throw new IOException("not a lab address: the lab never connects outside its own addresses");
            }
            socket.bind(new InetSocketAddress(LabPlan.literal(from), 0));
            localPort = socket.getLocalPort();
            journeys.register(from, localPort, journeys.stateOf(journal));
            socket.connect(new InetSocketAddress(LabPlan.literal(address), labPort), (int) timeout.toMillis());
            LiveConnection conn = new LiveConnection(rec, id, client.name(), from, localPort, serverName, address,
                    labPort);
            conn.opened(started, purpose);
            return new LabLink(client.name(), serverName, new SocketStreams(socket, (int) timeout.toMillis()), conn,
                    from, localPort);
        } catch (IOException e) {
            journeys.unregister(from, localPort);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            LiveConnection conn = new LiveConnection(rec, id, client.name(), from, localPort, serverName, address,
                    labPort);
            if (e instanceof ConnectException) {
                conn.failed(started, "refused", "connection refused: nothing listens on " + address + " port " + labPort
                        + " (the host is down in this scenario)");
            } else if (e instanceof SocketTimeoutException) {
                conn.failed(started, "timeout", "no answer within " + timeout.toSeconds() + " s");
            } else {
                conn.failed(started, "unreachable", String.valueOf(e.getMessage()));
            }
            return null;
        }
    }

    @Override
    public Outcome smtp(Journal journal, Link link, SmtpClient client) {
        LabLink l = (LabLink) link;
        return SmtpClientDriver.run(client, l.io(), l.conn(), (LiveRecorder) journal, tls.client());
    }

    @Override
    public void close(Journal journal, Link link) {
        LabLink l = (LabLink) link;
        l.io().close();
        l.conn().closed(true);
        journeys.unregister(l.localAddress(), l.localPort());
    }

    @Override
    public void retrieve(Journal journal, Retrieval how, Host mua, Host store, String mailbox, int number,
                         byte[] content) {
        mailboxes.retrieve(this, (LiveRecorder) journal, how, mua, store, mailbox);
    }

    /** Opens a connection for the last leg (POP3 or IMAP); null when it fails. */
    Link connectForRetrieval(Journal journal, Host mua, Host store, int worldPort, String purpose) {
        return connect(journal, mua, plan.address(store), worldPort, purpose);
    }
}

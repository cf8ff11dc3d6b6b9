package org.mailtrail.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.mailtrail.dns.DnsExchange;
import org.mailtrail.dns.MxPolicy;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.dns.ZoneResolver;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.mailtrail.smtp.ClientEvent;
import org.mailtrail.smtp.ClientState;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The simulated transport: a virtual clock and links with latency. It answers DNS from the world's zones (real
 * dnsjava messages through the same {@link MxPolicy} as the lab and {@code send}), carries the bytes between the
 * SMTP client and the receiving host's server state machine (with the same {@link ReceivingPolicy} the lab runs),
 * and writes every packet-level step on the one journey's timeline. The simulation differs from the lab only here.
 */
final class SimNetwork implements MailNetwork, Journal {
    /** Virtual connect timeout after which an unanswered SYN gives up. */
    static final long CONNECT_TIMEOUT_MICROS = 30_000_000L;
    /** Virtual time a DNS query waits before it counts as timed out. */
    static final long DNS_TIMEOUT_MICROS = 5_000_000L;

    private final World world;
    private final Timeline timeline;
    private final Random random;
    private final MailStore mailStore;
    private final ZoneResolver resolver;
    private final MxPolicy mxPolicy;
    private DeliveryAgent agent;
    private JourneyState journey;
    /** The server side of the connection now open (one at a time in a simulation), ended when it closes. */
    private ReceivingPolicy openPolicy;
    private long now;
    private int connections;

    SimNetwork(World world, Timeline timeline, Random random, MailStore mailStore) {
        this.mailStore = mailStore;
        this.world = world;
        this.timeline = timeline;
        this.random = random;
        this.resolver = new ZoneResolver(world.zones());
        for (Map.Entry<String, String> f : world.dns().faults().entrySet()) {
            try {
                resolver.setFault(Name.fromString(f.getKey() + "."),
                        ZoneResolver.Fault.valueOf(f.getValue().toUpperCase(Locale.ROOT)));
            } catch (TextParseException e) {
                throw new IllegalArgumentException("bad DNS fault name " + f.getKey(), e);
            }
        }
        this.mxPolicy = new MxPolicy(resolver, random);
    }

    /** The hosts whose servers answer on this network, and the journey that their sessions join. */
    void bind(DeliveryAgent agent, JourneyState journey) {
        this.agent = agent;
        this.journey = journey;
    }

    World world() {
        return world;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Instant wallClock() {
        return world.start().plusNanos(now * 1000);
    }

    @Override
    public TimelineEvent add(long time, long end, EventKind kind, String source, String destination, String summary,
                             List<String> lines, String key, String rfc, Map<String, String> details) {
        return timeline.add(time, end, kind, source, destination, summary, lines, key, rfc, details);
    }

    @Override
    public MxResolution resolveMx(Journal journal, Host from, String domain) {
        MxResolution res = mxPolicy.resolve(domain, Set.of(from.name()));
        for (DnsExchange x : res.exchanges()) {
            dns(from.name(), from.address(), x);
        }
        return res;
    }

    @Override
    public String lookupAddress(Journal journal, Host from, String name) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
            q.getHeader().setID(random.nextInt(65536));
            Message r;
            String error = null;
            try {
                r = resolver.send(q);
            } catch (java.io.IOException ex) {
                r = null;
                error = ex.getMessage();
            }
            dns(from.name(), from.address(), new DnsExchange(name + ".", Type.A, q, r, error));
            if (r != null) {
                for (Record rec : r.getSection(Section.ANSWER)) {
                    if (rec.getType() == Type.A) {
                        return rec.rdataToString();
                    }
                }
            }
            return null;
        } catch (TextParseException ex) {
            return null;
        }
    }

    @Override
    public Link connect(Journal journal, Host client, String address, int port, String purpose) {
        return connect(client, address, port, purpose);
    }

    @Override
    public Outcome smtp(Journal journal, Link link, SmtpClient client) {
        Conn c = (Conn) link;
        Host server = world.hostByAddress(c.serverAddr()).orElseThrow();
        openPolicy = agent.openSession(server, c.client(), c.clientAddr(), journey);
        return smtp(c, client, new SmtpServer(DeliveryAgent.serverConfig(server), openPolicy));
    }

    @Override
    public void close(Journal journal, Link link) {
        close((Conn) link);
        ReceivingPolicy p = openPolicy;
        openPolicy = null;
        if (p != null) {
            agent.sessionEnded(p);
        }
    }

    @Override
    public void retrieve(Journal journal, Retrieval how, Host mua, Host store, String mailbox, int number,
                         byte[] content, boolean bounce) {
        MailboxDialogue.retrieve(this, how, mua, store, mailbox, number, mailStore.access(store.name()), bounce);
    }

    /** Moves the clock forward to {@code t} (never back). */
    void advanceTo(long t) {
        now = Math.max(now, t);
    }

    Timeline timeline() {
        return timeline;
    }

    /** Records a DNS exchange made by the MX policy: query out, answer (or timeout) back. */
    void dns(String client, String clientAddr, DnsExchange x) {
        String resolver = world.dns().resolverName();
        long lat = world.latencies().between(client, resolver);
        lat = lat == world.latencies().defaultMicros() ? world.dns().latencyMicros() : lat;
        int port = 30000 + (timeline.size() * 7 % 20000);
        String portText = Integer.toString(port);
        String qtype = org.mailtrail.dns.DnsText.typeName(x.qtype());
        Details d = Details.builder().put("proto", "udp").put("srcAddr", clientAddr).put("srcPort", portText)
                .put("dstAddr", world.dns().address()).put("dstPort", "53").put("qname", x.qname()).put("qtype", qtype)
                .put("wire", Base64.getEncoder().encodeToString(x.query().toWire())).build();
        String question = x.questionText();
        timeline.add(now, now + lat, EventKind.DNS_QUERY, client, resolver, "DNS query " + question,
                lines(org.mailtrail.dns.DnsText.digStyle(x.query())), x.queryKey(),
                RfcReferences.of(x.queryKey(), "RFC 1035 §4.1"), d);
        now += lat;
        Details.Builder a = Details.builder().put("proto", "udp").put("srcAddr", world.dns().address())
                .put("srcPort", "53").put("dstAddr", clientAddr).put("dstPort", portText).put("qname", x.qname())
                .put("qtype", qtype);
        Message r = x.response();
        if (r == null) {
            a.put("rcode", "TIMEOUT");
            timeline.add(now, now + DNS_TIMEOUT_MICROS, EventKind.DNS_ANSWER, resolver, client,
                    "DNS timeout for " + question, List.of(x.error() == null ? "no answer" : x.error()),
                    "dns.answer.timeout", RfcReferences.of("dns.answer.timeout", "RFC 5321 §5.1"), a.build());
            now += DNS_TIMEOUT_MICROS;
            return;
        }
        a.put("rcode", Rcode.string(r.getRcode()));
        a.put("wire", Base64.getEncoder().encodeToString(r.toWire()));
        // a name no zone of the world covers and no reserved name: the simulated DNS cannot know it, which says
        // nothing about the real Internet (the domain may well exist there)
        boolean outside = r.getRcode() == Rcode.NXDOMAIN && world.zones().outsideWorld(x.qname());
        String key = outside ? "dns.answer.outside-world" : x.answerKey();
        timeline.add(now, now + lat, EventKind.DNS_ANSWER, resolver, client,
                "DNS answer " + question + ": " + x.answerSummary()
                        + (outside ? " (" + x.qname() + " is not part of this simulated world)" : ""),
                lines(org.mailtrail.dns.DnsText.digStyle(r)), key, RfcReferences.of(key, "RFC 1035 §4.1"), a.build());
        now += lat;
    }

    /** The lines of a text, as {@code split("\n")} gives them, in an immutable list the event keeps as it is. */
    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    /** A TCP connection between two simulated hosts: its steps, where it goes, and the latency of its link. */
    record Conn(ConnectionSteps steps, String clientAddr, String serverAddr, long latency) implements Link {
        @Override
        public String client() {
            return steps.client();
        }

        @Override
        public String server() {
            return steps.server();
        }

        /** The details of a packet in one direction. */
        Details details(boolean fromClient) {
            return steps.details(fromClient);
        }
    }

    /**
     * Opens a TCP connection: SYN, SYN-ACK, ACK, or a failure when the server host is down,
     * unreachable, or no host has the address. Returns null on failure.
     */
    Conn connect(Host client, String serverAddr, int port, String explainWhat) {
        connections++;
        Host server = world.hostByAddress(serverAddr).orElse(null);
        String serverName = server == null ? serverAddr : server.name();
        long lat = world.latencies().between(client.name(), serverName);
        ConnectionSteps steps = new ConnectionSteps(this, "c" + connections, client.name(), client.address(),
                40000 + connections * 13 % 20000, serverName, serverAddr, port);
        steps.syn(now, now + lat);
        if (server == null || server.smtp().unreachable()) {
            steps.failed(now, now + CONNECT_TIMEOUT_MICROS, "timeout", "TCP connect to " + steps.target()
                    + " timed out", List.of("no SYN-ACK after " + CONNECT_TIMEOUT_MICROS / 1_000_000 + " s"));
            now += CONNECT_TIMEOUT_MICROS;
            return null;
        }
        now += lat;
        if (server.smtp().down()) {
            steps.refused(now, now + lat, List.of(steps.arrow(false, "RST, ACK")));
            now += lat;
            return null;
        }
        steps.synAck(now, now + lat);
        now += lat;
        steps.ack(now, now + lat, explainWhat);
        return new Conn(steps, client.address(), serverAddr, lat);
    }

    /** Closes a connection (FIN from the client). */
    void close(Conn c) {
        c.steps().close(now, now + c.latency(), true);
        now += c.latency();
    }

    /**
     * Runs one SMTP session over an open connection by pumping bytes between the two state
     * machines; every command and reply goes on the timeline at its virtual time.
     */
    Outcome smtp(Conn c, SmtpClient client, SmtpServer server) {
        long lat = c.latency();
        server.start();
        Outcome outcome = null;
        boolean tlsPending = false;
        for (int guard = 0; guard < 100_000; guard++) {
            List<byte[]> toClient = new ArrayList<>();
            boolean serverClosed = false;
            for (ServerEvent se = server.nextEvent(); !(se instanceof ServerEvent.NeedData); se = server.nextEvent()) {
                if (se instanceof ServerEvent.Send s) {
                    toClient.add(s.bytes());
                } else if (se instanceof ServerEvent.StartTls) {
                    tlsPending = true;
                } else if (se instanceof ServerEvent.Close) {
                    serverClosed = true;
                    break;
                }
            }
            if (!toClient.isEmpty()) {
                now += lat;
                client.receiveData(concat(toClient));
            } else if (serverClosed && outcome == null) {
                if (client.state() == ClientState.CONTENT_SENT) {
                    c.steps().closedAfterData(now + lat); // the FIN reaches the client one latency later
                }
                client.connectionClosed();
            }
            List<byte[]> toServer = new ArrayList<>();
            for (ClientEvent ce = client.nextEvent(); !(ce instanceof ClientEvent.NeedData); ce = client.nextEvent()) {
                if (ce instanceof ClientEvent.ReplyReceived r) {
                    reply(c, r.reply(), r.rawLines());
                } else if (ce instanceof ClientEvent.Send s) {
                    command(c, s);
                    toServer.add(s.bytes());
                } else if (ce instanceof ClientEvent.StartTls) {
                    if (!tlsPending) {
                        client.tlsFailed("the server did not start TLS");
                        continue;
                    }
                    tls(c);
                    tlsPending = false;
                    server.tlsEstablished();
                    client.tlsEstablished();
                } else if (ce instanceof ClientEvent.ProtocolError p) {
                    c.steps().error(now, "smtp.protocol-error", "RFC 5321 §4.2", "Protocol error: " + p.message(),
                            p.message(), true);
                } else if (ce instanceof ClientEvent.Finished f) {
                    outcome = f.outcome();
                    break;
                }
            }
            if (!toServer.isEmpty()) {
                now += lat;
                server.receiveData(concat(toServer));
            }
            if (outcome != null) {
                // let the server answer a last QUIT if it still has something queued
                return outcome;
            }
            if (toServer.isEmpty() && toClient.isEmpty()) {
                if (serverClosed || server.isClosed()) {
                    client.connectionClosed();
                    continue;
                }
                throw new IllegalStateException("SMTP session between " + c.client() + " and " + c.server()
                        + " stalled: neither side has anything to send");
            }
        }
        throw new IllegalStateException("SMTP session did not end");
    }

    private void command(Conn c, ClientEvent.Send s) {
        c.steps().command(now, now + c.latency(), s.command(), SmtpSteps.shownLines(s), s.authResponse(),
                s.secret());
    }

    private void reply(Conn c, Reply r, List<String> raw) {
        c.steps().reply(now - c.latency(), now, r, raw);
    }

    /** TLS on a simulated connection (STARTTLS, STLS): a handshake of two round trips, nothing really encrypted. */
    void simulatedTls(Conn c) {
        tls(c);
    }

    private void tls(Conn c) {
        c.steps().tls(now, now + 2 * c.latency(), "TLSv1.3", "TLS_AES_256_GCM_SHA384", "CN=" + c.server(),
                "simulated: trusted", List.of("protocol: TLSv1.3", "cipher: TLS_AES_256_GCM_SHA384",
                        "certificate: CN=" + c.server(),
                        "(simulation: in a real capture the rest of this session is encrypted)"));
        now += 2 * c.latency();
    }

    /** The chunks written in one turn, as one segment (the chunk itself when there is only one). */
    private static byte[] concat(List<byte[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}

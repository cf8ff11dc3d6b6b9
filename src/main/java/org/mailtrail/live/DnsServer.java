package org.mailtrail.live;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.dns.ZoneResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * A small authoritative DNS server for a lab or classroom: it answers queries over UDP and TCP
 * (RFC 1035 §4.2, RFC 7766) from the zones of one master file, with the same answers the
 * simulation gives. Names outside its zones are REFUSED; damaged queries get FORMERR (or are
 * dropped when not even the header can be read); UDP answers over 512 octets, or over the
 * client's EDNS size, are truncated with TC set so the client retries over TCP.
 *
 * <p>As the resolver of a lab ({@link #startAsWorldResolver}) it answers as the world's own resolver does in the
 * simulation: a name in none of its zones does not exist (NXDOMAIN), and the world's DNS faults apply (a TIMEOUT
 * fault gets no answer at all).
 */
public final class DnsServer implements AutoCloseable {
    private static final int TCP_IDLE_MILLIS = 10_000;

    private final WorldZones zones;
    private final ZoneResolver resolver;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mailtrail-dns");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean closed;

    private final boolean worldResolver;

    private DnsServer(WorldZones zones, DatagramSocket udp, ServerSocket tcp) {
        this(new ZoneResolver(zones), udp, tcp, false);
    }

    private DnsServer(ZoneResolver resolver, DatagramSocket udp, ServerSocket tcp, boolean worldResolver) {
        this.zones = resolver.world();
        this.resolver = resolver;
        this.worldResolver = worldResolver;
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP on the same address and port (port 0: any free port) and starts answering. */
    public static DnsServer start(InetSocketAddress listen, WorldZones zones) throws IOException {
        return start(listen, new ZoneResolver(zones), false);
    }

    /** Binds UDP and TCP and answers as the world's resolver: every name through {@code resolver}, faults included. */
    public static DnsServer startAsWorldResolver(InetSocketAddress listen, ZoneResolver resolver) throws IOException {
        return start(listen, resolver, true);
    }

    private static DnsServer start(InetSocketAddress listen, ZoneResolver resolver, boolean worldResolver)
            throws IOException {
        // port 0: the TCP port the system picks may be taken for UDP (another socket's ephemeral port): pick again
        for (int attempt = 1; ; attempt++) {
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(listen, 50);
            try {
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(listen.getAddress(), tcp.getLocalPort()));
                return started(new DnsServer(resolver, udp, tcp, worldResolver));
            } catch (IOException e) {
                tcp.close();
                if (listen.getPort() != 0 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private static DnsServer started(DnsServer s) {
        s.threads.execute(s::serveUdp);
        s.threads.execute(s::serveTcp);
        return s;
    }

    /** The address and port the server listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    /** How many queries were answered so far. */
    public long answered() {
        return answered.get();
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
                byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                byte[] reply = answer(query, true);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // one bad exchange (a send to an unreachable source, say) must not stop the server
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                threads.execute(() -> serveConnection(s));
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                pause(); // e.g. out of file descriptors: try again shortly
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveConnection(Socket s) {
        try (s) {
            s.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (!closed) {
                int len;
                try {
                    len = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[len];
                in.readFully(query);
                byte[] reply = answer(query, false);
                if (reply == null) {
                    return;
                }
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, stalled or sent nonsense: close this connection only
        }
    }

    /** The wire answer to a wire query, or null when the query is too damaged to answer at all. */
    byte[] answer(byte[] wire, boolean udpTransport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return wire.length >= Header.LENGTH ? error(wire, Rcode.FORMERR) : null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null; // a response, not a query: never answer it (no loops)
        }
        Message response;
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response = reply(query, Rcode.NOTIMP);
        } else if (question == null || query.getHeader().getCount(org.xbill.DNS.Section.QUESTION) != 1) {
            // exactly one question (RFC 9619: a query with QDCOUNT > 1 gets FORMERR)
            response = reply(query, Rcode.FORMERR);
        } else if (question.getType() == org.xbill.DNS.Type.AXFR || question.getType() == org.xbill.DNS.Type.IXFR) {
            response = reply(query, Rcode.REFUSED); // zone transfers are not offered (RFC 5936 §4.2: REFUSED)
        } else if (!worldResolver && zones.zoneFor(question.getName()).isEmpty()) {
            response = reply(query, Rcode.REFUSED);
        } else {
            try {
                response = resolver.send(query);
                if (!worldResolver) {
                    response.getHeader().unsetFlag(Flags.RA);
                }
            } catch (java.net.SocketTimeoutException e) {
                if (worldResolver) {
                    return null; // a TIMEOUT fault: the world's resolver does not answer
                }
                response = reply(query, Rcode.SERVFAIL);
            } catch (IOException e) {
                response = reply(query, Rcode.SERVFAIL);
            }
        }
        answered.incrementAndGet();
        int max = 65535;
        if (udpTransport) {
            OPTRecord opt = query.getOPT();
            max = opt == null ? 512 : Math.max(512, Math.min(4096, opt.getPayloadSize()));
        }
        return response.toWire(max);
    }

    private static Message reply(Message query, int rcode) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            m.getHeader().setFlag(Flags.RD);
        }
        m.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            m.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
        }
        return m;
    }

    private static byte[] error(byte[] wire, int rcode) {
        Message m = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        return m.toWire();
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}

package org.mailtrail.live;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.mailtrail.dns.DnsExchange;
import org.mailtrail.dns.DnsText;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;

/**
 * A real DNS resolver (dnsjava {@link SimpleResolver}) that writes each query and its answer on the live timeline
 * as it happens, with the real DNS messages and measured times. The MX policy asks through it, exactly as it asks
 * the simulated zone.
 */
public final class TimedResolver implements Resolver {
    private final SimpleResolver delegate;
    private final InetSocketAddress server;
    private final LiveRecorder recorder;
    private final String client;
    private final String clientAddr;
    private final String resolverName;

    /**
     * @param server       the DNS server to ask
     * @param recorder     where the steps go
     * @param client       the name of the asking host on the timeline
     * @param resolverName the name of the DNS server on the timeline
     */
    public TimedResolver(InetSocketAddress server, LiveRecorder recorder, String client, String resolverName,
                         Duration timeout) {
        this.delegate = new SimpleResolver(server);
        this.delegate.setTimeout(timeout);
        this.server = server;
        this.recorder = recorder;
        this.client = client;
        this.clientAddr = localAddressTowards(server.getAddress());
        this.resolverName = resolverName;
    }

    /** The first name server of the system's resolver configuration (/etc/resolv.conf and the like). */
    public static InetSocketAddress systemServer() {
        List<InetSocketAddress> servers = org.xbill.DNS.ResolverConfig.getCurrentConfig().servers();
        if (servers.isEmpty()) {
            throw new IllegalStateException("the system names no DNS server; give one with --dns HOST[:PORT]");
        }
        return servers.get(0);
    }

    /** The local address the system would send from towards {@code target}: a UDP connect sends nothing. */
    static String localAddressTowards(InetAddress target) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(target, 53);
            InetAddress local = s.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? (target.isLoopbackAddress()
                    ? target.getHostAddress() : "0.0.0.0") : local.getHostAddress();
        } catch (SocketException e) {
            return "0.0.0.0";
        }
    }

    /** The address the queries come from. */
    public String clientAddress() {
        return clientAddr;
    }

    /** The DNS server asked. */
    public InetSocketAddress server() {
        return server;
    }

    @Override
    public Message send(Message query) throws IOException {
        org.xbill.DNS.Record q = query.getQuestion();
        String qname = q.getName().toString();
        int qtype = q.getType();
        String qtypeText = DnsText.typeName(qtype);
        String serverAddr = server.getAddress().getHostAddress();
        // SimpleResolver does not say which local port it used; the timeline shows one derived from the message id.
        String clientPort = Integer.toString(49152 + (query.getHeader().getID() % 16384));
        String serverPort = Integer.toString(server.getPort());
        long t0 = recorder.now();
        Details qd = Details.builder().put(Details.PROTO, "udp").put(Details.SRC_ADDR, clientAddr).put(Details.SRC_PORT, clientPort)
                .put(Details.DST_ADDR, serverAddr).put(Details.DST_PORT, serverPort).put(Details.QNAME, qname).put(Details.QTYPE, qtypeText)
                .put(Details.WIRE, Base64.getEncoder().encodeToString(query.toWire())).build();
        DnsExchange pending = new DnsExchange(qname, qtype, query, null, null);
        recorder.add(t0, t0, EventKind.DNS_QUERY, client, resolverName, "DNS query " + pending.questionText(),
                lines(DnsText.digStyle(query)), pending.queryKey(), org.mailtrail.timeline.RfcReferences.of(pending.queryKey(), "RFC 1035 §4.1"), qd);
        Details.Builder ad = Details.builder().put(Details.PROTO, "udp").put(Details.SRC_ADDR, serverAddr).put(Details.SRC_PORT, serverPort)
                .put(Details.DST_ADDR, clientAddr).put(Details.DST_PORT, clientPort).put(Details.QNAME, qname).put(Details.QTYPE, qtypeText);
        Message response;
        try {
            response = delegate.send(query);
        } catch (IOException e) {
            DnsExchange x = DnsExchange.failed(qname, qtype, query, e);
            ad.put(Details.RCODE, "TIMEOUT");
            long t1 = recorder.now();
            recorder.add(t0, t1, EventKind.DNS_ANSWER, resolverName, client,
                    "DNS " + (DnsExchange.TIMEOUT.equals(x.error()) ? "timeout" : "failure") + " for "
                            + x.questionText() + " from " + serverAddr + ":" + serverPort,
                    List.of(x.error(), "asked " + serverAddr + ":" + serverPort + " for " + (t1 - t0) / 1000 + " ms"),
                    "dns.answer.timeout", org.mailtrail.timeline.RfcReferences.of("dns.answer.timeout", "RFC 5321 §5.1"), ad.build());
            throw e;
        }
        long t1 = recorder.now();
        DnsExchange x = new DnsExchange(qname, qtype, query, response, null);
        ad.put(Details.RCODE, Rcode.string(response.getRcode()));
        ad.put(Details.WIRE, Base64.getEncoder().encodeToString(response.toWire()));
        ad.put("elapsedMicros", Long.toString(t1 - t0));
        recorder.add(t0 + (t1 - t0) / 2, t1, EventKind.DNS_ANSWER, resolverName, client,
                "DNS answer " + x.questionText() + ": " + x.answerSummary() + " (" + (t1 - t0) / 1000 + " ms)",
                lines(DnsText.digStyle(response)), x.answerKey(), org.mailtrail.timeline.RfcReferences.of(x.answerKey(), "RFC 1035 §4.1"),
                ad.build());
        return response;
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        return sendAsync(query, Runnable::run);
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        CompletableFuture<Message> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                f.complete(send(query));
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    @Override
    public void setPort(int port) {
        delegate.setPort(port);
    }

    @Override
    public void setTCP(boolean flag) {
        delegate.setTCP(flag);
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        delegate.setIgnoreTruncation(flag);
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        delegate.setEDNS(version, payloadSize, flags, options);
    }

    @Override
    public void setTSIGKey(TSIG key) {
        delegate.setTSIGKey(key);
    }

    @Override
    public void setTimeout(Duration timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public Duration getTimeout() {
        return delegate.getTimeout();
    }
}

package org.mailtrail.live;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.engine.Compose;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.TlsMode;

/**
 * A whole mail world on loopback for live tests: the lab DNS server answering for {@code example.test} and mail
 * servers on 127.0.0.2, 127.0.0.3, … all on one port, so that the MX port of {@code send} reaches each of them.
 * Nothing leaves the machine.
 */
final class LoopbackLab implements AutoCloseable {
    /** The lab's zone: MX preference and fallback, implicit MX, null MX, an address-less MX, a name that does not exist. */
    static final String ZONE = String.join("\n",
            "$TTL 300",
            "$ORIGIN example.test.",
            "@        IN SOA ns1 hostmaster 1 7200 900 1209600 300",
            "         IN NS  ns1",
            "         IN MX  10 mx1",
            "         IN MX  20 mx2",
            "ns1      IN A   127.0.0.1",
            "mx1      IN A   127.0.0.2",
            "mx2      IN A   127.0.0.3",
            "smtp     IN A   127.0.0.3",
            "implicit IN A   127.0.0.3",
            "nullmx   IN MX  0 .",
            "backup   IN MX  10 mx1",
            "backup   IN MX  20 mx2",
            "ghost    IN MX  10 nowhere.example.test.",
            "docs     IN MX  10 docmx",
            "docs     IN MX  20 mx2",
            "docsonly IN MX  10 docmx",
            "docmx    IN A   192.0.2.25",
            "docmx    IN AAAA 2001:db8::25",
            "");

    final DnsServer dns;
    final int port;
    private final List<GreenMail> servers = new ArrayList<>();

    private LoopbackLab(DnsServer dns, int port) {
        this.dns = dns;
        this.port = port;
    }

    /** Starts the DNS server and finds a port free on the lab's SMTP addresses. */
    static LoopbackLab start() throws Exception {
        DnsServer dns = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WorldZones.parse(ZONE, "lab.zone"));
        return new LoopbackLab(dns, freePort());
    }

    /** A port free on 127.0.0.2 and 127.0.0.3 right now. */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
                candidate = s.getLocalPort();
            }
            try (ServerSocket s = new ServerSocket(candidate, 1, InetAddress.getByName("127.0.0.3"))) {
                return candidate;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no common free port on 127.0.0.2 and 127.0.0.3");
    }

    /** GreenMail answering SMTP on {@code address}:{@link #port}. */
    GreenMail greenMail(String address) {
        GreenMail g = new GreenMail(new ServerSetup(port, address, ServerSetup.PROTOCOL_SMTP));
        g.start();
        servers.add(g);
        return g;
    }

    /** Options for a direct delivery through the lab DNS, with short timeouts. */
    LiveSender.Options direct(TlsMode tls, String... to) {
        return new LiveSender.Options(compose(to), dns.address(), null, 587, port, "client.example.org", tls,
                SmtpTimeouts.all(Duration.ofSeconds(5)), List.of(), null, false);
    }

    /** Options for delivery through a smart host. */
    LiveSender.Options viaSmartHost(String smartHost, int smartPort, TlsMode tls, List<Path> trust,
                                    Credentials credentials, boolean implicitTls, String... to) {
        return new LiveSender.Options(compose(to), dns.address(), smartHost, smartPort, port, "client.example.org",
                tls, SmtpTimeouts.all(Duration.ofSeconds(5)), trust, credentials, implicitTls);
    }

    static Compose compose(String... to) {
        return new Compose("alice@example.org", List.of(to), List.of(), "Lab test", "Hello from the lab.\n.dot line\n");
    }

    /** The lab's test certificate (self-signed, CN=mx.example.test). */
    static Path labCert() {
        return Path.of("src/test/resources/tls/lab.pem");
    }

    /** A server-side TLS context with the lab's key and certificate (lab.p12). */
    static javax.net.ssl.SSLContext labServerContext() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("src/test/resources/tls/lab.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() {
        for (GreenMail g : servers) {
            g.stop();
        }
        dns.close();
    }
}

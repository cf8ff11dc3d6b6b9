package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * {@code mailtrail proxy} between real clients and GreenMail (a third-party SMTP server) on loopback: the recorded
 * session holds exactly the commands the client sent and the replies it read, pipelining included; AUTH secrets are
 * not kept; an upstream that is down gives 421; nothing is ever forwarded anywhere but the upstream.
 */
@Timeout(60)
class ProxyGreenMailTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path store;
    private GreenMail green;
    private SmtpProxy proxy;
    private final BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();

    @BeforeEach
    void startGreenMail() throws Exception {
        green = new GreenMail(new ServerSetup(LoopbackLab.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        green.start();
        green.setUser("alice@example.test", "alice", "s3cret-Pa55");
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        green.stop();
    }

    private SmtpProxy startProxy(ProxyConfig c) throws Exception {
        proxy = SmtpProxy.start(c, null, done::add);
        return proxy;
    }

    static ProxyConfig config(int upstreamPort) {
        return ProxyConfig.of(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, upstreamPort),
                "localhost");
    }

    private ReceivedSession next() throws InterruptedException {
        ReceivedSession s = done.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a finished session").isNotNull();
        return s;
    }

    static List<TimelineEvent> events(ReceivedSession s) {
        return s.result().journeys().get(0).timeline().events();
    }

    /** The command lines as recorded (message data excluded). */
    static List<String> commands(ReceivedSession s) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : events(s)) {
            if (e.kind() == EventKind.SMTP_COMMAND && !e.explanationKey().equals("smtp.cmd.data-content")) {
                out.addAll(e.lines());
            }
        }
        return out;
    }

    /** Every reply line as recorded, in order. */
    static List<String> replyLines(ReceivedSession s) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : events(s)) {
            if (e.kind() == EventKind.SMTP_REPLY) {
                out.addAll(e.lines());
            }
        }
        return out;
    }

    /** Reads reply lines until one is the last line of a reply ({@code NNN } or {@code NNN}). */
    static List<String> readReply(InputStream in) throws Exception {
        List<String> lines = new ArrayList<>();
        for (;;) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new AssertionError("connection closed after " + lines);
                }
                b.write(c);
            }
            String l = b.toString(StandardCharsets.UTF_8);
            l = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            lines.add(l);
            if (l.length() == 3 || l.charAt(3) == ' ') {
                return lines;
            }
        }
    }

    @Test
    void aPipelinedRawClientIsRecordedExactlyAsItSawTheSession() throws Exception {
        startProxy(config(green.getSmtp().getPort()).withStoreDir(store));
        List<String> seen = new ArrayList<>();
        try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            seen.addAll(readReply(in));
            out.write("EHLO client.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.addAll(readReply(in));
            // one write, three commands (RFC 2920): forwarded as one chunk, answered in order
            out.write(("MAIL FROM:<bob@example.net>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<carol@example.test>\r\n"
                    + "DATA\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 4; i++) {
                seen.addAll(readReply(in));
            }
            out.write("Subject: through the proxy\r\n\r\n..a stuffed dot line\r\nbody\r\n.\r\nQUIT\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            seen.addAll(readReply(in));
            seen.addAll(readReply(in));
        }
        ReceivedSession s = next();
        assertThat(green.getReceivedMessages()).hasSize(2); // one copy per recipient in GreenMail
        assertThat(green.getReceivedMessages()[0].getSubject()).isEqualTo("through the proxy");
        assertThat(replyLines(s)).containsExactlyElementsOf(seen);
        assertThat(seen.get(0)).startsWith("220 ");
        assertThat(commands(s)).containsExactly("EHLO client.example.test", "MAIL FROM:<bob@example.net>",
                "RCPT TO:<alice@example.test>", "RCPT TO:<carol@example.test>", "DATA", "QUIT");
        TimelineEvent data = events(s).stream().filter(e -> e.explanationKey().equals("smtp.cmd.data-content")).findFirst()
                .orElseThrow();
        assertThat(data.lines()).contains("..a stuffed dot line", "body", ".");
        assertThat(s.result().journeys().get(0).outcomes()).containsOnlyKeys("alice@example.test", "carol@example.test");
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(s.jsonFile()).isPresent();
        assertThat(Files.readString(s.textFile().orElseThrow())).contains("RCPT TO:<carol@example.test>", "354");
        // two TCP connections on the timeline: the client's to the proxy and the proxy's to the upstream
        assertThat(events(s).stream().filter(e -> e.kind() == EventKind.TCP_ACK).map(TimelineEvent::destination))
                .containsExactly(ProxyLog.PROXY, "localhost");
    }

    @Test
    void angusMailThroughTheProxyDeliversAndTheRepliesItReadAreRecorded() throws Exception {
        startProxy(config(green.getSmtp().getPort()));
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(proxy.address().getPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.debug.auth", "true"); // the AUTH exchange in the debug output too
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        session.setDebugOut(new PrintStream(debug, true, StandardCharsets.UTF_8));
        session.setDebug(true);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("bob@example.net"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.test"));
        m.setSubject("Angus through the proxy");
        m.setText("Hello");
        Transport.send(m, "alice", "s3cret-Pa55");
        ReceivedSession s = next();
        assertThat(green.getReceivedMessages()).hasSize(1);
        assertThat(s.closeReason()).as("ended with the client's QUIT, as serve says it").isEqualTo("QUIT");
        // every reply line Angus Mail printed (its debug output) is on the timeline, in the same order
        List<String> angus = debug.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("[2-5][0-9][0-9]([ -].*)?")).toList();
        assertThat(angus).isNotEmpty();
        assertThat(replyLines(s)).containsExactlyElementsOf(angus);
        assertThat(commands(s)).anyMatch(l -> l.startsWith("AUTH")).contains("MAIL FROM:<bob@example.net>");
        // the credentials went through to GreenMail (it said 235) but are not kept anywhere in the session
        assertThat(replyLines(s)).anyMatch(l -> l.startsWith("235"));
        String password = java.util.Base64.getEncoder().encodeToString("s3cret-Pa55".getBytes(StandardCharsets.UTF_8));
        assertThat(debug.toString(StandardCharsets.UTF_8)).contains(password); // what went over the wire
        String all = org.mailtrail.export.JsonSession.render(s.result()) + commands(s);
        assertThat(all).doesNotContain(password, "s3cret-Pa55").contains(org.mailtrail.export.Redaction.MASK);
    }

    @Test
    void anUpstreamThatIsDownGives421AndARecordedRefusal() throws Exception {
        int closed = LoopbackLab.freePort();
        green.stop();
        startProxy(config(closed).withStoreDir(store));
        try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
            c.setSoTimeout(10_000);
            List<String> reply = readReply(c.getInputStream());
            assertThat(reply).hasSize(1);
            assertThat(reply.get(0)).startsWith("421 4.4.1 [127.0.0.1] the upstream localhost (127.0.0.1:" + closed
                    + ") cannot be reached").contains("connection refused").doesNotContain("upstream upstream");
            assertThat(c.getInputStream().read()).isEqualTo(-1);
        }
        ReceivedSession s = next();
        assertThat(events(s)).anyMatch(e -> e.kind() == EventKind.TCP_FAILED && e.explanationKey().equals("tcp.failed.refused"));
        TimelineEvent own = events(s).stream().filter(e -> e.kind() == EventKind.SMTP_REPLY).findFirst().orElseThrow();
        assertThat(own.detail(ProxyLog.ORIGIN)).isEqualTo("proxy");
        assertThat(own.summary()).contains("said by the proxy itself");
        assertThat(s.closeReason()).contains("cannot be reached");
        assertThat(Files.readString(s.textFile().orElseThrow())).contains("421 4.4.1");
    }

    @Test
    void anUpstreamClosingMidSessionClosesTheClientWith421() throws Exception {
        // a scripted upstream: greets, answers EHLO, then closes without a word
        try (ServerSocketChannel up = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            Thread t = new Thread(() -> {
                try (Socket s = up.accept().socket()) {
                    OutputStream o = s.getOutputStream();
                    o.write("220 scripted ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(s.getInputStream());
                    o.write("250 scripted\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // the test fails on the client side
                }
            });
            t.start();
            startProxy(config(((InetSocketAddress) up.getLocalAddress()).getPort()));
            try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                InputStream in = c.getInputStream();
                assertThat(readReply(in).get(0)).startsWith("220 scripted");
                c.getOutputStream().write("EHLO x.test\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readReply(in)).containsExactly("250 scripted");
                assertThat(readReply(in).get(0)).startsWith("421 4.4.2 ").contains("upstream closed");
                assertThat(in.read()).isEqualTo(-1);
            }
            t.join(5_000);
        }
        ReceivedSession s = next();
        assertThat(s.closeReason()).contains("upstream closed");
        assertThat(replyLines(s)).last().asString().startsWith("421 4.4.2");
    }

    @Test
    void anUpstreamThatOwesAReplyTooLongGives421WithinTheDeadline() throws Exception {
        // a scripted upstream: greets, then reads the EHLO and never answers it
        try (ServerSocketChannel up = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread t = new Thread(() -> {
                try (Socket s = up.accept().socket()) {
                    s.getOutputStream().write("220 silent ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    readLine(s.getInputStream());
                    release.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the test fails on the client side
                }
            });
            t.start();
            startProxy(config(((InetSocketAddress) up.getLocalAddress()).getPort())
                    .withTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(800)));
            long started = System.nanoTime();
            try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                InputStream in = c.getInputStream();
                readReply(in);
                c.getOutputStream().write("EHLO x.test\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readReply(in).get(0)).startsWith("421 4.4.2 ").contains("did not answer");
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
            release.countDown();
            t.join(5_000);
        }
        ReceivedSession s = next();
        assertThat(s.closeReason()).contains("did not answer");
        assertThat(commands(s)).containsExactly("EHLO x.test");
    }

    @Test
    void theProxyForwardsOnlyToItsUpstreamWhateverTheClientAsks() throws Exception {
        // a decoy listening where a relay would go if the proxy read addresses from the session
        try (ServerSocketChannel decoy = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.2", 0))) {
            decoy.configureBlocking(false);
            int decoyPort = ((InetSocketAddress) decoy.getLocalAddress()).getPort();
            startProxy(config(green.getSmtp().getPort()));
            try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                readReply(in);
                for (String cmd : List.of("EHLO [127.0.0.2]", "MAIL FROM:<x@[127.0.0.2]>",
                        "RCPT TO:<@[127.0.0.2]:" + decoyPort + ",@127.0.0.2:x@[127.0.0.2]>", "RCPT TO:<y@[127.0.0.2]>",
                        "QUIT")) {
                    out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    readReply(in);
                }
            }
            next();
            // every session is over: a connection from the proxy would be waiting in the decoy's backlog now
            assertThat(decoy.accept()).isNull();
            assertThat(proxy.sessionsFinished()).isEqualTo(1);
        }
    }

    static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}

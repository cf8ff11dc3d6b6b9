package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** The receiver against hand-written SMTP over raw sockets: relaying, limits, timeouts, garbage, failures. */
@Timeout(60)
class ReceiverLimitsTest {
    @TempDir
    Path dir;

    private SmtpReceiver receiver;

    /** True to serve sessions on event loops (see {@link ReceiverLimitsOnLoopsTest}); false: a thread each. */
    boolean eventLoops() {
        return false;
    }
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> problems = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    static ReceiverConfig config(Path store) {
        return ReceiverConfig.defaults("example.test", "Example.NET.").withStoreDir(store)
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private SmtpReceiver start(ReceiverConfig c) throws IOException {
        receiver = SmtpReceiver.start(c, null, null, eventLoops());
        receiver.onSession(sessions::add);
        receiver.onStoreProblem(problems::add);
        return receiver;
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private List<Path> stored() throws IOException {
        return files(dir.resolve("maildir/new"));
    }

    /** A minimal SMTP client: writes lines, reads whole (multi-line) replies. */
    static final class Smtp implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Smtp(InetSocketAddress address) throws IOException {
            this(new Socket(), address);
        }

        Smtp(Socket s, InetSocketAddress address) throws IOException {
            socket = s;
            if (address != null) { // null: the socket is connected already
                socket.connect(address, 5_000);
            }
            socket.setSoTimeout(15_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** One reply line without CRLF, or null at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] x = b.toByteArray();
                    int n = x.length > 0 && x[x.length - 1] == '\r' ? x.length - 1 : x.length;
                    return new String(x, 0, n, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
        }

        /** A whole reply, its lines joined with "\n"; null at the end of the stream. */
        String reply() throws IOException {
            StringBuilder all = new StringBuilder();
            for (;;) {
                String l = line();
                if (l == null) {
                    return all.length() == 0 ? null : all.toString();
                }
                all.append(all.length() == 0 ? "" : "\n").append(l);
                if (l.length() < 4 || l.charAt(3) != '-') {
                    return all.toString();
                }
            }
        }

        void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void write(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }

        String cmd(String line) throws IOException {
            write(line + "\r\n");
            return reply();
        }

        /** Greeting, EHLO, MAIL FROM; asserts the positive replies. */
        Smtp hello(String from) throws IOException {
            assertThat(reply()).startsWith("220 ");
            assertThat(cmd("EHLO client.example.org")).startsWith("250-");
            assertThat(cmd("MAIL FROM:<" + from + ">")).startsWith("250 ");
            return this;
        }

        /** DATA, the message (dot-stuffed here), the final dot; the reply to the data. */
        String data(String message) throws IOException {
            assertThat(cmd("DATA")).startsWith("354 ");
            StringBuilder b = new StringBuilder();
            for (String l : message.split("\r\n", -1)) {
                b.append(l.startsWith(".") ? "." : "").append(l).append("\r\n");
            }
            write(b + ".\r\n");
            return reply();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String message(String subject, String body) {
        return "From: alice@example.org\r\nTo: bob@example.test\r\nSubject: " + subject + "\r\n\r\n" + body;
    }

    @Test
    void foreignDomainIsRelayDeniedAndNothingStored() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@elsewhere.test>"))
                    .isEqualTo("554 5.7.1 <bob@elsewhere.test>: Relay access denied");
            assertThat(c.cmd("RCPT TO:<bob@example.test.elsewhere.test>")).startsWith("554 5.7.1 ");
            assertThat(c.cmd("RCPT TO:<bob@[127.0.0.1]>")).startsWith("554 5.7.1 ");
            assertThat(c.cmd("RCPT TO:<postmaster@elsewhere.test>")).startsWith("554 5.7.1 ");
            assertThat(c.cmd("DATA")).startsWith("554 5.5.1");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(stored()).isEmpty();
        assertThat(files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(s.result().journeys().get(0).outcomes().get("bob@elsewhere.test").status())
                .isEqualTo(org.mailtrail.engine.RecipientOutcome.Status.REFUSED);
        assertThat(s.jsonFile()).isPresent();
        assertThat(s.closeReason()).isEqualTo("QUIT");
    }

    @Test
    void servedDomainsInAnyCaseAndPostmasterAreAccepted() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("")) {
            assertThat(c.cmd("RCPT TO:<Bob@EXAMPLE.Test>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<carol@example.net>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<postmaster>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<PostMaster@example.net>")).startsWith("250 ");
            assertThat(c.data(message("bounce", "a bounce with the null reverse-path"))).startsWith("250 2.0.0 Ok");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        List<Path> eml = stored();
        assertThat(eml).hasSize(1);
        String text = Files.readString(eml.get(0));
        assertThat(text).startsWith("Return-Path: <>\r\nReceived: from client.example.org ([127.0.0.1])\r\n"
                + "\tby mailtrail.test (Mail Trail) with ESMTP id " + s.id() + ".1; ");
        assertThat(text).doesNotContain("\tfor <"); // several recipients: no "for" clause (RFC 5321 §4.4)
        assertThat(text).endsWith("\r\n\r\na bounce with the null reverse-path\r\n");
    }

    @Test
    void sizeLimitIsEnforcedAtMailAndAfterTheData() throws Exception {
        start(config(dir).withMaxMessageSize(2_000));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).contains("250-SIZE 2000");
            assertThat(c.cmd("MAIL FROM:<alice@example.org> SIZE=2001")).startsWith("552 5.3.4");
            assertThat(c.cmd("MAIL FROM:<alice@example.org> SIZE=100")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(message("big", "x".repeat(900) + "\r\n" + "y".repeat(900) + "\r\n" + "z".repeat(900))))
                    .startsWith("552 5.3.4");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(stored()).isEmpty();
    }

    @Test
    void moreThanTheMaximumOfRecipientsGets452() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            for (int i = 1; i <= 100; i++) {
                assertThat(c.cmd("RCPT TO:<user" + i + "@example.test>")).as("recipient %d", i).startsWith("250 ");
            }
            assertThat(c.cmd("RCPT TO:<user101@example.test>")).isEqualTo("452 4.5.3 Error: too many recipients");
            assertThat(c.data(message("many", "one hundred recipients"))).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(stored()).hasSize(1);
        assertThat(s.result().journeys().get(0).outcomes().get("user101@example.test").status())
                .isEqualTo(org.mailtrail.engine.RecipientOutcome.Status.QUEUED);
        assertThat(s.result().journeys().get(0).outcomes().get("user100@example.test").status())
                .isEqualTo(org.mailtrail.engine.RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void aDataLineOverAThousandOctetsGets554AndNothingIsStored() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(message("long line", "a".repeat(999)))).startsWith("554 5.6.0");
            // the session goes on: a good message afterwards is taken
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(message("short lines", "a".repeat(998)))).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(stored()).hasSize(1);
        assertThat(Files.readString(stored().get(0))).contains("Subject: short lines");
    }

    @Test
    void parametersTheEhloReplyDidNotAdvertiseGet555() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test> NOTIFY=NEVER")).isEqualTo("555 5.5.4 Unsupported option: NOTIFY");
            assertThat(c.cmd("RCPT TO:<bob@example.test> FOO=bar")).isEqualTo("555 5.5.4 Unsupported option: FOO");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("RSET")).startsWith("250 ");
            assertThat(c.cmd("MAIL FROM:<a@x.test> BODY=BINARYMIME"))
                    .isEqualTo("555 5.5.4 Unsupported option: BODY=BINARYMIME");
            assertThat(c.cmd("MAIL FROM:<a@x.test> SIZE=10 BODY=8BITMIME")).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
    }

    @Test
    void addressLimitRepliesOnTheWireAreAscii() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
            List<String> replies = List.of(c.cmd("MAIL FROM:<" + "a".repeat(65) + "@x.test>"),
                    c.cmd("MAIL FROM:<a@" + "l".repeat(64) + ".test>"),
                    c.cmd("MAIL FROM:<" + "p".repeat(60) + "@" + ("q".repeat(60) + ".").repeat(4) + "test>"));
            // RFC 5321 §4.2: reply text is US-ASCII; the limits are cited as "section", never with a UTF-8 sign
            assertThat(replies).allSatisfy(r -> assertThat(r).startsWith("501 5.1.7 ").contains(" section ")
                    .matches("[\\x20-\\x7e]*"));
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
    }

    @Test
    void connectionsBeyondTheLimitGet421AndAreRecorded() throws Exception {
        start(config(dir).withMaxConnections(2));
        try (Smtp a = new Smtp(receiver.address()); Smtp b = new Smtp(receiver.address())) {
            assertThat(a.reply()).startsWith("220 ");
            assertThat(b.reply()).startsWith("220 ");
            try (Smtp c = new Smtp(receiver.address())) {
                assertThat(c.reply()).isEqualTo("421 4.7.0 mailtrail.test Too many connections, try again later");
                assertThat(c.line()).isNull(); // closed
            }
            ReceivedSession turnedAway = nextSession();
            assertThat(turnedAway.closeReason()).isEqualTo("too many connections");
            assertThat(turnedAway.jsonFile()).isPresent();
            assertThat(a.cmd("QUIT")).startsWith("221 ");
        }
        // a slot is free again
        nextSession();
        nextSession();
        try (Smtp d = new Smtp(receiver.address())) {
            assertThat(d.reply()).startsWith("220 ");
        }
    }

    @Test
    void anIdleClientGets421AfterTheTimeout() throws Exception {
        start(config(dir).withIdleTimeout(Duration.ofSeconds(1)));
        long t0 = System.nanoTime();
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.reply()).isEqualTo("421 4.4.2 mailtrail.test Error: timeout exceeded");
            assertThat(c.line()).isNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("idle timeout");
        assertThat(s.result().journeys().get(0).timeline().events()).anyMatch(
                e -> e.kind() == EventKind.PROTOCOL_ERROR && e.summary().contains("idle timeout"));
    }

    @Test
    void anIdleTimeoutInTheMiddleOfACommandLineSaysSoAndNotThatNoCommandCame() throws Exception {
        start(config(dir).withIdleTimeout(Duration.ofSeconds(1)));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            c.write("RCPT TO:<bob@exa"); // and no more
            assertThat(c.reply()).startsWith("421 4.4.2 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("idle timeout");
        assertThat(s.result().journeys().get(0).timeline().events()).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                && e.summary().contains("no more of the command line it had begun came from the client within 1 s"));
    }

    @Test
    void aClientStallingInTheDataGets421AndNothingIsStored() throws Exception {
        start(config(dir).withIdleTimeout(Duration.ofSeconds(1)));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.write("Subject: half\r\n\r\nthe first half of the message");
            assertThat(c.reply()).startsWith("421 4.4.2 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(stored()).isEmpty();
        assertThat(files(dir.resolve("maildir/tmp"))).isEmpty();
    }

    @Test
    void aClientDroppingMidDataStoresNothing() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.write("Subject: dropped\r\n\r\nline one\r\nline two\r\n.");
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("client closed the connection during DATA");
        assertThat(s.messagesStored()).isZero();
        assertThat(stored()).isEmpty();
        assertThat(files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(s.result().journeys().get(0).outcomes().get("bob@example.test").status())
                .isEqualTo(org.mailtrail.engine.RecipientOutcome.Status.QUEUED);
        // and with a reset instead of a FIN
        Socket rst = new Socket();
        try (Smtp c = new Smtp(rst, receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.write("Subject: reset\r\n\r\nline one\r\n");
            rst.setSoLinger(true, 0);
        }
        assertThat(nextSession().messagesStored()).isZero();
        assertThat(stored()).isEmpty();
    }

    @Test
    void garbageGetsErrorsThenTheSessionIsClosedAndTheTranscriptStillReadsBack() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.write(new byte[] {0, 1, 2, 27, '[', '3', '1', 'm', (byte) 0xff, (byte) 0xfe, '\r', '\n'});
            assertThat(c.reply()).startsWith("500 5.5.2");
            assertThat(c.cmd("X".repeat(2000))).startsWith("500 5.5.0"); // over 512 octets
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("503 5.5.1"); // no EHLO yet
            assertThat(c.cmd("EHLO")).startsWith("501 ");
            assertThat(c.cmd("EHLO bad\u0001name")).startsWith("501 5.5.2"); // it would reach the Received: line
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
            assertThat(c.cmd("MAIL FROM:<not an address>")).startsWith("501 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("503 ");
            assertThat(c.cmd("AUTH PLAIN AGFsaWNlAHNlY3JldA==")).startsWith("503 ");
            assertThat(c.cmd("EXPN staff")).startsWith("502 ");
            StringBuilder more = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                more.append("GARBAGE ").append(i).append("\r\n");
            }
            c.write(more.toString()); // in one go, so that nothing is left unread when the server closes
            List<String> replies = new ArrayList<>();
            try {
                for (String r = c.reply(); r != null; r = c.reply()) {
                    replies.add(r);
                }
            } catch (java.net.SocketException e) {
                // a reset after the last reply is fine
            }
            assertThat(replies).hasSizeLessThan(30);
            assertThat(replies.get(replies.size() - 1)).isEqualTo("421 4.7.0 mailtrail.test Error: too many errors");
            assertThat(replies.subList(0, replies.size() - 1)).allMatch(r -> r.startsWith("500 "));
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).contains("too many errors");
        List<TimelineEvent> events = s.result().journeys().get(0).timeline().events();
        assertThat(events).anyMatch(e -> e.summary().equals("C: \\x00\\x01\\x02\\x1B[31m\ufffd\ufffd"));
        assertThat(events).noneMatch(e -> e.lines().stream().anyMatch(l -> l.chars().anyMatch(ch -> ch < 0x20
                && ch != '\t')));
        assertThat(events).anyMatch(e -> "auth".equals(e.details().get("secret"))
                && e.lines().equals(List.of("AUTH PLAIN <redacted>")));
        String json = Files.readString(s.jsonFile().orElseThrow());
        assertThat(json).doesNotContain("AGFsaWNlAHNlY3JldA==");
        assertThat(Files.readString(s.textFile().orElseThrow())).doesNotContain("AGFsaWNlAHNlY3JldA==");
        assertThat(JsonSession.read(json, "garbage.json").journeys().get(0).timeline().size()).isEqualTo(events.size());
        assertThat(stored()).isEmpty();
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderAndTheMessageStored() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).contains("PIPELINING");
            c.write("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.test>\r\nRCPT TO:<eve@evil.test>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).startsWith("554 5.7.1");
            assertThat(c.reply()).startsWith("354 ");
            c.write("Subject: piped\r\n\r\n..a dotted line\r\n.\r\nQUIT\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.reply()).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        String text = Files.readString(stored().get(0));
        assertThat(text).contains("\tfor <bob@example.test>; ").endsWith("\r\n\r\n.a dotted line\r\n");
        assertThat(s.result().compose().subject()).isEqualTo("piped");
        assertThat(s.result().compose().from()).isEqualTo("alice@example.org");
        assertThat(s.result().compose().to()).containsExactly("bob@example.test", "eve@evil.test");
    }

    @Test
    void twoWholeMessagesInOneWriteAreBothStoredAndPairedWithTheirReplies() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).contains("PIPELINING");
            // a client that does not wait for 354 (wrong, but it happens): both messages arrive in one read
            c.write("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: one\r\n\r\n1\r\n.\r\n"
                    + "MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: two\r\n\r\n2\r\n.\r\n"
                    + "QUIT\r\n");
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                replies.add(c.reply());
            }
            assertThat(replies.stream().filter(r -> r.startsWith("250 2.0.0 Ok: queued as "))).hasSize(2);
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(2);
        assertThat(s.messageFiles()).hasSize(2);
        assertThat(stored()).hasSize(2);
        assertThat(Files.readString(s.messageFiles().get(0))).contains("Subject: one");
        assertThat(Files.readString(s.messageFiles().get(1))).contains("Subject: two");
        assertThat(s.result().journeys().get(0).timeline().events().stream()
                .filter(e -> e.kind() == org.mailtrail.timeline.EventKind.MESSAGE_ACCEPTED)).hasSize(2);
    }

    @Test
    void credentialsSentAfterARefusedAuthAreNeverKept() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.cmd("EHLO client.example.org");
            c.write("AUTH LOGIN\r\nYWxpY2U=\r\nczNjcmV0\r\nAUTH PLAIN AGFsaWNlAHMzY3JldA==\r\nQUIT\r\n");
            for (int i = 0; i < 5; i++) {
                c.reply();
            }
        }
        ReceivedSession s = nextSession();
        String all = s.result().journeys().get(0).timeline().events().toString();
        assertThat(all).doesNotContain("YWxpY2U=", "czNjcmV0", "AGFsaWNlAHMzY3JldA==");
        assertThat(Files.readString(s.jsonFile().orElseThrow())).doesNotContain("czNjcmV0", "AGFsaWNlAHMzY3JldA==");
        assertThat(Files.readString(s.textFile().orElseThrow())).doesNotContain("czNjcmV0").contains("<redacted>");
    }

    @Test
    void everyStepOfAServerTranscriptHasAnExplanationInBothLanguages() throws Exception {
        start(config(dir));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.cmd("EHLO client.example.org");
            c.cmd("BOGUS command");
            c.cmd("MAIL FROM:<alice@example.org>");
            c.cmd("RCPT TO:<eve@evil.test>");
            c.cmd("QUIT");
        }
        ReceivedSession s = nextSession();
        var events = s.result().journeys().get(0).timeline().events();
        assertThat(events).anyMatch(e -> e.explanationKey().equals("server.bad-command"));
        for (java.util.Locale l : new java.util.Locale[] {java.util.Locale.ENGLISH, java.util.Locale.GERMAN}) {
            org.mailtrail.timeline.Explanations x = new org.mailtrail.timeline.Explanations(l);
            assertThat(events).allSatisfy(e -> assertThat(x.has(e.explanationKey())).as(e.explanationKey()).isTrue());
        }
    }

    @Test
    void concurrentSessionsGetDistinctIdsAndFiles() throws Exception {
        start(config(dir));
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                replies.add(pool.submit(() -> {
                    try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
                        c.cmd("RCPT TO:<bob@example.test>");
                        String r = c.data(message("concurrent " + k, "body " + k));
                        c.cmd("QUIT");
                        return r;
                    }
                }));
            }
            for (Future<String> f : replies) {
                assertThat(f.get(30, TimeUnit.SECONDS)).startsWith("250 ");
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(nextSession().id());
        }
        assertThat(ids).hasSize(n);
        assertThat(stored()).hasSize(n);
        StoredSessions.assertFiles(dir.resolve("sessions"), ids);
    }

    @Test
    void aMessageThatCannotBeStoredGets451AndTheClientCanTryAgain() throws Exception {
        start(config(dir));
        Path fresh = dir.resolve("maildir/new");
        Files.delete(fresh);
        Files.writeString(fresh, "not a folder"); // every rename into new/ now fails
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(message("unlucky", "body"))).isEqualTo(
                    "451 4.3.0 Error: cannot store the message, try again later");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(s.storeProblem()).hasValueSatisfying(p -> assertThat(p).contains("could not be stored"));
        assertThat(problems.poll(5, TimeUnit.SECONDS)).contains("could not be stored");
        assertThat(files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(s.result().journeys().get(0).outcomes().get("bob@example.test").status())
                .isEqualTo(org.mailtrail.engine.RecipientOutcome.Status.QUEUED);
    }

    @Test
    void aLoopingMessageIsRefused() throws Exception {
        start(config(dir));
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            m.append("Received: from hop").append(i).append(".example.org by somewhere; Mon, 5 Jan 2026 09:00:00 +0000\r\n");
        }
        m.append("Subject: loop\r\n\r\nround and round\r\n");
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(m.toString())).startsWith("554 5.4.6");
            c.cmd("QUIT");
        }
        nextSession();
        assertThat(stored()).isEmpty();
    }

    @Test
    void closingTheReceiverTellsConnectedClients() throws Exception {
        start(config(dir));
        Smtp c = new Smtp(receiver.address()).hello("alice@example.org");
        try (c) {
            receiver.close();
            assertThat(c.reply()).isEqualTo("421 4.3.2 mailtrail.test Service shutting down, try again later");
            assertThat(c.line()).isNull();
        }
        assertThat(nextSession().closeReason()).isEqualTo("server shutting down");
        assertThat(receiver.activeSessions()).isZero();
    }

    @Test
    void aClientThatNeverReadsIsCutOffAndHoldsNoThread() throws Exception {
        start(config(dir).withIdleTimeout(Duration.ofSeconds(1)));
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(receiver.address(), 5_000);
        Thread writer = new Thread(() -> {
            byte[] ehlo = "EHLO flood.example.org\r\n".repeat(500).getBytes(StandardCharsets.US_ASCII);
            try {
                OutputStream o = s.getOutputStream();
                for (int i = 0; i < 100_000; i++) {
                    o.write(ehlo);
                }
            } catch (IOException e) {
                // the server cut us off, as it should
            }
        }, "flooding-client");
        writer.setDaemon(true);
        writer.start();
        try {
            ReceivedSession session = nextSession();
            assertThat(session.closeReason()).isIn("connection lost", "too many commands");
            assertThat(receiver.activeSessions()).isZero();
        } finally {
            s.close();
            writer.join(5_000);
        }
    }

    @Test
    void sessionsAreServedOnLoopsOrOnThreadsAsAsked() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        start(config(null));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data("Subject: threads\r\n\r\nwho serves me?")).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        assertThat(nextSession().messagesStored()).isEqualTo(1);
        List<String> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .map(Thread::getName).toList();
        if (eventLoops()) {
            assertThat(started).anyMatch(n -> n.startsWith("mailtrail-smtp-loop-"))
                    .noneMatch(n -> n.startsWith("mailtrail-smtp-session-"));
        } else {
            assertThat(started).anyMatch(n -> n.startsWith("mailtrail-smtp-session-"))
                    .noneMatch(n -> n.startsWith("mailtrail-smtp-loop-"));
        }
    }

    @Test
    void listensOnLoopbackByDefault() {
        ReceiverConfig c = ReceiverConfig.defaults("example.test");
        assertThat(c.listen().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.listen().getPort()).isEqualTo(2525);
        assertThat(c.loopbackOnly()).isTrue();
    }
}

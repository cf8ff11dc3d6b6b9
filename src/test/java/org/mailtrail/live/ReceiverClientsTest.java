package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** Third-party SMTP clients (Angus Mail's Transport, GreenMail's client) deliver to the receiver. */
@Timeout(60)
class ReceiverClientsTest {
    /** True to serve sessions on event loops (the subclass ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }
    @TempDir
    Path dir;

    private SmtpReceiver receiver;
    private final BlockingQueue<ReceivedSession> started = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start(ReceiverConfig c) throws Exception {
        receiver = SmtpReceiver.start(c, null, null, eventLoops());
        receiver.onSessionStarted(started::add);
        receiver.onSession(sessions::add);
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    static Properties mailProperties(SmtpReceiver r) {
        Properties p = new Properties();
        p.put("mail.smtp.host", r.address().getAddress().getHostAddress());
        p.put("mail.smtp.port", Integer.toString(r.address().getPort()));
        p.put("mail.smtp.localhost", "client.example.org");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        return p;
    }

    @Test
    void angusMailTransportDeliversAndEverythingIsKept() throws Exception {
        start(ReceiverLimitsTest.config(dir));
        Session mail = Session.getInstance(mailProperties(receiver));
        MimeMessage m = new MimeMessage(mail);
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
        m.setSubject("Hello from Angus Mail");
        m.setText("first line\n.a line that starts with a dot\nlast line\n", "UTF-8");
        Transport.send(m);

        ReceivedSession first = started.poll(10, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.finished()).isFalse();
        ReceivedSession s = nextSession();
        assertThat(s.id()).isEqualTo(first.id());
        assertThat(s.finished()).isTrue();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(s.closeReason()).isEqualTo("QUIT");
        assertThat(s.heloName()).isEqualTo("client.example.org");
        assertThat(s.client().getAddress().isLoopbackAddress()).isTrue();
        assertThat(s.tls()).isFalse();
        assertThat(s.storeProblem()).isEmpty();

        // the message: Return-Path and Received on top, then the message as sent, dots un-stuffed
        assertThat(s.messageFiles()).hasSize(1);
        Path eml = s.messageFiles().get(0);
        assertThat(eml.getParent()).isEqualTo(dir.toAbsolutePath().normalize().resolve("maildir/new"));
        assertThat(eml.getFileName().toString()).isEqualTo(s.id() + ".1.eml");
        String text = Files.readString(eml);
        assertThat(text).startsWith("Return-Path: <alice@example.org>\r\nReceived: from client.example.org ([127.0.0.1])"
                + "\r\n\tby mailtrail.test (Mail Trail) with ESMTP id " + s.id() + ".1\r\n\tfor <bob@example.test>; ");
        assertThat(text).matches("(?s).*for <bob@example.test>; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000"
                + "\r\n.*");
        assertThat(text).contains("Subject: Hello from Angus Mail\r\n")
                .contains("\r\n.a line that starts with a dot\r\n");
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();

        // the session as a log: timeline in order, and the JSON reads back the same
        SimulationResult r = s.result();
        assertThat(r.info().mode()).isEqualTo("live");
        assertThat(r.info().name()).isEqualTo(s.id());
        assertThat(r.compose().from()).isEqualTo("alice@example.org");
        assertThat(r.compose().to()).containsExactly("bob@example.test");
        assertThat(r.compose().subject()).isEqualTo("Hello from Angus Mail");
        Journey j = r.journeys().get(0);
        assertThat(j.outcomes().get("bob@example.test").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.delivered()).hasSize(1);
        assertThat(new String(j.delivered().get(0).content(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
        List<EventKind> kinds = j.timeline().events().stream().map(TimelineEvent::kind).toList();
        int data = kinds.lastIndexOf(EventKind.SMTP_COMMAND);
        assertThat(kinds.subList(0, 4)).containsExactly(EventKind.TCP_SYN, EventKind.TCP_SYN_ACK, EventKind.TCP_ACK,
                EventKind.SMTP_REPLY);
        int received = kinds.indexOf(EventKind.RECEIVED_ADDED);
        int accepted = kinds.indexOf(EventKind.MESSAGE_ACCEPTED);
        int delivered = kinds.indexOf(EventKind.DELIVERED);
        assertThat(received).isPositive().isLessThan(accepted);
        assertThat(kinds.get(accepted + 1)).isEqualTo(EventKind.SMTP_REPLY);
        assertThat(delivered).isEqualTo(accepted + 2);
        assertThat(kinds.get(kinds.size() - 1)).isEqualTo(EventKind.TCP_CLOSE);
        assertThat(data).isPositive();
        assertThat(j.timeline().events()).isSortedAccordingTo(
                (a, b) -> Long.compare(a.timeMicros(), b.timeMicros()));
        assertThat(j.timeline().get(delivered).lines().get(0)).isEqualTo("Return-Path: <alice@example.org>");

        String json = Files.readString(s.jsonFile().orElseThrow());
        assertThat(s.jsonFile().get().getFileName().toString()).isEqualTo(s.id() + ".json");
        SimulationResult back = JsonSession.read(json, "session.json");
        // written compact (one line, docs/serve.md): the same document, written back byte for byte
        assertThat(json.indexOf('\n')).isEqualTo(json.length() - 1);
        assertThat(new String(JsonSession.renderCompactBytes(back), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(json);
        assertThat(back.journeys().get(0).timeline().events()).isEqualTo(j.timeline().events());
        String txt = Files.readString(s.textFile().orElseThrow());
        assertThat(txt).contains("C: MAIL FROM:<alice@example.org>").contains("S: 250 2.0.0 Ok: queued as " + s.id()
                + ".1").contains("bob@example.test");
    }

    @Test
    void greenMailsClientDelivers() throws Exception {
        start(ReceiverLimitsTest.config(dir));
        GreenMailUtil.sendTextEmail("carol@example.net", "dave@example.org", "Hello from GreenMail",
                "GreenMail's client says hello", new ServerSetup(receiver.address().getPort(), "127.0.0.1", "smtp"));
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        String text = Files.readString(s.messageFiles().get(0));
        assertThat(text).startsWith("Return-Path: <dave@example.org>\r\nReceived: from ")
                .contains("\tfor <carol@example.net>; ").contains("Subject: Hello from GreenMail")
                .contains("GreenMail's client says hello");
        assertThat(receiver.messagesStored()).isEqualTo(1);
        assertThat(JsonSession.read(Files.readString(s.jsonFile().orElseThrow()), "x.json").compose().subject())
                .isEqualTo("Hello from GreenMail");
    }

    @Test
    void withoutAStoreTheSessionIsKeptInMemoryOnly() throws Exception {
        start(ReceiverLimitsTest.config(null));
        Session mail = Session.getInstance(mailProperties(receiver));
        MimeMessage m = new MimeMessage(mail);
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
        m.setSubject("memory");
        m.setText("kept in memory");
        Transport.send(m);
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(s.messageFiles()).isEmpty();
        assertThat(s.jsonFile()).isEmpty();
        assertThat(s.textFile()).isEmpty();
        assertThat(new String(s.result().journeys().get(0).delivered().get(0).content(),
                java.nio.charset.StandardCharsets.UTF_8)).startsWith("Return-Path: <alice@example.org>\r\n")
                .contains("kept in memory");
        assertThat(s.result().journeys().get(0).timeline().events()).anyMatch(
                e -> e.kind() == EventKind.DELIVERED && e.summary().contains("kept in memory"));
    }
}

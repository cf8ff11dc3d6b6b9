package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.JsonSession;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * {@code send} for real on loopback: the lab DNS server answers the MX lookups, GreenMail (a third-party SMTP
 * server) receives on 127.0.0.2 / 127.0.0.3. One test per MX case of RFC 5321 §5.1 and RFC 7505.
 */
@Timeout(60)
class LiveSenderTest {
    private LoopbackLab lab;

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private static LiveResult send(LiveSender.Options o) throws Exception {
        return new LiveSender(o, new LiveRecorder(), null).run();
    }

    private static List<TimelineEvent> events(LiveResult r) {
        return r.session().journeys().get(0).timeline().events();
    }

    private static List<String> summaries(LiveResult r, EventKind kind) {
        return events(r).stream().filter(e -> e.kind() == kind).map(TimelineEvent::summary).collect(Collectors.toList());
    }

    @Test
    void thePreferredMxGetsTheMessage() throws Exception {
        GreenMail mx1 = lab.greenMail("127.0.0.2");
        GreenMail mx2 = lab.greenMail("127.0.0.3");
        LiveResult r = send(lab.direct(TlsMode.AUTO, "bob@example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(mx1.getReceivedMessages()).hasSize(1);
        assertThat(mx2.getReceivedMessages()).isEmpty();
        MimeMessage m = mx1.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Lab test");
        assertThat(GreenMailUtil.getBody(m)).contains("Hello from the lab.", "\r\n.dot line");
        assertThat(summaries(r, EventKind.DNS_QUERY)).first().asString().contains("example.test. IN MX");
        assertThat(summaries(r, EventKind.MX_DECISION)).containsExactly("Mail for example.test: try mx1.example.test first");
        assertThat(summaries(r, EventKind.SMTP_COMMAND)).containsSubsequence("C: EHLO client.example.org",
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<bob@example.test>", "C: DATA", "C: QUIT");
        assertThat(summaries(r, EventKind.SMTP_REPLY)).first().asString().startsWith("S: 220");
        RecipientOutcome o = r.session().journeys().get(0).outcomes().get("bob@example.test");
        assertThat(o.status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(o.host()).isEqualTo("mx1.example.test");
    }

    @Test
    void measuredTimesAreMonotonicAndRealTcpPortsAreRecorded() throws Exception {
        lab.greenMail("127.0.0.2");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test"));
        List<TimelineEvent> ev = events(r);
        TimelineEvent ack = ev.stream().filter(e -> e.kind() == EventKind.TCP_ACK).findFirst().orElseThrow();
        assertThat(ack.detail("dstAddr")).isEqualTo("127.0.0.2");
        assertThat(ack.detail("dstPort")).isEqualTo(Integer.toString(lab.port));
        assertThat(Integer.parseInt(ack.detail("srcPort"))).isPositive();
        long lastReply = -1;
        for (TimelineEvent e : ev) {
            if (e.kind() == EventKind.SMTP_REPLY) {
                assertThat(e.endMicros()).isGreaterThanOrEqualTo(lastReply);
                lastReply = e.endMicros();
            }
        }
        assertThat(r.session().info().mode()).isEqualTo("live");
    }

    @Test
    void whenThePreferredMxRefusesTheNextOneIsUsed() throws Exception {
        GreenMail mx2 = lab.greenMail("127.0.0.3"); // nothing listens on mx1 (127.0.0.2)
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@backup.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(mx2.getReceivedMessages()).hasSize(1);
        List<TimelineEvent> ev = events(r);
        TimelineEvent failed = ev.stream().filter(e -> e.kind() == EventKind.TCP_FAILED).findFirst().orElseThrow();
        assertThat(failed.summary()).contains("mx1.example.test", "refused");
        assertThat(failed.explanationKey()).isEqualTo("tcp.failed.refused");
        int failedAt = ev.indexOf(failed);
        assertThat(ev.subList(failedAt, ev.size())).anyMatch(e -> e.kind() == EventKind.TCP_ACK
                && e.summary().contains("mx2.example.test"));
        assertThat(r.session().journeys().get(0).outcomes().get("bob@backup.example.test").host())
                .isEqualTo("mx2.example.test");
    }

    @Test
    void whenEveryMxRefusesItIsANetworkError() throws Exception {
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@backup.example.test"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(summaries(r, EventKind.TCP_FAILED)).hasSize(2);
        assertThat(r.session().journeys().get(0).outcomes().get("bob@backup.example.test").detail())
                .contains("(both addresses tried)");
    }

    @Test
    void withoutMxTheDomainsOwnAddressIsTheImplicitMx() throws Exception {
        GreenMail host = lab.greenMail("127.0.0.3");
        LiveResult r = send(lab.direct(TlsMode.OFF, "carol@implicit.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(host.getReceivedMessages()).hasSize(1);
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("mx.implicit"));
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("dns.answer.nodata"));
    }

    @Test
    void aNullMxBouncesWithoutAnyConnection() throws Exception {
        lab.greenMail("127.0.0.2");
        LiveResult r = send(lab.direct(TlsMode.OFF, "dave@nullmx.example.test"));
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(events(r)).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("mx.null"));
        assertThat(r.session().journeys().get(0).outcomes().get("dave@nullmx.example.test").detail()).contains("556 5.1.10");
    }

    @Test
    void aDomainThatDoesNotExistBouncesWithoutAnyConnection() throws Exception {
        LiveResult r = send(lab.direct(TlsMode.OFF, "erin@nosuch.example.test"));
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("dns.answer.nxdomain"));
        assertThat(events(r)).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
    }

    @Test
    void anMxWhoseNameDoesNotExistIsPermanent() throws Exception {
        LiveResult r = send(lab.direct(TlsMode.OFF, "frank@ghost.example.test"));
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(r.session().journeys().get(0).outcomes().get("frank@ghost.example.test").status())
                .isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(events(r)).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
    }

    @Test
    void aDnsServerThatDoesNotAnswerIsATemporaryFailureNotAHang() throws Exception {
        lab.dns.close();
        long t0 = System.nanoTime();
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test"));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
        assertThat(r.exitCode()).isIn(3, 4);
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("dns.answer.timeout"));
    }

    @Test
    void recipientsInTwoDomainsMakeOneTransactionEach() throws Exception {
        GreenMail mx1 = lab.greenMail("127.0.0.2");
        GreenMail mx2 = lab.greenMail("127.0.0.3");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test", "carol@implicit.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(mx1.getReceivedMessages()).hasSize(1);
        assertThat(mx2.getReceivedMessages()).hasSize(1);
        assertThat(summaries(r, EventKind.SMTP_COMMAND).stream().filter(s -> s.startsWith("C: MAIL"))).hasSize(2);
    }

    @Test
    void aLiveSessionRoundTripsThroughJsonToTheSameTimeline() throws Exception {
        lab.greenMail("127.0.0.2");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test"));
        String json = JsonSession.render(r.session());
        var back = JsonSession.read(json, "live.json");
        Journey a = r.session().journeys().get(0);
        Journey b = back.journeys().get(0);
        assertThat(b.timeline().events()).isEqualTo(a.timeline().events());
        assertThat(b.outcomes()).isEqualTo(a.outcomes());
        assertThat(back.info()).isEqualTo(r.session().info());
        assertThat(JsonSession.render(back)).isEqualTo(json);
    }
}

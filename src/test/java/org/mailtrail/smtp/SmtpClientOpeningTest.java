package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's opening (greeting, EHLO, HELO, STARTTLS) fed reply by reply, sans IO, including the odd replies. */
class SmtpClientOpeningTest {

    private static SmtpClient client(TlsMode tls) {
        return new SmtpClient(new ClientConfig("client.example.org", tls, false),
                new Envelope("alice@example.org", List.of("bob@example.net")),
                "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static Outcome finish(SmtpClient c, List<ClientEvent> events) {
        if (Pump.sentLines(events).contains("QUIT")) {
            events = Pump.feed(c, "221 2.0.0 Bye\r\n");
        }
        ClientEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(ClientEvent.Finished.class);
        return ((ClientEvent.Finished) last).outcome();
    }

    @Test
    void aTransientGreetingIsTransientAndAPermanentOnePermanent() {
        SmtpClient t = client(TlsMode.OFF);
        Outcome o = finish(t, Pump.feed(t, "421 4.3.2 Busy\r\n"));
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        SmtpClient p = client(TlsMode.OFF);
        Outcome po = finish(p, Pump.feed(p, "554 5.3.2 No service\r\n"));
        assertThat(po.recipients().get("bob@example.net").result()).isEqualTo(Result.PERMANENT);
        assertThat(po.summary()).contains("greeting").contains("No service");
        assertThat(p.refusedAtGreeting()).as("a 5xx banner: the next MX may be tried").isTrue();
    }

    @Test
    void aPositiveButWrongGreetingIsAProtocolError() {
        SmtpClient c = client(TlsMode.OFF);
        List<ClientEvent> events = Pump.feed(c, "250 hello?\r\n");
        assertThat(events).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
        assertThat(Pump.sentLines(events)).doesNotContain("EHLO client.example.org");
        assertThat(c.refusedAtGreeting()).isFalse();
    }

    @Test
    void ehloRefusedOtherThanBy500Or502EndsTheSession() {
        SmtpClient c = client(TlsMode.OFF);
        Pump.feed(c, "220 mx ESMTP\r\n");
        List<ClientEvent> events = Pump.feed(c, "550 5.7.1 Go away\r\n");
        assertThat(Pump.sentLines(events)).containsExactly("QUIT");
        assertThat(c.usedHeloFallback()).isFalse();
        Outcome o = finish(c, events);
        assertThat(o.summary()).contains("EHLO refused").contains("Go away");
        assertThat(o.anyPermanent()).isTrue();
        assertThat(o.anyTransient()).isFalse();
    }

    @Test
    void aTransientEhloRefusalIsTransient() {
        SmtpClient c = client(TlsMode.OFF);
        Pump.feed(c, "220 mx ESMTP\r\n");
        Outcome o = finish(c, Pump.feed(c, "421 4.3.0 Later\r\n"));
        assertThat(o.anyTransient()).isTrue();
        assertThat(o.anyPermanent()).isFalse();
    }

    @Test
    void anIntermediateReplyToEhloOrHeloIsAProtocolError() {
        SmtpClient c = client(TlsMode.OFF);
        Pump.feed(c, "220 mx ESMTP\r\n");
        assertThat(Pump.feed(c, "354 what\r\n")).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
        SmtpClient h = client(TlsMode.OFF);
        Pump.feed(h, "220 mx ESMTP\r\n");
        assertThat(Pump.sentLines(Pump.feed(h, "502 5.5.1 No\r\n"))).containsExactly("HELO client.example.org");
        assertThat(h.usedHeloFallback()).isTrue();
        assertThat(Pump.feed(h, "354 what\r\n")).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
    }

    @Test
    void heloRefusedEndsTheSession() {
        SmtpClient c = client(TlsMode.OFF);
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "500 5.5.2 What\r\n");
        List<ClientEvent> events = Pump.feed(c, "550 5.7.1 Not you\r\n");
        assertThat(Pump.sentLines(events)).containsExactly("QUIT");
        assertThat(finish(c, events).summary()).contains("HELO refused").contains("Not you");
    }

    @Test
    void anythingAfterThe220ToStarttlsInTheSameReadIsAnInjectionError() {
        // RFC 3207 §4.2, CVE-2011-0411: a reply (or part of one) right behind the 220 came in clear text
        for (String extra : List.of("250 injected\r\n", "2")) {
            SmtpClient c = client(TlsMode.AUTO);
            Pump.feed(c, "220 mx ESMTP\r\n");
            assertThat(Pump.sentLines(Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n"))).containsExactly("STARTTLS");
            List<ClientEvent> events = Pump.feed(c, "220 2.0.0 Ready to start TLS\r\n" + extra);
            assertThat(events).noneMatch(e -> e instanceof ClientEvent.StartTls);
            assertThat(events).filteredOn(e -> e instanceof ClientEvent.ProtocolError)
                    .map(e -> ((ClientEvent.ProtocolError) e).message()).as("after %s", extra)
                    .singleElement().asString().contains("injection");
            assertThat(c.tlsActive()).isFalse();
            assertThat(c.isFinished()).isTrue();
            assertThat(c.outcome().orElseThrow().anyTransient()).isTrue();
        }
    }

    @Test
    void the220AloneStartsTheHandshake() {
        SmtpClient c = client(TlsMode.AUTO);
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n");
        List<ClientEvent> events = Pump.feed(c, "220 2.0.0 Ready to start TLS\r\n");
        assertThat(events).noneMatch(e -> e instanceof ClientEvent.ProtocolError);
        assertThat(events.get(events.size() - 1)).isInstanceOf(ClientEvent.StartTls.class);
        assertThat(c.hasUnreadData()).isFalse();
    }

    @Test
    void aRefusedStarttlsGoesOnInTheClearWhenTlsIsOnlyWanted() {
        SmtpClient c = client(TlsMode.AUTO);
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "250-mx\r\n250 STARTTLS\r\n");
        assertThat(Pump.sentLines(Pump.feed(c, "454 4.7.0 No TLS\r\n"))).containsExactly("MAIL FROM:<alice@example.org>");
        assertThat(c.securityFailed()).isFalse();
        SmtpClient odd = client(TlsMode.AUTO);
        Pump.feed(odd, "220 mx ESMTP\r\n");
        Pump.feed(odd, "250-mx\r\n250 STARTTLS\r\n");
        assertThat(Pump.feed(odd, "354 what\r\n")).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
    }

    @Test
    void outcomeFlagsLookAtEveryRecipient() {
        Outcome mixed = new Outcome(Map.of("a@x.example", new RecipientStatus(Result.ACCEPTED, Reply.of(250, "ok"), null),
                "b@x.example", new RecipientStatus(Result.TRANSIENT, Reply.of(450, "later"), null)), null, "s");
        assertThat(mixed.allAccepted()).isFalse();
        assertThat(mixed.anyTransient()).isTrue();
        assertThat(mixed.anyPermanent()).isFalse();
        Outcome good = new Outcome(Map.of("a@x.example", new RecipientStatus(Result.ACCEPTED, Reply.of(250, "ok"), null)),
                null, "s");
        assertThat(good.allAccepted()).isTrue();
        assertThat(good.anyTransient()).isFalse();
        assertThat(good.anyPermanent()).isFalse();
    }
}

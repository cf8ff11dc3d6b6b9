package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a client session ends in ways no scenario takes (issue 16, second round): the transport aborts it, the server
 * closes after QUIT, garbage arrives after QUIT, a reply arrives during the TLS handshake.
 */
class SmtpClientEndingsTest {

    private static SmtpClient client(TlsMode tls) {
        return new SmtpClient(new ClientConfig("client.example.org", tls, false),
                new Envelope("alice@example.org", List.of("bob@example.net")), SmtpClientTest.MESSAGE);
    }

    private static SmtpClient refusedMail() {
        SmtpClient c = client(TlsMode.OFF);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250 mx.example.net\r\n");
        Pump.feed(c, "451 4.3.0 later\r\n");
        assertThat(c.state()).isEqualTo(ClientState.QUIT_SENT);
        return c;
    }

    private static Outcome outcome(List<ClientEvent> events) {
        assertThat(events).last().isInstanceOf(ClientEvent.Finished.class);
        return ((ClientEvent.Finished) events.get(events.size() - 1)).outcome();
    }

    @Test
    void anAbortFinishesWithItsReasonAndDropsWhatWasPending() {
        SmtpClient c = client(TlsMode.OFF);
        c.receiveData("220 mx.example.net ESMTP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        c.abort("timed out");
        ClientEvent e = c.nextEvent();
        assertThat(e).isInstanceOf(ClientEvent.Finished.class);
        Outcome o = ((ClientEvent.Finished) e).outcome();
        assertThat(o.summary()).isEqualTo("timed out");
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(c.state()).isEqualTo(ClientState.FINISHED);
    }

    @Test
    void anAbortAfterTheEndChangesNothing() {
        SmtpClient c = refusedMail();
        Outcome first = outcome(Pump.feed(c, "221 Bye\r\n"));
        c.abort("too late");
        ClientEvent again = c.nextEvent();
        assertThat(((ClientEvent.Finished) again).outcome().summary()).isEqualTo(first.summary())
                .isEqualTo("MAIL FROM refused: 4.3.0 later");
    }

    @Test
    void aCloseAfterQuitKeepsTheSummaryOfWhyTheClientQuit() {
        SmtpClient c = refusedMail();
        c.connectionClosed();
        Outcome o = outcome(Pump.drain(c));
        assertThat(o.summary()).isEqualTo("MAIL FROM refused: 4.3.0 later");
        assertThat(o.recipients().get("bob@example.net").reply().code()).isEqualTo(451);
    }

    @Test
    void garbageAfterQuitIsReportedButTheSummaryStays() {
        SmtpClient c = refusedMail();
        List<ClientEvent> events = Pump.feed(c, "garbage\r\n");
        assertThat(events).anyMatch(e -> e instanceof ClientEvent.ProtocolError);
        assertThat(outcome(events).summary()).isEqualTo("MAIL FROM refused: 4.3.0 later");
    }
}

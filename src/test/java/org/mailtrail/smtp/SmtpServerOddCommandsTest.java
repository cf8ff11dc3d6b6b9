package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server commands and lines no scenario sends (issue 16, second round): a 421 greeting, HELP, EXPN, STARTTLS inside a
 * transaction, an empty line, and AUTH lines at the line limit.
 */
class SmtpServerOddCommandsTest extends ServerDriver {

    @Test
    void aGreetingOf421ClosesAtOnce() {
        ServerPolicy busy = new ServerPolicy() {
            @Override
            public Reply onConnect() {
                return Reply.of(421, "4.3.2 busy");
            }
        };
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"), busy);
        assertThat(events).last().isInstanceOf(ServerEvent.Close.class);
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void helpNamesStarttlsOnlyWhenItIsOfferedAndNotYetActive() {
        SmtpServer plain = started(ServerConfig.defaults("mx.example.net"));
        assertThat(send(plain, "HELP\r\n")).singleElement().asString().startsWith("214").doesNotContain("STARTTLS");
        SmtpServer offering = started(ServerConfig.defaults("mx.example.net").withStartTls(true));
        assertThat(send(offering, "HELP\r\n")).singleElement().asString().startsWith("214").contains("STARTTLS");
        SmtpServer secured = started(ServerConfig.defaults("mx.example.net").withStartTls(true).withTlsActive(true));
        assertThat(secured.tlsActive()).isTrue();
        assertThat(send(secured, "HELP\r\n")).singleElement().asString().doesNotContain("STARTTLS");
    }

    @Test
    void expnIsNotImplemented() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        assertThat(send(s, "EXPN staff\r\n")).singleElement().asString().startsWith("502 ");
    }

    @Test
    void starttlsInsideATransactionIsRefused() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withStartTls(true));
        send(s, "EHLO client.example.org\r\n");
        assertThat(send(s, "MAIL FROM:<alice@example.org>\r\n")).singleElement().asString().startsWith("250");
        assertThat(send(s, "STARTTLS\r\n")).singleElement().asString().startsWith("503").contains("transaction");
        assertThat(s.state()).isNotEqualTo(ServerState.TLS_HANDSHAKE);
    }

    @Test
    void anEmptyLineIsABadSyntaxNotACrash() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        assertThat(send(s, "\r\n")).singleElement().asString().startsWith("500");
        assertThat(send(s, "NOOP\r\n")).singleElement().asString().startsWith("250");
        // an empty line ended by a bare LF is a bare LF (RFC 5321 §2.3.8): refused and closed, see SmtpServerBareLineEndTest
        assertThat(send(s, "\n")).singleElement().asString().startsWith("521 5.5.2");
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void anAuthLineOfExactlyTheLimitIsReadAndOneOctetMoreIsTooLong() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        send(s, "EHLO client.example.org\r\n");
        String head = "AUTH PLAIN ";
        String fits = head + "A".repeat(Command.MAX_AUTH_LINE_OCTETS - head.length() - 2);
        List<String> first = send(s, fits + "\r\n");
        assertThat(first).singleElement().asString().doesNotContain("too long");
        SmtpServer t = started(ServerConfig.defaults("mx.example.net"));
        send(t, "EHLO client.example.org\r\n");
        List<String> second = send(t, fits + "A\r\n");
        assertThat(second).singleElement().asString().startsWith("500").contains("too long");
    }
}

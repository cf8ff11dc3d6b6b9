package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every reply the server puts on the wire is US-ASCII (RFC 5321 §4.2: reply text is a textstring, HT and printable
 * US-ASCII; the server does not take SMTPUTF8 replies): the texts it writes itself, those that quote a parser's
 * reason, and those a policy hands it.
 */
class SmtpServerAsciiRepliesTest extends ServerDriver {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void assertAscii(byte[] reply) {
        for (byte b : reply) {
            assertThat(b).as("octet of %s", text(reply)).isBetween((byte) 0x09, (byte) 0x7e);
        }
    }

    @Test
    void addressLimitRepliesSaySectionInAscii() {
        SmtpServer s = started();
        wire(s, "EHLO client.example.org\r\n");
        byte[] localPart = wire(s, "MAIL FROM:<" + "a".repeat(65) + "@x.test>\r\n").get(0);
        assertThat(text(localPart)).isEqualTo("501 5.1.7 Bad sender address syntax: local-part longer than 64 octets"
                + " (RFC 5321 section 4.5.3.1.1)\r\n");
        assertAscii(localPart);
        wire(s, "MAIL FROM:<a@x.test>\r\n");
        List<byte[]> replies = new ArrayList<>();
        replies.addAll(wire(s, "RCPT TO:<b@" + "l".repeat(64) + ".test>\r\n")); // a label over 63
        replies.addAll(wire(s, "RCPT TO:<b@" + ("d".repeat(60) + ".").repeat(5) + "test>\r\n")); // a domain over 255
        replies.addAll(wire(s, "RCPT TO:<" + "p".repeat(60) + "@" + ("q".repeat(60) + ".").repeat(4) + "test>\r\n"));
        assertThat(replies).hasSize(3).allSatisfy(r -> {
            assertThat(text(r)).startsWith("501 5.1.3 ").contains("(RFC ").contains(" section ");
            assertAscii(r);
        });
    }

    @Test
    void everyRefusalOfABadCommandIsAscii() {
        SmtpServer s = started();
        List<byte[]> replies = new ArrayList<>();
        replies.addAll(wire(s, "EHLO caf\u00e9.example\r\nEHLO client.example.org\r\n"));
        for (String bad : List.of("MAIL FROM:<\u00e9@x.test>", "MAIL FROM:<a@x\u00e9.test>", "MAIL FROM:<a.@x.test>",
                "MAIL FROM:<\"a\u00e9\"@x.test>", "MAIL FROM:<a@[300.1.2.3]>", "MAIL FROM:<a@[IPv6:zz]>",
                "MAIL FROM:<a@x.test> \u00e9=1", "MAIL FROM:<a@x.test> SIZE=\u00e9", "MAIL FROM:a@x.test",
                "VRFY \u00e9", "N\u00d6OP", "\u00a7")) {
            replies.addAll(wire(s, bad + "\r\n"));
        }
        assertThat(replies).hasSizeGreaterThan(12).allSatisfy(SmtpServerAsciiRepliesTest::assertAscii);
    }

    @Test
    void aPolicyReplyWithNonAsciiTextGoesOutAsAscii() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"), new ServerPolicy() {
            @Override
            public Reply onMail(String reversePath, java.util.Map<String, String> params) {
                return Reply.of(550, "5.7.1 Refus\u00e9 \u2013 see RFC 5321 \u00a74.2", "caf\u00e9");
            }
        });
        wire(s, "EHLO client.example.org\r\n");
        byte[] r = wire(s, "MAIL FROM:<a@x.test>\r\n").get(0);
        assertAscii(r);
        assertThat(text(r)).isEqualTo("550-5.7.1 Refus? ? see RFC 5321 section 4.2\r\n550 caf?\r\n");
    }
}

package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Small facts other tests only ever saw in one state (issue 16, second round): the flags of client and server
 * before and after the step that sets them, EHLO keywords that were not advertised, SIZE 0, and the text helpers at
 * their limits (80 shown characters, the first non-ASCII character, CR or LF at the very start).
 */
class SmtpFlagsAndLimitsTest {

    @Test
    void recipientsAreReachedOnlyOnceRcptIsSent() {
        SmtpClient c = new SmtpClient(new ClientConfig("client.example.org", TlsMode.OFF, false),
                new Envelope("alice@example.org", List.of("bob@example.net")), SmtpClientTest.MESSAGE);
        assertThat(c.recipientsReached()).isFalse();
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250 mx.example.net\r\n");
        assertThat(c.state()).isEqualTo(ClientState.MAIL_SENT);
        assertThat(c.recipientsReached()).as("after MAIL only").isFalse();
        assertThat(c.authenticated()).as("no AUTH configured").isFalse();
        Pump.feed(c, "250 2.1.0 Ok\r\n");
        assertThat(c.recipientsReached()).isTrue();
    }

    @Test
    void aServerIsOpenAndInClearTextUntilToldOtherwise() {
        SmtpServer s = new SmtpServer(ServerConfig.defaults("mx.example.net"), ServerPolicy.acceptAll());
        assertThat(s.isClosed()).isFalse();
        assertThat(s.tlsActive()).isFalse();
    }

    @Test
    void keywordsNotAdvertisedAreNotSupported() {
        EhloInfo bare = EhloInfo.parse(Reply.of(250, "mx.example.net hello", "PIPELINING"));
        assertThat(bare.eightBitMime()).isFalse();
        assertThat(bare.smtpUtf8()).isFalse();
        EhloInfo full = EhloInfo.parse(Reply.of(250, "mx.example.net", "8BITMIME", "SMTPUTF8"));
        assertThat(full.eightBitMime()).isTrue();
        assertThat(full.smtpUtf8()).isTrue();
    }

    @Test
    void sizeZeroIsAnnouncedAsZeroAndANegativeSizeAsNone() {
        assertThat(EhloInfo.parse(Reply.of(250, "mx.example.net", "SIZE 0")).maxSize()).isEqualTo(OptionalLong.of(0));
        assertThat(EhloInfo.parse(Reply.of(250, "mx.example.net", "SIZE -1")).maxSize()).isEmpty();
    }

    @Test
    void visibleTextIsCutAfterEightyCharacters() {
        String eighty = "x".repeat(80);
        assertThat(Text.visible(eighty)).isEqualTo(eighty);
        assertThat(Text.visible(eighty + "y")).isEqualTo(eighty + "...");
        assertThat(Text.visible(null)).isEqualTo("null");
    }

    @Test
    void utf8LengthCountsTheFirstNonAsciiCharacterAsTwoOctets() {
        assertThat(Text.utf8Length("\u007f")).isEqualTo(1);
        assertThat(Text.utf8Length("\u0080")).isEqualTo(2);
        assertThat(Text.utf8Length("ab\u00e9")).isEqualTo(4);
        assertThat(Text.utf8Length("\u20ac")).isEqualTo(3);
    }

    @Test
    void crOrLfAtTheVeryStartIsFound() {
        assertThat(Text.hasCrLf("\rx")).isTrue();
        assertThat(Text.hasCrLf("\nx")).isTrue();
        assertThat(Text.hasCrLf("x")).isFalse();
    }

    @Test
    void eachVerbWithoutItsArgumentIsToldItsOwnSyntax() {
        assertThat(syntaxReply("VRFY").text()).contains("VRFY address");
        assertThat(syntaxReply("EXPN").text()).contains("EXPN address");
        assertThat(syntaxReply("AUTH").text()).contains("AUTH mechanism");
        assertThat(syntaxReply("MAIL TO:<a@b.example>").text()).contains("MAIL FROM:<address>");
        assertThat(syntaxReply("RCPT FROM:<a@b.example>").text()).contains("RCPT TO:<address>");
    }

    private static Reply syntaxReply(String line) {
        CommandParse p = Command.parse(line);
        assertThat(p).as(line).isInstanceOf(CommandParse.Error.class);
        Reply r = ((CommandParse.Error) p).reply();
        assertThat(r.code()).as(line).isEqualTo(501);
        return r;
    }

    @Test
    void aMessageOfExactlyTheServersLimitIsTakenAndLimitZeroMeansNone() {
        ServerConfig ten = ServerConfig.defaults("mx.example.net").withMaxMessageSize(10);
        assertThat(ServerReplies.mailParameters(java.util.Map.of("SIZE", "10"), true, ten, false)).isNull();
        assertThat(ServerReplies.mailParameters(java.util.Map.of("SIZE", "11"), true, ten, false).code()).isEqualTo(552);
        assertThat(ServerReplies.mailParameters(java.util.Map.of("SIZE", "ten"), true, ten, false).code()).isEqualTo(501);
        ServerConfig none = ServerConfig.defaults("mx.example.net").withMaxMessageSize(0);
        // no limit: SIZE is not listed, so SIZE=n is an option the server did not advertise (RFC 5321 §4.1.1.11)
        assertThat(ServerReplies.mailParameters(java.util.Map.of("SIZE", "99999999"), true, none, false).code())
                .isEqualTo(555);
        assertThat(ServerReplies.ehlo(none, false).lines()).noneMatch(l -> l.startsWith("SIZE"));
        assertThat(ServerReplies.ehlo(ServerConfig.defaults("mx.example.net").withMaxMessageSize(1), false).lines())
                .contains("SIZE 1");
    }

    @Test
    void anEhloNameIsPrintableAsciiFromExclamationMarkToTilde() {
        assertThat(ServerReplies.printableAscii("!~")).isTrue();
        assertThat(ServerReplies.printableAscii("a b")).isFalse();
        assertThat(ServerReplies.printableAscii("a\u007f")).isFalse();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void theDataDecoderTakesZeroBytesAndRefusesARangePastTheEnd() {
        DataDecoder d = new DataDecoder(0);
        byte[] data = ascii("hi\r\n.\r\n");
        assertThat(d.feed(data, 0, 0)).isZero();
        assertThat(d.feed(data, 2, 0)).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.feed(data, 1, data.length))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("off=1");
        assertThat(d.feed(data, 0, data.length)).isEqualTo(data.length);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.content()).isEqualTo(ascii("hi\r\n"));
    }

    @Test
    void aBareCrInsideALineIsKeptInTheContent() {
        DataDecoder d = new DataDecoder(0);
        d.feed(ascii("a\rb\r\n.\r\n"));
        assertThat(d.isComplete()).isTrue();
        assertThat(d.content()).isEqualTo(ascii("a\rb\r\n"));
    }

    @Test
    void aDataLineOfOneThousandOctetsWithCrlfIsAllowedAndOneMoreIsTooLong() {
        DataDecoder fits = new DataDecoder(0);
        fits.feed(ascii("a".repeat(998) + "\r\n.\r\n"));
        assertThat(fits.isComplete()).isTrue();
        assertThat(fits.lineTooLong()).isFalse();
        DataDecoder over = new DataDecoder(0);
        over.feed(ascii("a".repeat(999) + "\r\n.\r\n"));
        assertThat(over.isComplete()).isTrue();
        assertThat(over.lineTooLong()).isTrue();
    }

    @Test
    void aPathWithoutItsClosingBracketIsNamedAtItsLastCharacter() {
        AddressException e = org.assertj.core.api.Assertions.catchThrowableOfType(AddressException.class,
                () -> Addresses.parseForwardPath("<a@b.example"));
        assertThat(e.reason()).contains("'>'");
        assertThat(e.position()).isEqualTo(11);
    }
}

package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTest {

    @Test
    void factoriesProduceTheWireLines() {
        assertThat(Command.ehlo("client.example.org").toLine()).isEqualTo("EHLO client.example.org");
        assertThat(Command.helo("[192.0.2.1]").toLine()).isEqualTo("HELO [192.0.2.1]");
        assertThat(Command.mailFrom("a@example.org").toLine()).isEqualTo("MAIL FROM:<a@example.org>");
        assertThat(Command.mailFrom("").toLine()).isEqualTo("MAIL FROM:<>");
        assertThat(Command.mailFrom("a@example.org", "SIZE=1000", "BODY=8BITMIME").toLine())
                .isEqualTo("MAIL FROM:<a@example.org> SIZE=1000 BODY=8BITMIME");
        assertThat(Command.rcptTo("b@example.net").toLine()).isEqualTo("RCPT TO:<b@example.net>");
        assertThat(Command.data().toLine()).isEqualTo("DATA");
        assertThat(Command.quit().toLine()).isEqualTo("QUIT");
        assertThat(Command.rset().toLine()).isEqualTo("RSET");
        assertThat(Command.noop().toLine()).isEqualTo("NOOP");
        assertThat(Command.startTls().toLine()).isEqualTo("STARTTLS");
        assertThat(Command.auth("PLAIN", "AGFsaWNlAHNlY3JldA==").toLine()).isEqualTo("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
        assertThat(Command.auth("LOGIN", null).toLine()).isEqualTo("AUTH LOGIN");
    }

    @Test
    void verbIsUpperCasedAndBytesEndWithCrlf() {
        Command c = new Command("noop", "");
        assertThat(c.verb()).isEqualTo("NOOP");
        assertThat(new String(c.toBytes(), StandardCharsets.US_ASCII)).isEqualTo("NOOP\r\n");
        assertThat(new Command("quit", null).argument()).isEmpty();
    }

    @Test
    void crOrLfAnywhereIsRefused() {
        assertThatThrownBy(() -> new Command("NOOP", "x\r\nRSET")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> new Command("NO\nOP", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.rcptTo("b@example.net>\r\nRCPT TO:<c@example.net"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> Command.mailFrom("a@example.org", "SIZE=1\r\nDATA"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> Command.ehlo("x.example\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.auth("PLAIN", "abc\rdef")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesOver512OctetsIncludingCrlfAreRefused() {
        String arg510 = "x".repeat(510 - "NOOP ".length());
        assertThat(new Command("NOOP", arg510).toBytes()).hasSize(512);
        assertThatThrownBy(() -> new Command("NOOP", arg510 + "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512");
        assertThat(Command.auth("PLAIN", "A".repeat(2000)).toLine()).hasSize(2011);
    }

    @Test
    void invalidArgumentsAreRefused() {
        assertThatThrownBy(() -> Command.mailFrom("not an address")).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> Command.rcptTo("")).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> Command.ehlo("bad host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Command.mailFrom("a@example.org", "two words")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command("", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseMailWithParamsAndSpaceAfterColon() {
        CommandParse p = Command.parse("mail from: <alice@example.org> size=100 BODY=8BITMIME");
        assertThat(p).isInstanceOf(CommandParse.Ok.class);
        Command c = ((CommandParse.Ok) p).command();
        assertThat(c.verb()).isEqualTo("MAIL");
        PathArgument a = PathArgument.parse(c.argument(), "FROM:", true);
        assertThat(a.path()).isEqualTo("alice@example.org");
        assertThat(a.params()).isEqualTo(Map.of("SIZE", "100", "BODY", "8BITMIME"));
    }

    @Test
    void parseNullReversePathAndRcpt() {
        assertThat(PathArgument.parse("FROM:<>", "FROM:", true).path()).isEmpty();
        Command rcpt = ((CommandParse.Ok) Command.parse("RCPT TO:<bob@example.net>")).command();
        assertThat(PathArgument.parse(rcpt.argument(), "TO:", false).path()).isEqualTo("bob@example.net");
        assertThat(Command.parse("RCPT TO:<Postmaster>")).isInstanceOf(CommandParse.Ok.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "FOO bar|500|5.5.2",
        "|500|5.5.2",
        "MAIL TO:<a@example.org>|501|5.5.4",
        "MAIL FROM:a@example.org|501|5.1.7",
        "MAIL FROM:<a@@example.org>|501|5.1.7",
        "RCPT TO:<>|501|5.1.3",
        "RCPT TO:<bob@-bad-.example>|501|5.1.3",
        "RCPT FROM:<bob@example.net>|501|5.5.4",
        "DATA now|501|5.5.4",
        "EHLO|501|5.5.4",
        "VRFY|501|5.5.4"})
    void parseErrorsGiveTheServerReply(String line, int code, String status) {
        CommandParse p = Command.parse(line == null ? "" : line);
        assertThat(p).isInstanceOf(CommandParse.Error.class);
        Reply r = ((CommandParse.Error) p).reply();
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.enhancedStatus()).map(EnhancedStatus::toString).contains(status);
    }

    @Test
    void parseRefusesTooLongLinesAndCrLfWithoutThrowing() {
        CommandParse p = Command.parse("NOOP " + "x".repeat(600));
        assertThat(((CommandParse.Error) p).reply().lines()).containsExactly("5.5.0 Error: line too long");
        assertThat(Command.parse("NOOP\r\nQUIT")).isInstanceOf(CommandParse.Error.class);
        assertThat(Command.parse(null)).isInstanceOf(CommandParse.Error.class);
    }

    @Test
    void quotedLocalPartEndingInAnEscapedBackslashIsParsed() {
        // found by SmtpCodecProperties (issue 16): the client's rcptTo accepted "\\"@a, the server's parser said
        // "unterminated path" because it took the closing quote for an escaped one
        Command rcpt = Command.rcptTo("\"\\\\\"@a.example");
        assertThat(rcpt.toLine()).isEqualTo("RCPT TO:<\"\\\\\"@a.example>");
        assertThat(Command.parse(rcpt.toLine())).isEqualTo(new CommandParse.Ok(rcpt));
        assertThat(PathArgument.parse("FROM:<\"x\\\\\"@a.example> SIZE=10", "FROM:", true))
                .isEqualTo(new PathArgument("\"x\\\\\"@a.example", java.util.Map.of("SIZE", "10")));
        // an escaped quote still does not end the local-part
        assertThat(PathArgument.parse("TO:<\"a\\\">b\"@a.example>", "TO:", false).path()).isEqualTo("\"a\\\">b\"@a.example");
    }
}

package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.org", "first.last+tag@mail.example.net", "\"john doe\"@example.org",
        "\"a\\\"b\"@example.org", "x@[192.0.2.1]", "x@[IPv6:2001:db8::1]", "postmaster@localhost", "o'brien@ex-ample.test"})
    void validMailboxes(String s) {
        Mailbox m = Addresses.parseMailbox(s);
        assertThat(m.toString()).isEqualTo(s);
        assertThat(Addresses.isValidMailbox(s)).isTrue();
    }

    @Test
    void mailboxSplitsAtTheRightAt() {
        Mailbox m = Addresses.parseMailbox("\"a@b\"@example.org");
        assertThat(m.localPart()).isEqualTo("\"a@b\"");
        assertThat(m.domain()).isEqualTo("example.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "noat.example.org|missing '@'|16",
        "@example.org|empty local-part|0",
        "a@|empty domain|2",
        "a..b@example.org|empty atom|2",
        ".a@example.org|empty atom|0",
        "a.@example.org|must not end with '.'|2",
        "a b@example.org|invalid character ' '|1",
        "a@-x.example|must not start or end with '-'|2",
        "a@x-.example|must not start or end with '-'|2",
        "a@exa_mple.org|invalid character '_'|5",
        "a@example..org|empty domain label|10",
        "a@[300.1.1.1]|invalid IPv4|3",
        "\"unterminated@example.org|unterminated quoted|25",
        "\"q\"x@example.org|must be followed by '@'|3"})
    void invalidMailboxesSayWhyAndWhere(String input, String reason, int position) {
        AddressException e = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox(input));
        assertThat(e).as(input).isNotNull();
        assertThat(e.reason()).contains(reason);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.getMessage()).contains(input).contains(reason);
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyAndCrLfAreRefused() {
        assertThat(catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox("")).reason())
                .isEqualTo("empty address");
        assertThat(catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox(null)).reason())
                .isEqualTo("empty address");
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a@example.org\r\nRCPT TO:<b@example.org>"));
        assertThat(e.reason()).contains("CR or LF");
        assertThat(e.position()).isEqualTo(13);
        assertThat(e.getMessage()).contains("\\r\\n");
    }

    @Test
    void localPartLimitIs64Octets() {
        assertThat(Addresses.parseMailbox("a".repeat(64) + "@example.org").localPart()).hasSize(64);
        assertThat(catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a".repeat(65) + "@example.org")).reason()).contains("local-part longer than 64");
    }

    @Test
    void domainLimitIs255OctetsAndLabels63() {
        String label63 = "d".repeat(63);
        String domain255 = String.join(".", label63, label63, label63, label63);
        assertThat(domain255).hasSize(255);
        assertThat(Addresses.isValidDomain(domain255)).isTrue();
        assertThat(Addresses.isValidDomain(domain255 + "x")).isFalse();
        assertThat(Addresses.isValidDomain("d".repeat(64) + ".org")).isFalse();
        assertThat(catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a@" + "d".repeat(64) + ".example")).reason()).contains("longer than 63");
    }

    @Test
    void pathLimitIs256OctetsIncludingBrackets() {
        String label = "d".repeat(60);
        String domain = label + "." + label + "." + label + "." + "e".repeat(6); // 189
        String local = "l".repeat(64);
        assertThat((local + "@" + domain).length() + 2).isEqualTo(256);
        assertThat(Addresses.parseForwardPath("<" + local + "@" + domain + ">")).hasSize(254);
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox(local + "@" + domain + "e"));
        assertThat(e.reason()).contains("path longer than 256");
    }

    @Test
    void domainSyntax() {
        assertThat(Addresses.isValidDomain("example.org")).isTrue();
        assertThat(Addresses.isValidDomain("localhost")).isTrue();
        assertThat(Addresses.isValidDomain("1a.example")).isTrue();
        assertThat(Addresses.isValidDomain("[192.0.2.1]")).isTrue();
        assertThat(Addresses.isValidDomain("example.org.")).isFalse();
        assertThat(Addresses.isValidDomain("")).isFalse();
        assertThat(Addresses.isValidDomain(null)).isFalse();
        assertThat(Addresses.isValidDomain("exa mple.org")).isFalse();
        assertThat(Addresses.isValidDomain("[1.2.3]")).isFalse();
        assertThat(Addresses.isValidDomain("ex\r\nample")).isFalse();
    }

    @Test
    void reverseAndForwardPaths() {
        assertThat(Addresses.parseReversePath("<>")).isEmpty();
        assertThat(Addresses.parseReversePath("<a@example.org>")).isEqualTo("a@example.org");
        assertThat(Addresses.parseReversePath("<@relay.example,@hop.example:a@example.org>")).isEqualTo("a@example.org");
        assertThat(Addresses.parseForwardPath("<Postmaster>")).isEqualTo("Postmaster");
        assertThatThrownBy(() -> Addresses.parseForwardPath("<>")).isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> Addresses.parseReversePath("a@example.org")).isInstanceOf(AddressException.class)
                .hasMessageContaining("'<'");
        assertThatThrownBy(() -> Addresses.parseReversePath("<a@example.org")).isInstanceOf(AddressException.class)
                .hasMessageContaining("'>'");
        assertThatThrownBy(() -> Addresses.parseForwardPath("<a@>")).isInstanceOf(AddressException.class);
    }
}

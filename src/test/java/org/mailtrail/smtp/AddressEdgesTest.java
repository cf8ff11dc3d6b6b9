package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Address syntax at the edges of the character classes and limits (RFC 5321 §4.1.2, §4.5.3.1). */
class AddressEdgesTest {

    @Test
    void quotedPairsTakeEveryPrintableCharacterAndNothingElse() {
        assertThat(Addresses.isValidMailbox("\"a\\ b\"@example.org")).isTrue();
        assertThat(Addresses.isValidMailbox("\"a\\~b\"@example.org")).as("126 is the last printable").isTrue();
        assertThat(Addresses.isValidMailbox("\"a\\\u007fb\"@example.org")).as("DEL").isFalse();
        assertThat(Addresses.isValidMailbox("\"a\\\u001fb\"@example.org")).as("below space").isFalse();
        assertThat(Addresses.isValidMailbox("\"a b~\"@example.org")).isTrue();
        assertThat(Addresses.isValidMailbox("\"a\u007f\"@example.org")).isFalse();
        assertThat(Addresses.isValidMailbox("\"a\u001f\"@example.org")).isFalse();
        assertThat(Addresses.isValidMailbox("\"ab\\\"")).as("quoted-pair at the very end").isFalse();
        assertThat(Addresses.isValidMailbox("\"ab\"")).as("nothing after the quote").isFalse();
        assertThat(Addresses.isValidMailbox("\"ab\"x@example.org")).isFalse();
    }

    @Test
    void letterAndDigitRangesAreExact() {
        for (String ok : new String[] {"a@a.example", "z@z.example", "A@A.example", "Z@Z.example", "0@0.example",
                "9@9.example"}) {
            assertThat(Addresses.isValidMailbox(ok)).as(ok).isTrue();
        }
        // the characters just outside a-z, A-Z, 0-9: ` { @ [ / :
        for (String bad : new String[] {"a@a`.example", "a@a{.example", "a@a[.example", "a@a/.example",
                "a@a:.example", "a@a@.example"}) {
            assertThat(Addresses.isValidMailbox(bad)).as(bad).isFalse();
        }
    }

    @Test
    void domainLabelsOfExactly63OctetsAndPathsOfExactly256() {
        String label63 = "a".repeat(63);
        assertThat(Addresses.isValidDomain(label63 + ".example")).isTrue();
        assertThat(Addresses.isValidDomain(label63 + "a.example")).isFalse();
        assertThat(Addresses.isValidDomain("a-b.example")).isTrue();
        assertThat(Addresses.isValidDomain("ab-.example")).isFalse();
        assertThat(Addresses.isValidDomain("-ab.example")).isFalse();
        assertThat(Addresses.isValidDomain("example.")).isFalse();
    }

    @Test
    void addressLiterals() {
        assertThat(Addresses.isValidMailbox("a@[192.0.2.1]")).isTrue();
        assertThat(Addresses.isValidMailbox("a@[255.255.255.255]")).isTrue();
        assertThat(Addresses.isValidMailbox("a@[256.0.0.1]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[1.2.3]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[1.2.3.1234]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[1.2.3./]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[1.2.3.:]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[IPv6:2001:db8::1]")).isTrue();
        assertThat(Addresses.isValidMailbox("a@[IPv6:2001:db8::g]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[IPv6:]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[IPv6:1234]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[]")).isFalse();
        assertThat(Addresses.isValidMailbox("a@[1.2.3.4")).isFalse();
    }

    @Test
    void crOrLfAnywhereIsRefusedAndItsPositionNamed() {
        assertThatThrownBy(() -> Addresses.parseForwardPath("<bob@exa\rmple.net>")).isInstanceOf(AddressException.class)
                .satisfies(e -> assertThat(((AddressException) e).position()).isEqualTo(8));
        assertThatThrownBy(() -> Addresses.parseForwardPath("<bob@exa\nmple.net>")).isInstanceOf(AddressException.class)
                .satisfies(e -> assertThat(((AddressException) e).position()).isEqualTo(8));
        assertThatThrownBy(() -> Addresses.parseMailbox("b\nob@example.net")).isInstanceOf(AddressException.class)
                .satisfies(e -> assertThat(((AddressException) e).reason()).contains("CR or LF"));
        assertThatThrownBy(() -> Addresses.parseMailbox("bob@example.ne\rt")).isInstanceOf(AddressException.class)
                .satisfies(e -> assertThat(((AddressException) e).reason()).contains("CR or LF"));
    }

    @Test
    void sourceRoutesAreDroppedAndErrorsPointIntoTheMailbox() {
        assertThat(Addresses.parseForwardPath("<@a.example,@b.example:bob@example.net>")).isEqualTo("bob@example.net");
        assertThatThrownBy(() -> Addresses.parseForwardPath("<@a.example:bob@exa mple.net>"))
                .isInstanceOf(AddressException.class)
                .satisfies(e -> assertThat(((AddressException) e).position()).isEqualTo(
                        "<@a.example:bob@exa mple.net>".indexOf(' ')));
        assertThatThrownBy(() -> Addresses.parseForwardPath("<@a.example bob@example.net>"))
                .isInstanceOf(AddressException.class);
        assertThatThrownBy(() -> Addresses.parseForwardPath("<@a..example:bob@example.net>"))
                .isInstanceOf(AddressException.class);
    }
}

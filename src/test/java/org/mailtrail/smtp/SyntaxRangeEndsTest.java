package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ends of the character ranges in command verbs, ESMTP keywords and address error texts (issue 16, second
 * round): each first and last character of a range is taken, each neighbour just outside it is refused.
 */
class SyntaxRangeEndsTest {

    @ParameterizedTest
    @ValueSource(strings = {"A", "Z", "a", "z", "0", "9", "-", "X-9z"})
    void verbsOfLettersDigitsAndHyphenAreTaken(String verb) {
        assertThat(new Command(verb, "").verb()).isEqualTo(verb.toUpperCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"@", "[", "`", "{", "/", ":", ",", ".", "MA L", "MAIL_", "É"})
    void aVerbCharacterJustOutsideARangeIsRefused(String verb) {
        assertThatThrownBy(() -> new Command(verb, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verb");
    }

    @Test
    void anEmptyVerbIsRefused() {
        assertThatThrownBy(() -> new Command("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE_X=1", "A.B", "X@=1", "K[=1"})
    void anEsmtpKeywordWithAnotherCharacterIsRefused(String param) {
        assertThatThrownBy(() -> PathArgument.parse("FROM:<a@b.example> " + param, "FROM:", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyword");
    }

    @Test
    void aCrOrLfAtTheVeryStartOfAnAddressIsNamedAtPositionZero() {
        for (String s : new String[] {"\ra@b.example", "\na@b.example"}) {
            AddressException e = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox(s));
            assertThat(e).isNotNull();
            assertThat(e.reason()).contains("CR or LF");
            assertThat(e.position()).isZero();
        }
    }

    @Test
    void printableCharactersAreQuotedAndOthersGivenAsCodePoints() {
        AddressException space = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a b@c.example"));
        AddressException tilde = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a@c~d.example"));
        AddressException del = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a\u007fb@c.example"));
        AddressException unit = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseMailbox("a\u001fb@c.example"));

        assertThat(space.reason()).contains("' '").doesNotContain("U+");
        assertThat(tilde.reason()).contains("'~'").doesNotContain("U+");
        assertThat(del.reason()).contains("U+007F");
        assertThat(unit.reason()).contains("U+001F");
    }

    @Test
    void anArgumentThatIsOnlyThePrefixLacksItsPath() {
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> PathArgument.parse("FROM:", "FROM:", true));
        assertThat(e).isNotNull();
        assertThat(e.reason()).contains("< >");
    }

    @Test
    void aQuotedLocalPartWithoutItsClosingQuoteIsUnterminated() {
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> PathArgument.parse("TO:<\"a>b", "TO:", false));
        assertThat(e).isNotNull();
        assertThat(e.reason()).contains("unterminated");
    }

    @Test
    void parametersMaySitMoreThanOneSpaceApart() {
        PathArgument p = PathArgument.parse("FROM:<a@b.example> SIZE=1   BODY=8BITMIME", "FROM:", true);
        assertThat(p.params()).containsExactly(java.util.Map.entry("SIZE", "1"), java.util.Map.entry("BODY", "8BITMIME"));
    }

    @Test
    void aParameterWithoutKeywordIsRefused() {
        assertThatThrownBy(() -> PathArgument.parse("FROM:<a@b.example> =1", "FROM:", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyword");
    }

    @Test
    void aMailParameterWithALeadingSpaceIsRefused() {
        assertThatThrownBy(() -> Command.mailFrom("a@b.example", " SIZE=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one keyword");
    }

    @Test
    void quotedPairsTakeSpaceAndTildeButNoControlCharacter() {
        assertThat(Addresses.parseMailbox("\"a\\ b\"@c.example").localPart()).isEqualTo("\"a\\ b\"");
        assertThat(Addresses.parseMailbox("\"a\\~b\"@c.example").localPart()).isEqualTo("\"a\\~b\"");
        for (String bad : new String[] {"\"a\\\u0001\"@c.example", "\"a\\\u007f\"@c.example", "\"a\\"}) {
            AddressException e = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.reason()).as(bad).contains("quoted-pair");
            assertThat(e.position()).as(bad).isEqualTo(2);
        }
    }

    @Test
    void domainErrorsPointAtTheLabelOrLiteralInTheWholeAddress() {
        String longLabel = "x".repeat(64);
        assertThat(position("a@b." + longLabel + ".example")).isEqualTo(4);
        assertThat(position("a@b.-c.example")).isEqualTo(4);
        assertThat(position("a@b.c-.example")).isEqualTo(4);
        assertThat(position("a@[IPv6:zz]")).isEqualTo(3);
        assertThat(position("a@[1.2.3]")).isEqualTo(3);
    }

    @Test
    void aOneNumberLiteralIsAnIpv4ErrorNotABracketError() {
        AddressException e = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox("a@[1]"));
        assertThat(e.reason()).contains("four numbers");
        AddressException empty = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox("a@[]"));
        assertThat(empty.reason()).contains("[ ]");
    }

    @Test
    void aCrInASourceRouteIsNamedAsCrOrLf() {
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseForwardPath("<@a\r.example:u@b.example>"));
        assertThat(e.reason()).contains("CR or LF");
        assertThat(e.position()).isEqualTo(3);
    }

    @Test
    void anErrorAtTheFirstCharacterOfAMailboxInAPathIsGivenInThePath() {
        AddressException e = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseForwardPath("<.a@b.example>"));
        assertThat(e.position()).isEqualTo(1);
        AddressException routed = catchThrowableOfType(AddressException.class,
                () -> Addresses.parseForwardPath("<@r.example:.a@b.example>"));
        assertThat(routed.position()).isEqualTo(12);
    }

    private static int position(String mailbox) {
        AddressException e = catchThrowableOfType(AddressException.class, () -> Addresses.parseMailbox(mailbox));
        assertThat(e).as(mailbox).isNotNull();
        return e.position();
    }

    @Test
    void theReplyDecoderTakesALineLimitOfFiveAndTellsIt() {
        assertThat(new ReplyDecoder(5).maxLineOctets()).isEqualTo(5);
        assertThat(new ReplyDecoder(1000).maxLineOctets()).isEqualTo(1000);
        assertThatThrownBy(() -> new ReplyDecoder(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void feedingPastTheEndOfTheArrayIsRefusedBeforeAnyByteIsRead() {
        byte[] reply = "250 OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ReplyDecoder d = new ReplyDecoder();
        assertThatThrownBy(() -> d.feed(reply, 0, reply.length + 1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("len=" + (reply.length + 1));
        assertThatThrownBy(() -> d.feed(reply, 1, reply.length)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("off=1");
    }
}

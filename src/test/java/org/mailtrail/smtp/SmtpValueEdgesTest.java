package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Value classes at their edges (issue 16, second round): a NUL or CR/LF as the very first character, a position of 0
 * in an address error, an enhanced status code that ends the text, the default policy's replies, texts shown to
 * the user that must not be empty.
 */
class SmtpValueEdgesTest {

    @Test
    void aNulAsTheFirstCharacterOfUserOrPasswordIsRefused() {
        assertThatThrownBy(() -> new Credentials("\0bob", "secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Credentials("bob", "\0secret")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Credentials("bob", "secret").user()).isEqualTo("bob");
    }

    @Test
    void credentialsShowTheUserButNotThePassword() {
        String shown = new Credentials("bob", "secret").toString();
        assertThat(shown).contains("bob").doesNotContain("secret");
    }

    @Test
    void anAddressErrorAtPositionZeroSaysSoAndOneWithoutPositionDoesNot() {
        assertThat(new AddressException("x", "bad", 0).getMessage()).contains("at position 0");
        assertThat(new AddressException("x", "bad", 3).getMessage()).contains("at position 3");
        assertThat(new AddressException("x", "bad", -1).getMessage()).contains("bad").doesNotContain("position");
    }

    @Test
    void aReplyLineStartingWithCrOrLfIsRefused() {
        assertThatThrownBy(() -> Reply.of(250, "\rOk")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(250, "\nOk")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplyIsShownWithAllItsLines() {
        String shown = Reply.of(250, "mx.example.net", "PIPELINING").toString();
        assertThat(shown).contains("250-mx.example.net", "250 PIPELINING");
    }

    @Test
    void anEnhancedStatusCodeMayEndTheText() {
        assertThat(EnhancedStatus.parse("2.1.5")).isPresent();
        assertThat(EnhancedStatus.parse("5.7.1 denied")).isPresent();
        assertThat(EnhancedStatus.parse("5.7.1x")).isEmpty();
    }

    @Test
    void theDefaultPolicyAcceptsWithTheUsualReplies() {
        ServerPolicy p = ServerPolicy.acceptAll();
        assertThat(p.onMail("alice@example.org", Map.of()).code()).isEqualTo(250);
        assertThat(p.onRcpt("alice@example.org", "bob@example.net").code()).isEqualTo(250);
        assertThat(p.onMessage(null).code()).isEqualTo(250);
        assertThat(p.onQuit().code()).isEqualTo(221);
    }

    @Test
    void aRecipientStatusWithoutNoteHasAnEmptyOne() {
        assertThat(new RecipientStatus(Result.ACCEPTED, null, null).note()).isEmpty();
        assertThat(new RecipientStatus(Result.ACCEPTED, null, "kept").note()).isEqualTo("kept");
    }
}

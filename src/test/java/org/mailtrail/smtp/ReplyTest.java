package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTest {

    @Test
    void wireLinesUseDashOnAllButTheLastLine() {
        Reply r = Reply.of(250, "mx1.example.net", "SIZE 10485760");
        assertThat(r.wireLines()).containsExactly("250-mx1.example.net", "250 SIZE 10485760");
        assertThat(new String(r.toBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("250-mx1.example.net\r\n250 SIZE 10485760\r\n");
        assertThat(r.text()).isEqualTo("mx1.example.net\nSIZE 10485760");
    }

    @Test
    void emptyLastLineIsCodeAndSpace() {
        assertThat(Reply.of(250, "a", "").wireLines()).containsExactly("250-a", "250 ");
        assertThat(Reply.of(250).lines()).containsExactly("");
    }

    @Test
    void codeClassPredicates() {
        assertThat(Reply.of(250, "ok").isPositive()).isTrue();
        assertThat(Reply.of(354, "go").isIntermediate()).isTrue();
        assertThat(Reply.of(451, "later").isTransient()).isTrue();
        assertThat(Reply.of(550, "no").isPermanent()).isTrue();
        assertThat(Reply.of(550, "no").isTransient()).isFalse();
        assertThat(Reply.of(421, "bye").codeClass()).isEqualTo(4);
    }

    @Test
    void constructorRefusesBadCodesEmptyLinesAndCrLf() {
        assertThatThrownBy(() -> Reply.of(199, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.of(250, "ok\r\n250 injected")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> Reply.of(250, "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enhancedStatusIsTakenFromTheFirstLine() {
        assertThat(Reply.of(550, "5.1.1 <x@y>: User unknown").enhancedStatus())
                .contains(new EnhancedStatus(5, 1, 1));
        assertThat(Reply.of(250, "OK").enhancedStatus()).isEmpty();
    }

    @Test
    void enhancedStatusParsing() {
        assertThat(EnhancedStatus.parse("2.0.0")).contains(new EnhancedStatus(2, 0, 0));
        assertThat(EnhancedStatus.parse("4.7.1 try later")).contains(new EnhancedStatus(4, 7, 1));
        assertThat(EnhancedStatus.parse("5.1.10 null MX")).map(EnhancedStatus::toString).contains("5.1.10");
        assertThat(EnhancedStatus.parse("5.1.1x")).isEmpty();
        assertThat(EnhancedStatus.parse("3.1.1 x")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1000.1 x")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1")).isEmpty();
        assertThat(EnhancedStatus.parse(null)).isEmpty();
        assertThatThrownBy(() -> new EnhancedStatus(3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enhancedStatusMeanings() {
        assertThat(new EnhancedStatus(5, 1, 1).meaning()).isEqualTo("bad destination mailbox address");
        assertThat(new EnhancedStatus(4, 2, 2).meaning()).isEqualTo("mailbox full");
        assertThat(new EnhancedStatus(5, 3, 4).meaning()).isEqualTo("message too big for system");
        assertThat(new EnhancedStatus(5, 7, 1).meaning()).contains("relay denied");
        assertThat(new EnhancedStatus(5, 1, 10).meaning()).contains("null MX");
        assertThat(new EnhancedStatus(4, 5, 3).meaning()).isEqualTo("too many recipients");
        assertThat(new EnhancedStatus(2, 0, 0).meaning()).isEqualTo("ok");
        assertThat(new EnhancedStatus(5, 9, 99).meaning()).isEqualTo("other or undefined");
        assertThat(new EnhancedStatus(4, 4, 7).classMeaning()).isEqualTo("persistent transient failure");
    }

    @Test
    void replyCodeVocabulary() {
        assertThat(ReplyCodes.meaning(354)).contains("<CRLF>.<CRLF>");
        assertThat(ReplyCodes.meaning(550)).contains("mailbox unavailable");
        assertThat(ReplyCodes.meaning(421)).contains("closing");
        assertThat(ReplyCodes.meaning(299)).isEqualTo(ReplyCodes.classMeaning(299));
        assertThat(ReplyCodes.classMeaning(451)).startsWith("Transient");
        assertThat(ReplyCodes.classMeaning(554)).startsWith("Permanent");
        assertThat(ReplyCodes.categoryMeaning(421)).isEqualTo("Connections");
        assertThat(ReplyCodes.rfcSection(250)).isEqualTo("RFC 5321 §4.2.3");
        assertThat(ReplyCodes.rfcSection(535)).startsWith("RFC 4954");
        assertThat(ReplyCodes.rfcSection(556)).startsWith("RFC 7504");
        for (int code : new int[] {211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 455,
                500, 501, 502, 503, 504, 530, 535, 550, 551, 552, 553, 554, 555, 556}) {
            assertThat(ReplyCodes.meaning(code)).as("meaning of %d", code).isNotEqualTo(ReplyCodes.classMeaning(code));
        }
    }
}

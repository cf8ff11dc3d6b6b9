package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The explanation pane's vocabulary: every code the RFCs define has its own words, others fall back to the class. */
class ReplyVocabularyTest {

    /** The reply codes of RFC 5321 §4.2.3, RFC 4954 §6, RFC 3207 and RFC 7504. */
    private static final List<Integer> DEFINED = List.of(211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450,
            451, 452, 454, 455, 500, 501, 502, 503, 504, 521, 530, 535, 550, 551, 552, 553, 554, 555, 556);

    @Test
    void everyDefinedReplyCodeHasItsOwnMeaning() {
        Set<String> seen = new HashSet<>();
        for (int code : DEFINED) {
            String m = ReplyCodes.meaning(code);
            assertThat(m).as("meaning of %d", code).isNotBlank().isNotEqualTo(ReplyCodes.classMeaning(code));
            assertThat(seen.add(m)).as("meaning of %d is its own: %s", code, m).isTrue();
        }
        assertThat(ReplyCodes.meaning(354)).contains("<CRLF>.<CRLF>");
        assertThat(ReplyCodes.meaning(421)).contains("closing");
        assertThat(ReplyCodes.meaning(259)).isEqualTo(ReplyCodes.classMeaning(259));
    }

    @Test
    void theFirstDigitSaysTheClassAndTheSecondTheCategory() {
        Set<String> classes = new HashSet<>();
        for (int code : List.of(250, 354, 450, 550, 650)) {
            classes.add(ReplyCodes.classMeaning(code));
        }
        assertThat(classes).hasSize(5).doesNotContain("");
        assertThat(ReplyCodes.classMeaning(250)).startsWith("Positive completion");
        assertThat(ReplyCodes.classMeaning(354)).startsWith("Positive intermediate");
        assertThat(ReplyCodes.classMeaning(450)).startsWith("Transient");
        assertThat(ReplyCodes.classMeaning(550)).startsWith("Permanent");
        assertThat(ReplyCodes.categoryMeaning(500)).isEqualTo("Syntax");
        assertThat(ReplyCodes.categoryMeaning(214)).isEqualTo("Information");
        assertThat(ReplyCodes.categoryMeaning(421)).isEqualTo("Connections");
        assertThat(ReplyCodes.categoryMeaning(530)).isEqualTo("Unspecified");
        assertThat(ReplyCodes.categoryMeaning(541)).isEqualTo("Unspecified");
        assertThat(ReplyCodes.categoryMeaning(550)).isEqualTo("Mail system");
        assertThat(ReplyCodes.categoryMeaning(261)).isEqualTo("Unspecified");
    }

    @Test
    void eachCodeNamesTheRfcThatDefinesIt() {
        assertThat(ReplyCodes.rfcSection(535)).isEqualTo("RFC 4954 §6");
        assertThat(ReplyCodes.rfcSection(454)).contains("RFC 3207");
        assertThat(ReplyCodes.rfcSection(556)).isEqualTo("RFC 7504 §3");
        assertThat(ReplyCodes.rfcSection(550)).isEqualTo("RFC 5321 §4.2.3");
        assertThat(ReplyCodes.rfcSection(299)).isEqualTo("RFC 5321 §4.2.1");
    }

    /** subject.detail pairs that RFC 3463 (and RFC 7505 for 5.1.10) define. */
    private static final List<int[]> STATUSES = List.of(new int[] {0, 0}, new int[] {1, 0}, new int[] {1, 1},
            new int[] {1, 2}, new int[] {1, 3}, new int[] {1, 4}, new int[] {1, 5}, new int[] {1, 6}, new int[] {1, 7},
            new int[] {1, 8}, new int[] {1, 10}, new int[] {2, 0}, new int[] {2, 1}, new int[] {2, 2}, new int[] {2, 3},
            new int[] {2, 4}, new int[] {3, 0}, new int[] {3, 1}, new int[] {3, 2}, new int[] {3, 3}, new int[] {3, 4},
            new int[] {3, 5}, new int[] {4, 0}, new int[] {4, 1}, new int[] {4, 2}, new int[] {4, 3}, new int[] {4, 4},
            new int[] {4, 5}, new int[] {4, 6}, new int[] {4, 7}, new int[] {5, 0}, new int[] {5, 1}, new int[] {5, 2},
            new int[] {5, 3}, new int[] {5, 4}, new int[] {5, 5}, new int[] {6, 0}, new int[] {6, 1}, new int[] {6, 2},
            new int[] {6, 3}, new int[] {7, 0}, new int[] {7, 1}, new int[] {7, 8});

    @Test
    void everyDefinedEnhancedStatusHasItsOwnMeaning() {
        Set<String> seen = new HashSet<>();
        String unknown = new EnhancedStatus(5, 9, 99).meaning();
        for (int[] s : STATUSES) {
            String m = new EnhancedStatus(5, s[0], s[1]).meaning();
            assertThat(m).as("5.%d.%d", s[0], s[1]).isNotBlank().isNotEqualTo(unknown);
            assertThat(seen.add(m)).as("5.%d.%d has its own meaning: %s", s[0], s[1], m).isTrue();
        }
        assertThat(unknown).isEqualTo("other or undefined");
        assertThat(new EnhancedStatus(2, 0, 0).meaning()).isEqualTo("ok");
        assertThat(new EnhancedStatus(4, 0, 0).meaning()).isEqualTo(new EnhancedStatus(5, 0, 0).meaning())
                .isNotEqualTo("ok");
        assertThat(new EnhancedStatus(4, 4, 7).meaning()).contains("expired");
        assertThat(new EnhancedStatus(5, 1, 1).meaning()).contains("mailbox");
    }

    @Test
    void theClassDigitSaysSuccessTransientOrPermanent() {
        assertThat(new EnhancedStatus(2, 1, 0).classMeaning()).isEqualTo("success");
        assertThat(new EnhancedStatus(4, 1, 0).classMeaning()).contains("transient");
        assertThat(new EnhancedStatus(5, 1, 0).classMeaning()).isEqualTo("permanent failure");
    }

    @Test
    void enhancedStatusParsingAtItsEdges() {
        assertThat(EnhancedStatus.parse("5.1.1")).contains(new EnhancedStatus(5, 1, 1));
        assertThat(EnhancedStatus.parse("4.123.456 text")).contains(new EnhancedStatus(4, 123, 456));
        assertThat(EnhancedStatus.parse("5.1234.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.1234")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1")).isEmpty();
        assertThat(EnhancedStatus.parse("3.1.1")).isEmpty();
        assertThat(EnhancedStatus.parse("5.1.1x")).isEmpty();
    }
}

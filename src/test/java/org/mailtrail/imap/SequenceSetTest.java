package org.mailtrail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSetTest {

    @Test
    void messageNumbers() throws ImapParseException {
        assertThat(SequenceSet.parse("1").messages(3)).containsExactly(1);
        assertThat(SequenceSet.parse("2:3").messages(3)).containsExactly(2, 3);
        assertThat(SequenceSet.parse("3:1").messages(3)).containsExactly(1, 2, 3);
        assertThat(SequenceSet.parse("*").messages(3)).containsExactly(3);
        assertThat(SequenceSet.parse("1:*").messages(3)).containsExactly(1, 2, 3);
        assertThat(SequenceSet.parse("*:2").messages(3)).containsExactly(2, 3);
        assertThat(SequenceSet.parse("3,1,1:2,*").messages(3)).containsExactly(1, 2, 3);
        assertThat(SequenceSet.parse("4294967295").uids(List.of(4294967295L))).containsExactly(0);
    }

    @Test
    void numbersBeyondTheMailboxFail() throws ImapParseException {
        SequenceSet four = SequenceSet.parse("4");
        assertThatThrownBy(() -> four.messages(3)).isInstanceOf(ImapParseException.class)
                .hasMessage("Invalid message sequence number, the mailbox has 3");
        SequenceSet range = SequenceSet.parse("2:4");
        assertThatThrownBy(() -> range.messages(3)).isInstanceOf(ImapParseException.class);
        SequenceSet toStar = SequenceSet.parse("5:*");
        assertThatThrownBy(() -> toStar.messages(3)).isInstanceOf(ImapParseException.class);
    }

    @Test
    void anEmptyMailboxHasNoStar() throws ImapParseException {
        assertThat(SequenceSet.parse("*").messages(0)).isEmpty();
        assertThat(SequenceSet.parse("1:*").messages(0)).isEmpty();
        SequenceSet one = SequenceSet.parse("1");
        assertThatThrownBy(() -> one.messages(0)).isInstanceOf(ImapParseException.class);
    }

    @Test
    void uidsIgnoreGapsAndStarIsTheLargest() throws ImapParseException {
        List<Long> uids = List.of(3L, 7L, 9L);
        assertThat(SequenceSet.parse("1:*").uids(uids)).containsExactly(0, 1, 2);
        assertThat(SequenceSet.parse("4:8").uids(uids)).containsExactly(1);
        assertThat(SequenceSet.parse("8:4").uids(uids)).containsExactly(1);
        assertThat(SequenceSet.parse("*").uids(uids)).containsExactly(2);
        assertThat(SequenceSet.parse("100:*").uids(uids)).containsExactly(2); // RFC 3501 §6.4.8
        assertThat(SequenceSet.parse("1,2,4").uids(uids)).isEmpty();
        assertThat(SequenceSet.parse("9,3,3:3").uids(uids)).containsExactly(0, 2);
        assertThat(SequenceSet.parse("*").uids(List.of())).isEmpty();
        assertThat(SequenceSet.parse("3").uids(uids)).containsExactly(0);
        assertThat(SequenceSet.parse("9").uids(uids)).containsExactly(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "1:0", "a", "1,", ",1", "1::2", "-1", "1:2:3", "4294967296", "12345678901", "**"})
    void badSyntax(String text) {
        assertThatThrownBy(() -> SequenceSet.parse(text)).isInstanceOf(ImapParseException.class)
                .hasMessage("Invalid sequence set");
    }
}

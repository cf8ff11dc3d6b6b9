package org.mailtrail.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoredMessageTest {
    private static final byte[] CONTENT = "Subject: x\r\n\r\nbody\r\n".getBytes(UTF_8);

    @Test
    void contentIsCopiedInAndOut() {
        byte[] given = CONTENT.clone();
        StoredMessage m = new StoredMessage(1, given, Set.of());
        given[0] = 'X';
        assertThat(m.content()).isEqualTo(CONTENT);
        m.content()[0] = 'Y';
        assertThat(m.content()).isEqualTo(CONTENT);
        assertThat(m.size()).isEqualTo(CONTENT.length);
    }

    @Test
    void flagsAreSortedCopiedAndUnmodifiable() {
        Set<String> given = new HashSet<>(Set.of("\\Seen", "$Forwarded", "\\Answered"));
        StoredMessage m = new StoredMessage(3, CONTENT, given);
        given.add("\\Deleted");
        assertThat(List.copyOf(m.flags())).containsExactly("$Forwarded", "\\Answered", "\\Seen");
        assertThat(m.hasFlag("\\Seen")).isTrue();
        assertThat(m.hasFlag("\\Deleted")).isFalse();
        assertThatThrownBy(() -> m.flags().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withFlagsKeepsUidAndContent() {
        StoredMessage m = new StoredMessage(7, CONTENT, Set.of()).withFlags(Set.of("\\Seen"));
        assertThat(m.uid()).isEqualTo(7);
        assertThat(m.content()).isEqualTo(CONTENT);
        assertThat(m.flags()).containsExactly("\\Seen");
    }

    @Test
    void refusesBadParts() {
        assertThatThrownBy(() -> new StoredMessage(0, CONTENT, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredMessage(1, null, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredMessage(1, CONTENT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredMessage(1, CONTENT, Set.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new StoredMessage(1, CONTENT, Set.of()).uid()).isEqualTo(1);
    }

    @Test
    void bodyOffsetFindsTheEmptyLine() {
        assertThat(new StoredMessage(1, CONTENT, Set.of()).bodyOffset()).isEqualTo("Subject: x\r\n\r\n".length());
        byte[] lf = "A: 1\nB: 2\n\nbody\n".getBytes(UTF_8);
        assertThat(new StoredMessage(1, lf, Set.of()).bodyOffset()).isEqualTo("A: 1\nB: 2\n\n".length());
        byte[] none = "A: 1\r\nB: 2\r\n".getBytes(UTF_8);
        assertThat(new StoredMessage(1, none, Set.of()).bodyOffset()).isEqualTo(none.length);
        byte[] emptyBody = "A: 1\r\n\r\n".getBytes(UTF_8);
        assertThat(new StoredMessage(1, emptyBody, Set.of()).bodyOffset()).isEqualTo(emptyBody.length);
        byte[] crAtEnd = "A: 1\r\n\r".getBytes(UTF_8);
        assertThat(new StoredMessage(1, crAtEnd, Set.of()).bodyOffset()).isEqualTo(crAtEnd.length);
    }

    @Test
    void equalityComparesTheContentBytes() {
        StoredMessage a = new StoredMessage(1, CONTENT, Set.of("\\Seen"));
        StoredMessage b = new StoredMessage(1, CONTENT.clone(), Set.of("\\Seen"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new StoredMessage(2, CONTENT, Set.of("\\Seen")));
        assertThat(a).isNotEqualTo(new StoredMessage(1, "x".getBytes(UTF_8), Set.of("\\Seen")));
        assertThat(a).isNotEqualTo(new StoredMessage(1, CONTENT, Set.of()));
        assertThat(a).isNotEqualTo("StoredMessage");
        assertThat(a.hashCode()).isNotEqualTo(new StoredMessage(2, CONTENT, Set.of("\\Seen")).hashCode());
        assertThat(a.toString()).isEqualTo("StoredMessage[uid=1, size=" + CONTENT.length + ", flags=[\\Seen]]");
    }
}

package org.mailtrail.mailbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryMaildropTest {

    private static byte[] msg(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void appendGivesRisingUidsAndSnapshotsInUidOrder() {
        InMemoryMaildrop drop = new InMemoryMaildrop();
        assertThat(drop.uidNext()).isEqualTo(1);
        assertThat(drop.append(msg("a"))).isEqualTo(1);
        List<StoredMessage> before = drop.messages();
        assertThat(drop.append(msg("b"))).isEqualTo(2);
        assertThat(before).hasSize(1);
        assertThat(drop.messages()).extracting(StoredMessage::uid).containsExactly(1L, 2L);
        assertThat(drop.messages().get(1).content()).isEqualTo(msg("b"));
        assertThat(drop.messages().get(0).flags()).isEmpty();
        assertThat(drop.uidNext()).isEqualTo(3);
        assertThatThrownBy(() -> drop.messages().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> drop.append(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setFlagsReplacesAndIgnoresUnknownUids() {
        InMemoryMaildrop drop = new InMemoryMaildrop();
        drop.append(msg("a"));
        drop.append(msg("b"));
        drop.setFlags(2, Set.of("\\Seen"));
        drop.setFlags(9, Set.of("\\Seen"));
        assertThat(drop.messages().get(0).flags()).isEmpty();
        assertThat(drop.messages().get(1).flags()).containsExactly("\\Seen");
        drop.setFlags(2, Set.of());
        assertThat(drop.messages().get(1).flags()).isEmpty();
    }

    @Test
    void expungeRemovesAndUidsAreNeverReused() {
        InMemoryMaildrop drop = new InMemoryMaildrop(42);
        drop.append(msg("a"));
        drop.append(msg("b"));
        drop.append(msg("c"));
        drop.expunge(Set.of(1L, 3L, 99L));
        assertThat(drop.messages()).extracting(StoredMessage::uid).containsExactly(2L);
        assertThat(drop.uidNext()).isEqualTo(4);
        assertThat(drop.append(msg("d"))).isEqualTo(4);
        assertThat(drop.uidValidity()).isEqualTo(42);
    }

    @Test
    void uidValidityMustBeA32BitPositiveNumber() {
        assertThat(new InMemoryMaildrop().uidValidity()).isEqualTo(1);
        assertThat(new InMemoryMaildrop(0xFFFF_FFFFL).uidValidity()).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> new InMemoryMaildrop(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryMaildrop(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultUidNextGuessesFromTheLastMessage() {
        InMemoryMaildrop backing = new InMemoryMaildrop();
        Maildrop plain = new Maildrop() {
            @Override public List<StoredMessage> messages() { return backing.messages(); }
            @Override public long append(byte[] content) { return backing.append(content); }
            @Override public void setFlags(long uid, Set<String> flags) { backing.setFlags(uid, flags); }
            @Override public void expunge(Set<Long> uids) { backing.expunge(uids); }
            @Override public long uidValidity() { return 1; }
        };
        assertThat(plain.uidNext()).isEqualTo(1);
        plain.append(msg("a"));
        plain.append(msg("b"));
        assertThat(plain.uidNext()).isEqualTo(3);
    }

    @Test
    void concurrentAppendsGetDistinctUids() throws InterruptedException {
        InMemoryMaildrop drop = new InMemoryMaildrop();
        List<Thread> threads = new ArrayList<>();
        Set<Long> uids = java.util.Collections.synchronizedSet(new HashSet<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    uids.add(drop.append(msg("m")));
                    drop.messages();
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(uids).hasSize(2000);
        assertThat(drop.messages()).hasSize(2000);
        assertThat(drop.messages()).extracting(StoredMessage::uid).isSorted();
    }
}

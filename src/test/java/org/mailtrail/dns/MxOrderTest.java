package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/** RFC 5321 §5.1 ordering: by preference; equal preferences shuffled by the seed alone, whatever the RRset order. */
class MxOrderTest {

    private static MXRecord mx(int preference, String target) {
        try {
            return new MXRecord(Name.fromString("example.net."), DClass.IN, 300, preference, Name.fromString(target));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(List<MXRecord> rs) {
        return rs.stream().map(r -> r.getPriority() + " " + r.getTarget()).collect(Collectors.toList());
    }

    private static List<String> order(List<MXRecord> in, long seed) {
        return names(MxOrder.order(new ArrayList<>(in), new Random(seed), new ArrayList<>()));
    }

    @Test
    void differentPreferencesAreAlwaysSortedWhateverTheSeed() {
        List<MXRecord> in = List.of(mx(30, "c.example.net."), mx(10, "a.example.net."), mx(20, "b.example.net."));
        for (long seed = 0; seed < 20; seed++) {
            assertThat(order(in, seed)).containsExactly("10 a.example.net.", "20 b.example.net.", "30 c.example.net.");
        }
    }

    @Test
    void equalPreferencesDependOnTheSeedNotOnTheOrderTheServerSentThem() {
        List<MXRecord> in = new ArrayList<>();
        for (String n : List.of("e", "b", "d", "a", "c")) {
            in.add(mx(10, n + ".example.net."));
        }
        in.add(mx(5, "first.example.net."));
        in.add(mx(50, "last.example.net."));
        for (long seed = 0; seed < 10; seed++) {
            List<String> reference = order(in, seed);
            for (int rotation = 1; rotation < in.size(); rotation++) {
                List<MXRecord> rotated = new ArrayList<>(in);
                Collections.rotate(rotated, rotation);
                assertThat(order(rotated, seed)).as("seed %d, rotation %d", seed, rotation).isEqualTo(reference);
            }
            List<MXRecord> reversed = new ArrayList<>(in);
            Collections.reverse(reversed);
            assertThat(order(reversed, seed)).isEqualTo(reference);
            assertThat(reference.get(0)).isEqualTo("5 first.example.net.");
            assertThat(reference.get(reference.size() - 1)).isEqualTo("50 last.example.net.");
        }
    }

    @Test
    void equalPreferencesAreReallyShuffledAndEachShuffleIsNoted() {
        List<MXRecord> in = List.of(mx(10, "a.example.net."), mx(10, "b.example.net."), mx(10, "c.example.net."),
                mx(20, "z.example.net."));
        Set<List<String>> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> notes = new ArrayList<>();
            List<String> out = names(MxOrder.order(new ArrayList<>(in), new Random(seed), notes));
            seen.add(out.subList(0, 3));
            assertThat(out.get(3)).isEqualTo("20 z.example.net.");
            assertThat(notes).hasSize(1);
        }
        assertThat(seen).as("all six orders of three equal MX hosts turn up").hasSize(6);
    }

    @Test
    void aSingleHostPerPreferenceIsNotNotedAsShuffled() {
        List<String> notes = new ArrayList<>();
        MxOrder.order(new ArrayList<>(List.of(mx(10, "a.example.net."), mx(20, "b.example.net."))), new Random(1),
                notes);
        assertThat(notes).isEmpty();
    }

    @Test
    void aRelayDropsItsOwnBestPreferenceAndWorse() {
        List<MXRecord> ordered = List.of(mx(10, "a.example.net."), mx(20, "relay.example.net."),
                mx(20, "b.example.net."), mx(30, "relay.example.net."), mx(30, "c.example.net."));
        List<String> notes = new ArrayList<>();
        assertThat(names(MxOrder.removeSelf(ordered, Set.of("relay.example.net"), notes)))
                .containsExactly("10 a.example.net.");
        assertThat(notes).hasSize(1);
        List<String> none = new ArrayList<>();
        assertThat(MxOrder.removeSelf(ordered, Set.of("other.example.net"), none)).isSameAs(ordered);
        assertThat(MxOrder.removeSelf(ordered, Set.of(), none)).isSameAs(ordered);
        assertThat(none).isEmpty();
        assertThat(MxOrder.removeSelf(ordered, Set.of("a.example.net"), none)).isEmpty();
    }
}

package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based tests (jqwik) of {@link WorldZones#parse}: arbitrary or damaged master-file text gives a zone set or
 * a {@link ZoneFileException} whose message names the file (and the line, when known); nothing else is thrown.
 */
class WorldZonesProperties {

    static final String FILE = "fuzz.zone";

    /** The default world's zone file, the seed that the mutations start from. */
    static final String WORLD_ZONE;

    static {
        try (var in = WorldZonesProperties.class.getClassLoader().getResourceAsStream("assets/zones/world.zone")) {
            WORLD_ZONE = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Characters that mean something in a master file. */
    static final String ZONE_CHARS = "@.;()$\\\" \t\n\r0123456789abcIN SOA MX A AAAA TXT CNAME ORIGIN TTL INCLUDE :*-";

    /** One edit: {@code how} 0 replaces, 1 inserts, 2 deletes, 3 duplicates a stretch of the text. */
    record Edit(int at, int how, String what, int length) {
        String applyTo(String s) {
            if (s.isEmpty()) {
                return how == 1 ? what : s;
            }
            int i = Math.floorMod(at, s.length());
            int end = Math.min(s.length(), i + length);
            return switch (how) {
                case 0 -> s.substring(0, i) + what + s.substring(Math.min(s.length(), i + what.length()));
                case 1 -> s.substring(0, i) + what + s.substring(i);
                case 2 -> s.substring(0, i) + s.substring(end);
                default -> s.substring(0, end) + s.substring(i, end) + s.substring(end);
            };
        }
    }

    static Arbitrary<Edit> edits(String alphabet) {
        return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(0, 3),
                Arbitraries.oneOf(Arbitraries.strings().withChars(alphabet).ofMinLength(1).ofMaxLength(4),
                        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3)),
                Arbitraries.integers().between(1, 80)).as(Edit::new);
    }

    static Arbitrary<String> mutated(String seed, String alphabet) {
        return edits(alphabet).list().ofMinSize(1).ofMaxSize(6).map(es -> {
            String s = seed;
            for (Edit e : es) {
                s = e.applyTo(s);
            }
            return s;
        });
    }

    @Provide
    Arbitrary<String> zoneTexts() {
        Arbitrary<String> lines = Arbitraries.oneOf(
                        Arbitraries.strings().withChars(ZONE_CHARS).ofMaxLength(60),
                        Arbitraries.of(WORLD_ZONE.split("\n")))
                .list().ofMaxSize(12).map(ls -> String.join("\n", ls));
        return Arbitraries.frequencyOf(
                Tuple.of(6, mutated(WORLD_ZONE, ZONE_CHARS)),
                Tuple.of(3, lines),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200)));
    }

    @Property
    void parsingThrowsOnlyZoneFileExceptionsThatNameFileAndLine(@ForAll("zoneTexts") String text) {
        try {
            WorldZones z = WorldZones.parse(text, FILE);
            assertThat(z.zones()).isNotNull();
        } catch (ZoneFileException e) {
            checkException(e, text);
        }
    }

    static void checkException(ZoneFileException e, String text) {
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.problem()).isNotBlank();
        int lines = text.split("\r\n|\r|\n", -1).length; // a lone CR ends a line too, as for dnsjava
        assertThat(e.line()).isBetween(0, lines + 1);
        assertThat(e.getMessage()).startsWith(e.line() > 0 ? FILE + ":" + e.line() + ": " : FILE + ": ");
    }

    @Property
    void theUnchangedWorldZoneParses(@ForAll("noise") List<String> comments) throws ZoneFileException {
        // comments and blank lines never change the outcome
        String text = WORLD_ZONE + "\n" + String.join("\n", comments) + "\n";
        assertThat(WorldZones.parse(text, FILE).zones()).hasSameSizeAs(WorldZones.parse(WORLD_ZONE, FILE).zones());
    }

    @Provide
    Arbitrary<List<String>> noise() {
        return Arbitraries.oneOf(Arbitraries.just(""),
                        Arbitraries.strings().all().ofMaxLength(30).map(s -> "; " + s.replace('\n', ' ').replace('\r', ' ')))
                .list().ofMaxSize(5);
    }
}

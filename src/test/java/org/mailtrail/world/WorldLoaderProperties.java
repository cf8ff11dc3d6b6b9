package org.mailtrail.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mailtrail.dns.WorldZonesPropertiesAccess;

/**
 * Property-based tests (jqwik) of {@link WorldLoader} on a temporary file: arbitrary or damaged world files (and
 * damaged zone files they name) give a world or a {@link WorldException} whose message names the file (and the line,
 * when known); nothing else is thrown.
 */
class WorldLoaderProperties {

    private static final String WORLD_YAML = resource("assets/scenarios/world.yaml")
            .replace("zone: ../zones/world.zone", "zone: world.zone");
    private static final String DIRECT_YAML = resource("assets/scenarios/direct.yaml");
    private static final String WORLD_ZONE = resource("assets/zones/world.zone");
    private static final String YAML_CHARS = ":-[]{}#&*!|>'\"%@`,? \n\t0123456789abcnameroleyztruefalse.~";

    private static Path dir;

    private final WorldLoader loader = new WorldLoader();

    private static String resource(String name) {
        try (var in = WorldLoaderProperties.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("mailtrail-world-fuzz");
        Files.writeString(dir.resolve("world.zone"), WORLD_ZONE);
        Files.writeString(dir.resolve("world.yaml"), WORLD_YAML);
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A world file and, when not null, the text of the zone file {@code m.zone} that it names. */
    record Files2(String yaml, String zone) {
    }

    @Provide
    Arbitrary<Files2> worlds() {
        Arbitrary<String> zones = WorldZonesPropertiesAccess.mutatedZones();
        return Arbitraries.frequencyOf(
                Tuple.of(5, WorldZonesPropertiesAccess.mutated(WORLD_YAML, YAML_CHARS).map(y -> new Files2(y, null))),
                Tuple.of(2, WorldZonesPropertiesAccess.mutated(DIRECT_YAML, YAML_CHARS).map(y -> new Files2(y, null))),
                Tuple.of(2, zones.map(z -> new Files2(WORLD_YAML.replace("zone: world.zone", "zone: m.zone"), z))),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(200).map(y -> new Files2(y, null))),
                Tuple.of(1, Arbitraries.strings().withChars(YAML_CHARS).ofMaxLength(200).map(y -> new Files2(y, null))));
    }

    @Property
    void loadingThrowsOnlyWorldExceptionsThatNameTheFile(@ForAll("worlds") Files2 files) throws IOException {
        Path yaml = dir.resolve("w.yaml");
        Files.write(yaml, files.yaml().getBytes(StandardCharsets.UTF_8)); // unpaired surrogates become '?'
        if (files.zone() != null) {
            Files.write(dir.resolve("m.zone"), files.zone().getBytes(StandardCharsets.UTF_8));
        }
        try {
            World w = loader.load(new WorldSource.FileSource(yaml));
            assertThat(w.name()).isNotNull();
        } catch (WorldException e) {
            assertThat(e.file()).isNotBlank();
            assertThat(e.getMessage())
                    .startsWith(e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": ")
                    .hasSizeGreaterThan(e.file().length() + 2);
            if (files.zone() != null && e.file().endsWith("m.zone")) {
                assertThat(e.line()).isBetween(0, files.zone().split("\n", -1).length + 1);
            }
        }
    }
}

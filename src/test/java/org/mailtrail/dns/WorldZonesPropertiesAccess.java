package org.mailtrail.dns;

import net.jqwik.api.Arbitrary;

/** Lets property tests in other packages reuse the text mutators of {@link WorldZonesProperties}. */
public final class WorldZonesPropertiesAccess {
    private WorldZonesPropertiesAccess() {
    }

    /** {@code seed} with one to six random edits (replace, insert, delete, duplicate) drawn from {@code alphabet}. */
    public static Arbitrary<String> mutated(String seed, String alphabet) {
        return WorldZonesProperties.mutated(seed, alphabet);
    }

    /** The default world's zone file with random edits. */
    public static Arbitrary<String> mutatedZones() {
        return WorldZonesProperties.mutated(WorldZonesProperties.WORLD_ZONE, WorldZonesProperties.ZONE_CHARS);
    }
}

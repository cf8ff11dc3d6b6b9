package org.mailtrail.dns;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Loads the test fixtures under src/test/resources/org/mailtrail/dns. */
final class TestWorld {

    private TestWorld() {
    }

    static Path resource(String name) {
        URL url = TestWorld.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static WorldZones world() {
        try {
            return WorldZones.load(resource("world.zone"));
        } catch (ZoneFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}

package org.mailtrail.world;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a world, scenario or zone file comes from: a file the user opened, or one built in. */
public sealed interface WorldSource {

    /** The name used in messages. */
    String name();

    /** The text of the file. */
    String read() throws IOException;

    /** A file named relative to this one. */
    WorldSource resolve(String relative);

    /** A stable identifier from which {@link #of(String)} gives this source back. */
    String id();

    /** A user's file. */
    record FileSource(Path path) implements WorldSource {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public String read() throws IOException {
            return Files.readString(path, StandardCharsets.UTF_8);
        }

        @Override
        public WorldSource resolve(String relative) {
            Path parent = path.toAbsolutePath().getParent();
            return new FileSource(parent.resolve(relative).normalize());
        }

        @Override
        public String id() {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    /** A built-in file under {@code assets/} on the class path. */
    record BuiltIn(String resource) implements WorldSource {
        @Override
        public String name() {
            return resource;
        }

        @Override
        public String read() throws IOException {
            try (InputStream in = WorldSource.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new java.io.FileNotFoundException("no built-in file " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        @Override
        public WorldSource resolve(String relative) {
            String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
            return new BuiltIn(Path.of(dir + relative).normalize().toString().replace('\\', '/'));
        }

        @Override
        public String id() {
            return "builtin:" + resource;
        }
    }

    /** Gives back a source from its {@link #id()}. */
    static WorldSource of(String id) {
        return id.startsWith("builtin:") ? new BuiltIn(id.substring("builtin:".length())) : new FileSource(Path.of(id));
    }
}

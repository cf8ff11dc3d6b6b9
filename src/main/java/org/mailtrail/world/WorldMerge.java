package org.mailtrail.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How a world file that {@code extends} a base is laid over it (docs/worlds.md): objects key by key, hosts by
 * {@code name} ({@code remove: true} drops one), everything else replaced; a key set to null ({@code ~}) removes
 * the base's value. {@code extends: builtin:NAME} names a built-in world ({@code world} or a built-in scenario).
 */
final class WorldMerge {
    /** The prefix of a built-in base: {@code extends: builtin:world}. */
    static final String BUILT_IN = "builtin:";
    /** The built-in worlds a file may extend: the default world and every built-in scenario. */
    static final List<String> BUILT_IN_BASES = builtInBases();

    private WorldMerge() {
    }

    private static List<String> builtInBases() {
        java.util.ArrayList<String> l = new java.util.ArrayList<>();
        l.add("world");
        l.addAll(WorldLoader.BUILT_IN);
        return List.copyOf(l);
    }

    /**
     * The base named by {@code extends: value} in {@code source} (whose text is {@code text}): a built-in world or a
     * file relative to {@code source}; a name that does not exist is reported at the line of {@code extends:}.
     */
    static WorldSource base(WorldSource source, String value, String text) throws WorldException {
        int line = lineOf(text);
        if (value.startsWith(BUILT_IN)) {
            String name = value.substring(BUILT_IN.length()).strip();
            if (!BUILT_IN_BASES.contains(name)) {
                throw new WorldException(source.name(), line, "extends: no built-in world '" + name
                        + "'; the built-in worlds are " + String.join(", ", BUILT_IN_BASES));
            }
            return new WorldSource.BuiltIn("assets/scenarios/" + name + ".yaml");
        }
        WorldSource base = source.resolve(value);
        if (base instanceof WorldSource.FileSource f && !java.nio.file.Files.isRegularFile(f.path())) {
            throw new WorldException(source.name(), line, "extends: no such file '" + value + "' (looked for "
                    + f.path() + "); a built-in base is named builtin:world");
        }
        return base;
    }

    /** The line of the top-level {@code extends:} key, or 0. */
    private static int lineOf(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("extends\\s*:.*")) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Overlays {@code top} on {@code base}: objects key by key, host lists by name, null removes, the rest replaced. */
    static ObjectNode merge(ObjectNode base, ObjectNode top) {
        ObjectNode out = base.deepCopy();
        top.fields().forEachRemaining(en -> {
            String k = en.getKey();
            JsonNode v = en.getValue();
            JsonNode old = out.get(k);
            if (v.isNull() && old != null) {
                out.remove(k); // "smartHost: ~" in an extending file: the base's value no longer holds
            } else if (old != null && old.isObject() && v.isObject()) {
                out.set(k, merge((ObjectNode) old, (ObjectNode) v));
            } else if ("hosts".equals(k) && old != null && old.isArray() && v.isArray()) {
                out.set(k, mergeHosts((ArrayNode) old, (ArrayNode) v));
            } else {
                out.set(k, v.deepCopy());
            }
        });
        if (!top.path("links").has("latencies")) {
            dropLinksOfRemovedHosts(base, out); // the base's links to a host the extending file removed go with it
        }
        return out;
    }

    /** Removes from {@code out}'s {@code links.latencies} every link that names a host {@code base} had and out has not. */
    private static void dropLinksOfRemovedHosts(ObjectNode base, ObjectNode out) {
        JsonNode lat = out.path("links").path("latencies");
        if (!lat.isArray() || !base.path("hosts").isArray() || !out.path("hosts").isArray()) {
            return;
        }
        java.util.Set<String> gone = new java.util.HashSet<>();
        base.path("hosts").forEach(h -> gone.add(h.path("name").asText("").toLowerCase(java.util.Locale.ROOT)));
        out.path("hosts").forEach(h -> gone.remove(h.path("name").asText("").toLowerCase(java.util.Locale.ROOT)));
        if (gone.isEmpty()) {
            return;
        }
        ArrayNode kept = ((ArrayNode) lat).arrayNode();
        for (JsonNode l : lat) {
            boolean names = false;
            for (JsonNode end : l.path("between")) {
                names |= gone.contains(end.asText("").toLowerCase(java.util.Locale.ROOT));
            }
            if (!names) {
                kept.add(l);
            }
        }
        ((ObjectNode) out.get("links")).set("latencies", kept);
    }

    private static ArrayNode mergeHosts(ArrayNode base, ArrayNode top) {
        ArrayNode out = base.deepCopy();
        for (JsonNode h : top) {
            String name = h.path("name").asText("");
            boolean replaced = false;
            for (int i = 0; i < out.size(); i++) {
                if (h.isObject() && out.get(i).isObject() && out.get(i).path("name").asText("").equalsIgnoreCase(name)) {
                    if (h.path("remove").asBoolean(false)) {
                        out.remove(i);
                    } else {
                        out.set(i, merge((ObjectNode) out.get(i), (ObjectNode) h));
                    }
                    replaced = true;
                    break;
                }
            }
            if (!replaced) {
                out.add(h.deepCopy());
            }
        }
        return out;
    }
}

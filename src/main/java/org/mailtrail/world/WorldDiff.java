package org.mailtrail.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a draft as a world file that {@code extends} a built-in base and holds only what differs
 * (docs/worlds.md): changed keys, objects key by key, hosts by name ({@code remove: true} for a host gone),
 * {@code ~} for a value the base has and the draft has not; lists whole.
 */
public final class WorldDiff {
    /** The first line of every world file the editor writes; a file without it was written by hand. */
    public static final String HEADER = "# Written by the Mail Trail world editor";
    private static final YAMLMapper OUT = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private WorldDiff() {
    }

    /** The two files of a saved world. */
    public record Saved(String worldYaml, String zoneText) {
    }

    /**
     * The world file (extending {@code builtin:baseName}, whose draft is {@code base}) and zone file text for
     * {@code draft}; the world file names the zone file {@code zoneFileName}, beside it.
     */
    public static Saved save(WorldDraft draft, WorldDraft base, String baseName, String zoneFileName) {
        ObjectNode ed = draft.tree();
        ObjectNode d = diff(base.tree(), ed);
        if ((d.has("title") || d.has("description")) && ed.has("translations")) {
            d.set("translations", ed.get("translations")); // a new title drops the base's translations (docs/worlds.md)
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("extends", WorldMerge.BUILT_IN + baseName);
        out.put("name", ed.path("name").asText());
        out.put("zone", zoneFileName);
        d.remove("name");
        out.setAll(d);
        try {
            String yaml = HEADER + " (docs/worlds.md): only what differs from the built-in world '" + baseName
                    + "'.\n# A key set to null (~) removes the base's value; a host with remove: true is gone.\n"
                    + OUT.writeValueAsString(out);
            return new Saved(yaml, draft.zoneText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The fields that say what a world is, not how it behaves; with {@code layout}, left out of "what changed". */
    private static final List<String> TEXTS = List.of("name", "title", "description", "translations", "layout");

    /**
     * The draft as Save world as… writes it to {@code stem.yaml} (docs/worlds.md "The world editor"): its
     * {@code name} is the file's stem. When the world differs from the one opened (hosts, records, settings; not only
     * the map's layout), a title or description still that of the opened world would now be false: the title becomes
     * the stem, the description says what it was edited from and what differs, and their translations go. A title
     * or description the user set is kept (its translations went when it was set).
     */
    public static WorldDraft asSaved(WorldDraft d, String stem) {
        ObjectNode opened = d.opened();
        ObjectNode ed = d.tree();
        ObjectNode what = diff(opened.deepCopy().without(TEXTS),
                inBaseOrder(d, opened).tree().deepCopy().without(TEXTS));
        boolean changed = !what.isEmpty() || !d.records().equals(d.openedRecords());
        return d.withTree(t -> {
            t.put("name", stem);
            if (!changed) {
                return;
            }
            String from = "“" + opened.path("title").asText(opened.path("name").asText("")) + "” ("
                    + opened.path("name").asText("") + ")";
            for (String f : new String[] {"title", "description"}) {
                if (ed.path(f).equals(opened.path(f))) {
                    t.put(f, f.equals("title") ? stem : "Edited in the world editor from " + from + "; what differs: "
                            + summary(what, d, opened) + ".");
                    WorldDraft.dropTranslations(t, f, opened);
                }
            }
        });
    }

    /**
     * {@code d} with its hosts in the order of {@code base}'s (those {@code base} has, in its order; then the others,
     * in {@code d}'s order), the order an extending file gives them when read (docs/worlds.md). Without it a host
     * renamed or added in the middle would change the order, which a file that holds only what differs can say
     * only by removing every host and adding them all again (found by a tester).
     */
    public static WorldDraft inBaseOrder(WorldDraft d, ObjectNode base) {
        if (!(d.tree().path("hosts") instanceof ArrayNode hosts) || !(base.path("hosts") instanceof ArrayNode b)) {
            return d;
        }
        List<String> order = names(b);
        List<JsonNode> sorted = new ArrayList<>();
        hosts.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparingInt(h -> {
            int i = order.indexOf(h.path("name").asText(""));
            return i < 0 ? Integer.MAX_VALUE : i; // a stable sort keeps the new ones in their order, at the end
        }));
        List<JsonNode> now = new ArrayList<>();
        hosts.forEach(now::add);
        if (now.equals(sorted)) {
            return d;
        }
        return d.withTree(t -> {
            ArrayNode a = t.putArray("hosts");
            sorted.forEach(h -> a.add(h.deepCopy()));
        });
    }

    /** What differs, briefly: hosts by name (new, removed, or with the fields changed), settings, DNS zones. */
    private static String summary(ObjectNode what, WorldDraft d, ObjectNode opened) {
        List<String> parts = new ArrayList<>();
        for (JsonNode h : what.path("hosts")) {
            String n = h.path("name").asText();
            List<String> fields = new ArrayList<>();
            h.fieldNames().forEachRemaining(fields::add);
            fields.remove("name");
            parts.add(h.path("remove").asBoolean(false) ? "host " + n + " removed"
                    : !(opened.path("hosts") instanceof ArrayNode a && names(a).contains(n)) ? "new host " + n
                    : "host " + n + " (" + String.join(", ", fields) + ")");
        }
        what.fieldNames().forEachRemaining(k -> {
            if (!k.equals("hosts")) {
                parts.add(k);
            }
        });
        List<ZoneRecord> before = d.openedRecords();
        List<String> origins = java.util.stream.Stream.concat(d.records().stream(), before.stream())
                .filter(r -> r.type().equals("SOA")).map(ZoneRecord::owner).distinct().toList();
        java.util.Set<String> zones = new java.util.LinkedHashSet<>();
        java.util.stream.Stream.concat(d.records().stream().filter(r -> !before.contains(r)),
                before.stream().filter(r -> !d.records().contains(r))).forEach(r -> {
                    String z = WorldEdits.zoneOf(r.owner(), origins);
                    zones.add(z == null ? r.owner() : z);
                });
        if (!zones.isEmpty()) {
            parts.add("DNS records of " + String.join(", ", zones));
        }
        return parts.size() > 6 ? String.join("; ", parts.subList(0, 6)) + "; …" : String.join("; ", parts);
    }

    /** What {@code ed} changes in {@code base}, as an extending file says it. */
    static ObjectNode diff(ObjectNode base, ObjectNode ed) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = ed.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode bv = base.get(e.getKey());
            JsonNode ev = e.getValue();
            if (ev.equals(bv)) {
                continue;
            }
            if ("hosts".equals(e.getKey()) && bv != null && bv.isArray() && ev.isArray()) {
                out.set("hosts", hosts((ArrayNode) bv, (ArrayNode) ev));
            } else if (bv != null && bv.isObject() && ev.isObject()) {
                out.set(e.getKey(), diff((ObjectNode) bv, (ObjectNode) ev));
            } else {
                out.set(e.getKey(), ev.deepCopy());
            }
        }
        base.fieldNames().forEachRemaining(k -> {
            if (!ed.has(k)) {
                out.putNull(k);
            }
        });
        return out;
    }

    /** Hosts by name: changed ones as a diff, gone ones removed, new ones whole; a new order: all removed, all new. */
    private static ArrayNode hosts(ArrayNode base, ArrayNode ed) {
        List<String> b = names(base);
        List<String> e = names(ed);
        List<String> kept = new ArrayList<>(b);
        kept.retainAll(e);
        boolean sameOrder = e.subList(0, Math.min(kept.size(), e.size())).equals(kept);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < b.size(); i++) {
            int j = e.indexOf(b.get(i));
            if (j < 0 || !sameOrder) {
                out.addObject().put("name", b.get(i)).put("remove", true);
            } else if (!base.get(i).equals(ed.get(j))) {
                ObjectNode h = out.addObject().put("name", b.get(i));
                h.setAll(diff((ObjectNode) base.get(i), (ObjectNode) ed.get(j)));
            }
        }
        for (int j = 0; j < e.size(); j++) {
            if (!sameOrder || !b.contains(e.get(j))) {
                out.add(ed.get(j).deepCopy());
            }
        }
        return out;
    }

    private static List<String> names(ArrayNode hosts) {
        List<String> out = new ArrayList<>();
        hosts.forEach(h -> out.add(h.path("name").asText("")));
        return out;
    }
}

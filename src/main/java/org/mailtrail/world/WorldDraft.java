package org.mailtrail.world;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.mailtrail.dns.WorldZones;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;

/**
 * A world as the world editor holds it: the world file's description with its bases merged in (the shape of a
 * world file, without {@code extends} and {@code zone}) and the records of its zone file. Immutable: every edit
 * gives a new draft, so undo keeps the old one. A draft owns no rules: {@link #check(WorldLoader)} hands it to the
 * {@link WorldLoader}, whose messages (field, reason) are those of the CLI.
 */
public final class WorldDraft {
    /** The name used in the loader's messages for an edited world and its zone. */
    public static final String EDITED = "editor/";
    static final ObjectMapper YAML = YAMLMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ObjectNode tree;
    private final List<ZoneRecord> records;
    private final Origin origin;

    /**
     * Where a draft was opened from: the source, the zone file's text and records as read, whether the file was
     * written by hand (then the editor shows it read-only, docs/worlds.md), and the description as opened.
     */
    record Origin(String name, WorldSource source, String zoneText, List<ZoneRecord> zoneRecords, String handWritten,
                  ObjectNode opened) {
    }

    private WorldDraft(ObjectNode tree, List<ZoneRecord> records, Origin origin) {
        this.tree = tree;
        this.records = List.copyOf(records);
        this.origin = origin;
    }

    /** Opens a world file (its bases merged in) and its zone file; the loader reports what it cannot read. */
    public static WorldDraft open(WorldLoader loader, WorldSource source) throws WorldException {
        ObjectNode merged = loader.readMerged(source);
        String zoneId = merged.path("zone").asText(null);
        loader.fromTree(source, merged, null); // a world that does not load is not opened
        WorldSource zoneSource = WorldSource.of(zoneId);
        String zoneText;
        try {
            zoneText = zoneSource.read();
        } catch (IOException e) {
            throw new WorldException(zoneSource.name(), 0, "cannot read zone file: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
        List<ZoneRecord> recs = records(zoneText, zoneSource.name());
        String stem = source.name().replaceAll("^.*[/\\\\]", "").replaceAll("\\.ya?ml$", "");
        ObjectNode tree = canonical(merged);
        return new WorldDraft(tree, recs, new Origin(stem, source, zoneText, recs, handWritten(source), tree));
    }

    /**
     * A draft from an edited world carried in a session log (its world file {@code file} and its zone text): the
     * world file may only extend a built-in world, never name a file on this machine; a world that does not load is
     * not opened.
     */
    public static WorldDraft embedded(WorldLoader loader, String file, String worldYaml, String zoneText)
            throws WorldException {
        String name = file.replaceAll("\\.ya?ml$", "");
        ObjectNode t;
        try {
            JsonNode n = YAML.readTree(worldYaml);
            if (!(n instanceof ObjectNode o)) {
                throw new WorldException(file, 1, "a world file must be a YAML mapping (name:, hosts:, …)");
            }
            t = o;
        } catch (JsonProcessingException e) {
            throw new WorldException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getOriginalMessage(), e);
        }
        if (t.hasNonNull("extends")) {
            String base = t.get("extends").asText();
            if (!base.startsWith(WorldMerge.BUILT_IN)) {
                throw new WorldException(file, 0, "extends: a world carried in a session may only extend a built-in"
                        + " world (builtin:NAME), not '" + base + "'");
            }
            ObjectNode baseNode = loader.readMerged(WorldMerge.base(new WorldSource.BuiltIn(EDITED + file), base,
                    worldYaml));
            t.remove("extends");
            if ((t.has("title") || t.has("description")) && !t.has("translations")) {
                baseNode.remove("translations"); // as the loader does for a file that extends a base
            }
            t = WorldMerge.merge(baseNode, t);
        }
        List<ZoneRecord> recs = records(zoneText, name + ".zone");
        ObjectNode tree = canonical(t);
        WorldDraft d = new WorldDraft(tree, recs, new Origin(name, null, zoneText, recs, null, tree));
        d.check(loader);
        return d;
    }

    /** A draft from world-file text (no {@code extends}) and zone text, for templates. */
    static WorldDraft of(String name, String worldYaml, String zoneText) throws WorldException {
        try {
            ObjectNode t = (ObjectNode) YAML.readTree(worldYaml);
            List<ZoneRecord> recs = records(zoneText, name + ".zone");
            ObjectNode tree = canonical(t);
            return new WorldDraft(tree, recs, new Origin(name, null, zoneText, recs, null, tree));
        } catch (JsonProcessingException e) {
            throw new WorldException(name, 0, e.getOriginalMessage(), e);
        }
    }

    /**
     * Why a user's file is shown read-only, or null: a file the editor did not write may hold comments and a
     * layout of its own, which writing it again would lose.
     */
    private static String handWritten(WorldSource source) {
        if (!(source instanceof WorldSource.FileSource)) {
            return null;
        }
        try {
            return source.read().startsWith(WorldDiff.HEADER) ? null : source.name();
        } catch (IOException e) {
            return source.name();
        }
    }

    private static List<ZoneRecord> records(String zoneText, String name) throws WorldException {
        List<ZoneRecord> out = new ArrayList<>();
        try (Master m = new Master(new ByteArrayInputStream(zoneText.getBytes(StandardCharsets.UTF_8)), null,
                WorldZones.DEFAULT_TTL)) {
            m.disableIncludes(true);
            Record r;
            while ((r = m.nextRecord()) != null) {
                String owner = r.getName().toString(true);
                out.add(new ZoneRecord(owner.isEmpty() ? "." : owner.toLowerCase(java.util.Locale.ROOT), r.getTTL(),
                        org.xbill.DNS.Type.string(r.getType()), r instanceof org.xbill.DNS.AAAARecord a
                        ? org.mailtrail.dns.DnsText.address(a.getAddress()) : r.rdataToString()));
            }
        } catch (IOException | RuntimeException e) {
            throw new WorldException(name, 0, String.valueOf(e.getMessage()), e);
        }
        return out;
    }

    /** The tree in the form a world file reads to: unknown shapes refused, numbers typed, nulls dropped. */
    static ObjectNode canonical(ObjectNode t) {
        ObjectNode c = t.deepCopy();
        c.remove("zone");
        c.remove("extends");
        try {
            return YAML.valueToTree(YAML.treeToValue(c, WorldFile.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return c; // the loader names the problem when the draft is checked
        }
    }

    /** Checks the draft with the loader's rules and builds its world (as the CLI would from the saved files). */
    public World check(WorldLoader loader) throws WorldException {
        ObjectNode t = tree.deepCopy();
        t.put("zone", new WorldSource.BuiltIn(EDITED + origin.name() + ".zone").id());
        try {
            return loader.fromTree(new WorldSource.BuiltIn(EDITED + origin.name() + ".yaml"), t, zoneText());
        } catch (WorldException e) {
            throw outsideEveryZone(e);
        }
    }

    private static final java.util.regex.Pattern OUTSIDE = java.util.regex.Pattern.compile(
            "record (\\S+?)\\.? (\\S+) is outside every zone.*", java.util.regex.Pattern.DOTALL);

    /**
     * The zone reader's "record NAME TYPE is outside every zone (no SOA above it)" in the editor's terms: no domain
     * of the world covers the record's name, so the domain is to be added first (its SOA starts a zone).
     */
    private WorldException outsideEveryZone(WorldException e) {
        String prefix = e.file() + (e.line() > 0 ? ":" + e.line() : "") + ": ";
        String m = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : "";
        java.util.regex.Matcher o = OUTSIDE.matcher(m);
        if (!e.file().endsWith(".zone") || !o.matches()) {
            return e;
        }
        String owner = o.group(1).toLowerCase(java.util.Locale.ROOT);
        String type = o.group(2);
        String domain = List.of("MX", "NS", "SOA").contains(type) || owner.split("\\.").length < 3 ? owner
                : owner.substring(owner.indexOf('.') + 1);
        return new WorldException(e.file(), e.line(), "DNS record " + owner + " " + type + ": " + owner
                + " is in no zone of this world (outside every zone); add the domain " + domain + " first", e);
    }

    /** The zone file's text: as read while the records are unchanged (comments kept), else one record a line. */
    public String zoneText() {
        if (records.equals(origin.zoneRecords()) && origin.zoneText() != null) {
            return origin.zoneText();
        }
        StringBuilder b = new StringBuilder(ZONE_HEADER);
        for (ZoneRecord r : records) {
            b.append(r.line()).append('\n');
        }
        return b.toString();
    }

    /** Lines before the first record in {@link #zoneText()} when the editor writes it. */
    public static final int ZONE_HEADER_LINES = 2;
    /** The first words of a zone file the editor writes; a zone file without them was written by hand. */
    public static final String ZONE_MARK = "; Written by the Mail Trail world editor";
    private static final String ZONE_HEADER = ZONE_MARK + " (RFC 1035 §5 master file)\n"
            + "$TTL " + WorldZones.DEFAULT_TTL + "\n";

    /** The index of the record on a line of the editor's zone text, or -1. */
    public int recordAtLine(int line) {
        if (records.equals(origin.zoneRecords())) {
            return -1;
        }
        int i = line - ZONE_HEADER_LINES - 1;
        return i >= 0 && i < records.size() ? i : -1;
    }

    // ---- what the draft holds ----

    /** A copy of the description (world-file shape, bases merged, no zone). */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    public List<ZoneRecord> records() {
        return records;
    }

    /** A copy of the description as it was opened (before any edit), to tell what the edits changed. */
    ObjectNode opened() {
        return origin.opened().deepCopy();
    }

    /** The zone records as they were opened. */
    List<ZoneRecord> openedRecords() {
        return origin.zoneRecords();
    }

    /** The file stem the draft came from ("direct"), used to name it in messages. */
    public String name() {
        return origin.name();
    }

    /** The user's file it came from, when that file was written by hand (so the editor shows it read-only), or null. */
    public String handWritten() {
        return origin.handWritten();
    }

    /** The source it was opened from, or null for a template. */
    public WorldSource source() {
        return origin.source();
    }

    /** The same world, no longer tied to a hand-written file: editable, saved only under a new name. */
    public WorldDraft asCopy() {
        return new WorldDraft(tree, records, new Origin(origin.name(), null, origin.zoneText(), origin.zoneRecords(), null,
                origin.opened()));
    }

    /** The host names, in file order. */
    public List<String> hostNames() {
        List<String> out = new ArrayList<>();
        for (JsonNode h : tree.path("hosts")) {
            out.add(h.path("name").asText(""));
        }
        return out;
    }

    /** A copy of the host's description, or null. */
    public ObjectNode host(String name) {
        for (JsonNode h : tree.path("hosts")) {
            if (h.path("name").asText("").equals(name)) {
                return ((ObjectNode) h).deepCopy();
            }
        }
        return null;
    }

    /** The text at a path such as {@code retry.intervalMinutes}, or null. */
    public String text(String path) {
        JsonNode n = tree;
        for (String p : path.split("\\.")) {
            n = n.path(p);
        }
        return n.isMissingNode() || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
    }

    // ---- edits: each gives a new draft ----

    /** The draft with {@code change} applied to a copy of the description. */
    public WorldDraft withTree(Consumer<ObjectNode> change) {
        ObjectNode t = tree.deepCopy();
        change.accept(t);
        return new WorldDraft(canonical(t), records, origin);
    }

    /** The draft with {@code change} applied to a copy of the named host. */
    public WorldDraft withHost(String name, Consumer<ObjectNode> change) {
        return withTree(t -> {
            for (JsonNode h : t.withArray("hosts")) {
                if (h.path("name").asText("").equals(name)) {
                    change.accept((ObjectNode) h);
                    return;
                }
            }
            throw new IllegalArgumentException("no host named " + name);
        });
    }

    /** The draft with other zone records. */
    public WorldDraft withRecords(List<ZoneRecord> newRecords) {
        return new WorldDraft(tree, newRecords, origin);
    }

    /**
     * Sets {@code path} (dotted, objects made as needed) to a value: text, number, boolean, list of text, or null.
     * A new {@code title} or {@code description} drops its translations, which translated the old text.
     */
    public WorldDraft set(String path, Object value) {
        return withTree(t -> {
            if ((path.equals("title") || path.equals("description")) && !Objects.equals(t.get(path),
                    value == null ? null : YAML.valueToTree(value))) {
                dropTranslations(t, path, null);
            }
            put(t, path, value);
        });
    }

    /**
     * Removes {@code translations.LANG.field} of every language (only where it equals {@code as}'s, when {@code as}
     * is not null), and a language, or {@code translations}, left empty.
     */
    static void dropTranslations(ObjectNode t, String field, ObjectNode as) {
        if (!(t.get("translations") instanceof ObjectNode tr)) {
            return;
        }
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = tr.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> lang = it.next();
            if (lang.getValue() instanceof ObjectNode texts && (as == null
                    || texts.path(field).equals(as.path("translations").path(lang.getKey()).path(field)))) {
                texts.remove(field);
            }
            if (lang.getValue().isEmpty()) {
                it.remove();
            }
        }
        if (tr.isEmpty()) {
            t.remove("translations");
        }
    }

    public static void put(ObjectNode t, String path, Object value) {
        String[] p = path.split("\\.");
        ObjectNode o = t;
        for (int i = 0; i < p.length - 1; i++) {
            o = o.with(p[i]);
        }
        String k = p[p.length - 1];
        if (value == null) {
            o.remove(k);
        } else if (value instanceof List<?> l) {
            ArrayNode a = o.putArray(k);
            l.forEach(x -> a.add(String.valueOf(x)));
        } else {
            o.set(k, YAML.valueToTree(value));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WorldDraft d && d.tree.equals(tree) && d.records.equals(records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tree, records);
    }

    /** The world file's description as YAML (for tests and messages). */
    @Override
    public String toString() {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return tree.toString();
        }
    }
}

package org.mailtrail.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailtrail.dns.DnsText;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.dns.ZoneFileException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Reads a world file (YAML) and the zone file it names, follows {@code extends:} to a base world,
 * and checks everything, so that a broken file is reported by file, place and problem.
 *
 * <p>A scenario usually {@code extends} the default world and changes a few hosts: hosts are
 * merged by {@code name}, maps key by key, anything else is replaced.
 */
public final class WorldLoader {
    /** The built-in scenarios of SPEC §3, each a file {@code assets/scenarios/NAME.yaml}. */
    public static final List<String> BUILT_IN = List.of("direct", "relay", "backup-mx", "implicit-mx", "null-mx",
            "unknown-user", "relay-denied", "greylisting", "nxdomain", "multi-domain", "historic-relay");
    /** The world opened when nothing is chosen. */
    public static final String DEFAULT_SCENARIO = "direct";
    private static final int MAX_EXTENDS = 8;

    private final ObjectMapper yaml = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Loads a built-in scenario by name, or a world file by path. */
    public World load(String nameOrFile) throws WorldException {
        if (BUILT_IN.contains(nameOrFile)) {
            return load(new WorldSource.BuiltIn("assets/scenarios/" + nameOrFile + ".yaml"));
        }
        Path p = Path.of(nameOrFile);
        if (!Files.isRegularFile(p)) {
            throw new WorldException(nameOrFile, 0, "no such scenario or file; the built-in scenarios are "
                    + String.join(", ", BUILT_IN));
        }
        return load(new WorldSource.FileSource(p));
    }

    /** Loads a world from a source. */
    public World load(WorldSource source) throws WorldException {
        return fromTree(source, readWithBases(source, 0), null);
    }

    /** Reads a world file with its bases merged in ({@code extends} followed), without checking it. */
    ObjectNode readMerged(WorldSource source) throws WorldException {
        return readWithBases(source, 0);
    }

    /**
     * Checks a merged world description (no {@code extends}) with the same rules as a file: {@code source} names
     * it in messages; {@code zoneText}, if not null, is the zone file's text instead of the file the tree names.
     */
    World fromTree(WorldSource source, ObjectNode merged, String zoneText) throws WorldException {
        WorldFile f;
        try {
            f = yaml.treeToValue(merged, WorldFile.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw new WorldException(source.name(), 0, "unknown field '" + e.getPropertyName() + "' at "
                    + path(e) + "; known fields there: " + e.getKnownPropertyIds(), e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            throw new WorldException(source.name(), 0, "wrong kind of value at " + path(e) + ": " + kindProblem(e), e);
        } catch (JsonProcessingException e) {
            throw new WorldException(source.name(), 0, plain(e), e);
        }
        return build(source, f, zoneText);
    }

    private ObjectNode readWithBases(WorldSource source, int depth) throws WorldException {
        if (depth > MAX_EXTENDS) {
            throw new WorldException(source.name(), 0, "'extends' goes deeper than " + MAX_EXTENDS + " files (a loop?)");
        }
        String text;
        try {
            text = source.read();
        } catch (IOException e) {
            throw new WorldException(source.name(), 0, "cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
        JsonNode node;
        try {
            node = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new WorldException(source.name(), YamlProblem.line(e), YamlProblem.describe(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new WorldException(source.name(), 1, "a world file must be a YAML mapping (name:, hosts:, …)");
        }
        ObjectNode obj = (ObjectNode) node;
        // a zone file is named relative to the file that names it
        if (obj.hasNonNull("zone")) {
            obj.set("zone", TextNode.valueOf(source.resolve(obj.get("zone").asText()).id()));
        }
        if (obj.hasNonNull("extends")) {
            WorldSource base = WorldMerge.base(source, obj.get("extends").asText(), text);
            ObjectNode baseNode = readWithBases(base, depth + 1);
            obj.remove("extends");
            if ((obj.has("title") || obj.has("description")) && !obj.has("translations")) {
                // a world that says what it is in its own words does not keep the translations of its base's words
                baseNode.remove("translations");
            }
            return WorldMerge.merge(baseNode, obj);
        }
        return obj;
    }

    private World build(WorldSource source, WorldFile f, String zoneText) throws WorldException {
        String file = source.name();
        if (f.name == null || f.name.isBlank()) {
            throw new WorldException(file, 0, "missing 'name'");
        }
        if (f.title != null && (f.title.indexOf('\n') >= 0 || f.title.indexOf('\r') >= 0)) {
            throw new WorldException(file, 0, "title: a title is one line");
        }
        if (f.zone == null) {
            throw new WorldException(file, 0, "missing 'zone' (the DNS master file of this world)");
        }
        WorldSource zoneSource = WorldSource.of(f.zone);
        WorldZones zones;
        try {
            zones = WorldZones.parse(zoneText != null ? zoneText : zoneSource.read(), zoneSource.name());
        } catch (IOException e) {
            throw new WorldException(zoneSource.name(), 0, "cannot read zone file: " + org.mailtrail.dns.IoProblem.of(e), e);
        } catch (ZoneFileException e) {
            throw new WorldException(e.file(), e.line(), stripPrefix(e.getMessage(), e.file(), e.line()), e);
        }
        Instant start;
        try {
            start = f.start == null ? Instant.parse("2026-01-05T09:00:00Z") : Instant.parse(f.start);
        } catch (DateTimeParseException e) {
            throw new WorldException(file, 0, "'start' must be an instant like 2026-01-05T09:00:00Z, not '" + f.start + "'");
        }
        if (f.hosts == null || f.hosts.isEmpty()) {
            throw new WorldException(file, 0, "no 'hosts'");
        }
        List<Host> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < f.hosts.size(); i++) {
            hosts.add(host(file, i, f.hosts.get(i), zones, names));
        }
        for (Host h : hosts) {
            checkRef(file, h, "mailboxHost", h.mailboxHost(), names);
            checkRef(file, h, "smartHost", h.smartHost(), names);
            for (String r : h.relayFrom()) {
                checkRef(file, h, "relayFrom", r, names);
            }
        }
        if (hosts.stream().noneMatch(h -> h.role() == Role.SUBMISSION)) {
            throw new WorldException(file, 0, "no host with role submission: the sender's server is missing");
        }
        if (hosts.stream().noneMatch(h -> h.role() == Role.MUA)) {
            throw new WorldException(file, 0, "no host with role mua: the sender's mail client is missing");
        }
        WorldFile.DefaultsFile d = f.defaults == null ? new WorldFile.DefaultsFile() : f.defaults;
        Route route = d.route == null ? Route.DIRECT : Route.parse(d.route);
        if (route == null) {
            throw new WorldException(file, 0, "defaults.route must be direct, relay or both, not '" + d.route + "'");
        }
        Retrieval retrieval = d.retrieval == null ? Retrieval.IMAP : Retrieval.parse(d.retrieval);
        if (retrieval == null) {
            throw new WorldException(file, 0, "defaults.retrieval must be pop3, imap or none, not '" + d.retrieval + "'");
        }
        World.Defaults defaults = new World.Defaults(
                d.from == null ? "alice@example.org" : d.from,
                d.to == null ? List.of("bob@example.net") : List.copyOf(d.to),
                d.cc == null ? List.of() : List.copyOf(d.cc),
                d.subject == null ? "Hello" : d.subject,
                d.body == null ? "Hello!\n" : d.body,
                route, retrieval);
        WorldFile.LinksFile lf = f.links == null ? new WorldFile.LinksFile() : f.links;
        long defaultLatency = micros(file, "links.defaultLatencyMs", lf.defaultLatencyMs, 5.0);
        Map<String, Long> pairs = new LinkedHashMap<>();
        if (lf.latencies != null) {
            for (int i = 0; i < lf.latencies.size(); i++) {
                WorldFile.LinkFile l = lf.latencies.get(i);
                String where = "links.latencies[" + i + "]";
                if (l == null || l.between == null || l.between.size() != 2 || l.between.contains(null)) {
                    throw new WorldException(file, 0, where + ": 'between' needs exactly two host names");
                }
                for (String n : l.between) {
                    if (!names.contains(World.normalise(n))) {
                        throw new WorldException(file, 0, where + ": no host named '" + n + "'");
                    }
                }
                pairs.put(World.Latencies.key(World.normalise(l.between.get(0)), World.normalise(l.between.get(1))),
                        micros(file, where + ".latencyMs", l.latencyMs, 5.0));
            }
        }
        WorldFile.DnsFile df = f.dns == null ? new WorldFile.DnsFile() : f.dns;
        Map<String, String> faults = new LinkedHashMap<>();
        if (df.faults != null) {
            for (Map.Entry<String, String> en : df.faults.entrySet()) {
                String v = en.getValue() == null ? "" : en.getValue().toLowerCase(Locale.ROOT);
                if (!List.of("servfail", "timeout", "refused").contains(v)) {
                    throw new WorldException(file, 0, "dns.faults." + en.getKey()
                            + ": a fault is servfail, timeout or refused, not '" + en.getValue() + "'");
                }
                if (en.getKey() == null || !org.mailtrail.smtp.Addresses.isValidDomain(World.normalise(en.getKey()))) {
                    throw new WorldException(file, 0, "dns.faults: '" + en.getKey() + "' is not a domain name");
                }
                faults.put(World.normalise(en.getKey()), v);
            }
        }
        World.DnsSettings dns = new World.DnsSettings(
                df.resolver == null ? "resolver.example.org" : World.normalise(df.resolver),
                df.address == null ? "192.0.2.53" : HostAddress.check(file, "dns.address", df.address),
                micros(file, "dns.latencyMs", df.latencyMs, 2.0), faults);
        WorldFile.RetryFile rf = f.retry == null ? new WorldFile.RetryFile() : f.retry;
        World.RetryPolicy retry = new World.RetryPolicy(
                (rf.intervalMinutes == null ? 30 : rf.intervalMinutes) * 60,
                (rf.giveUpHours == null ? 120 : rf.giveUpHours) * 3600);
        if (retry.intervalSeconds() <= 0 || retry.giveUpSeconds() < retry.intervalSeconds()) {
            throw new WorldException(file, 0, "retry: intervalMinutes must be positive and giveUpHours at least one interval");
        }
        return new World(f.name, f.title == null ? f.name : f.title, f.description == null ? "" : f.description.strip(),
                file, start, f.seed == null ? 1L : f.seed, zones, List.copyOf(hosts), defaults,
                new World.Latencies(defaultLatency, pairs), dns, retry, users(file, f.users),
                translations(file, f.translations), WorldLayout.read(file, f.layout, names, dns.resolverName()));
    }

    /** {@code translations: { de: { title: …, description: … } }}: a language code of two letters, one-line titles. */
    private static Map<String, World.Texts> translations(String file, Map<String, WorldFile.TextsFile> t)
            throws WorldException {
        Map<String, World.Texts> out = new LinkedHashMap<>();
        if (t == null) {
            return out;
        }
        for (Map.Entry<String, WorldFile.TextsFile> e : t.entrySet()) {
            if (!e.getKey().matches("[a-z]{2}")) {
                throw new WorldException(file, 0, "translations: '" + e.getKey()
                        + "' is not a language code of two letters (de, fr, es, …)");
            }
            WorldFile.TextsFile v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v.title != null && (v.title.indexOf('\n') >= 0 || v.title.indexOf('\r') >= 0)) {
                throw new WorldException(file, 0, "translations." + e.getKey() + ".title: a title is one line");
            }
            out.put(e.getKey(), new World.Texts(v.title == null ? null : v.title.strip(),
                    v.description == null ? null : v.description.strip()));
        }
        return out;
    }

    /** {@code users: { defaultPassword: …, passwords: { bob@example.net: … } }}; every password one line of text. */
    private static World.Users users(String file, WorldFile.UsersFile u) throws WorldException {
        String dflt = u == null || u.defaultPassword == null ? World.DEFAULT_PASSWORD : u.defaultPassword;
        checkPassword(file, "users.defaultPassword", dflt);
        Map<String, String> pw = new LinkedHashMap<>();
        if (u != null && u.passwords != null) {
            for (Map.Entry<String, String> en : u.passwords.entrySet()) {
                String where = "users.passwords." + en.getKey();
                if (!org.mailtrail.smtp.Addresses.isValidMailbox(en.getKey())) {
                    throw new WorldException(file, 0, where + ": not an address (local@domain)");
                }
                checkPassword(file, where, en.getValue());
                pw.put(en.getKey().toLowerCase(Locale.ROOT), en.getValue());
            }
        }
        return new World.Users(dflt, pw);
    }

    private static void checkPassword(String file, String where, String pw) throws WorldException {
        if (pw == null || pw.isEmpty() || pw.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new WorldException(file, 0, where + ": a password is one line of text, not empty");
        }
    }

    private static Host host(String file, int i, WorldFile.HostFile h, WorldZones zones, Set<String> names)
            throws WorldException {
        String where = "hosts[" + i + "]";
        if (h == null || h.name == null || h.name.isBlank()) {
            throw new WorldException(file, 0, where + ": missing 'name'");
        }
        String name = World.normalise(h.name);
        where += " (" + name + ")";
        if (!org.mailtrail.smtp.Addresses.isValidDomain(name)) {
            throw new WorldException(file, 0, where + ": not a host name (letters, digits, hyphens and dots)");
        }
        if (!names.add(name)) {
            throw new WorldException(file, 0, where + ": a second host with this name");
        }
        Role role = Role.parse(h.role == null ? "" : h.role);
        if (role == null) {
            throw new WorldException(file, 0, where + ": role must be one of mua, submission, relay, mx, mailbox, not '"
                    + h.role + "'");
        }
        List<String> addresses = h.address != null ? List.of(HostAddress.check(file, where + ".address", h.address))
                : addressesFromZone(name, zones);
        if (addresses.isEmpty()) {
            throw new WorldException(file, 0, where + ": no 'address' and no A or AAAA record for it in the zone file");
        }
        if (role == Role.MUA && h.user == null) {
            throw new WorldException(file, 0, where + ": a mail client (mua) needs 'user', the address of its person");
        }
        SmtpBehaviour b = SmtpBehaviour.healthy();
        if (h.smtp != null) {
            WorldFile.SmtpFile s = h.smtp;
            b = new SmtpBehaviour(bool(s.down, b.down()), bool(s.unreachable, b.unreachable()), s.greeting,
                    s.mailReply, s.dataReply, bool(s.dropAfterData, false), bool(s.starttls, b.starttls()), bool(s.greylist, b.greylist()),
                    s.greylistDelaySeconds == null ? b.greylistDelaySeconds() : s.greylistDelaySeconds,
                    lower(s.rcptReplies), s.maxMessageSize == null ? b.maxMessageSize() : s.maxMessageSize,
                    s.software == null ? b.software() : s.software);
            if (s.software != null && !s.software.matches("[A-Za-z0-9 ._+()/-]{1,40}")) {
                throw new WorldException(file, 0, where + ": smtp.software '" + s.software.replace("\n", "\\n")
                        .replace("\r", "\\r") + "' must be 1-40 letters, digits, spaces or ._+()/-");
            }
            if (b.dropAfterData() && s.dataReply != null) {
                throw new WorldException(file, 0, where + ": smtp.dropAfterData sends no reply after the final dot,"
                        + " so it cannot go with smtp.dataReply");
            }
            for (String r : new String[] {s.greeting, s.mailReply, s.dataReply}) {
                checkReply(file, where, r);
            }
            for (String r : b.rcptReplies().values()) {
                checkReply(file, where, r);
            }
        }
        return new Host(name, role, addresses.get(0), addresses, h.user == null ? null : h.user.toLowerCase(Locale.ROOT),
                lowerList(file, where + ".localDomains", h.localDomains),
                lowerList(file, where + ".mailboxes", h.mailboxes),
                h.mailboxHost == null ? null : World.normalise(h.mailboxHost),
                h.smartHost == null ? null : World.normalise(h.smartHost),
                lowerList(file, where + ".relayFrom", h.relayFrom), b);
    }

    private static void checkReply(String file, String where, String reply) throws WorldException {
        if (reply != null && (!reply.matches("[2-5][0-9][0-9]( .*)?") || reply.length() > 500)) {
            throw new WorldException(file, 0, where + ": '" + reply
                    + "' is not an SMTP reply (three digits 200-599, a space, text)");
        }
    }

    private static void checkRef(String file, Host h, String field, String ref, Set<String> names)
            throws WorldException {
        if (ref != null && !names.contains(ref)) {
            throw new WorldException(file, 0, "host " + h.name() + ": " + field + " names '" + ref
                    + "', which is not a host of this world");
        }
    }

    private static List<String> addressesFromZone(String name, WorldZones zones) {
        List<String> out = new ArrayList<>();
        Name n;
        try {
            n = Name.fromString(name + ".");
        } catch (TextParseException e) {
            return out;
        }
        Zone z = zones.zoneFor(n).orElse(null);
        if (z == null) {
            return out;
        }
        for (int type : new int[] {Type.A, Type.AAAA}) {
            SetResponse sr = z.findRecords(n, type);
            if (sr.isSuccessful()) {
                for (Record r : sr.answers().get(0).rrs()) {
                    if (r instanceof ARecord a) {
                        out.add(DnsText.address(a.getAddress()));
                    } else if (r instanceof AAAARecord a) {
                        out.add(DnsText.address(a.getAddress()));
                    }
                }
            }
        }
        return out;
    }

    private static long micros(String file, String where, Double ms, double dflt) throws WorldException {
        double v = ms == null ? dflt : ms;
        if (v < 0 || v > 600_000) {
            throw new WorldException(file, 0, where + ": a latency is between 0 and 600000 ms, not " + v);
        }
        return Math.round(v * 1000);
    }

    private static boolean bool(Boolean b, boolean dflt) {
        return b == null ? dflt : b;
    }

    private static List<String> lowerList(String file, String where, List<String> l) throws WorldException {
        if (l == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) == null) {
                // "mailboxes: [bob, ~]" or an empty "- " item: YAML null, not a name
                throw new WorldException(file, 0, where + "[" + i + "]: an empty entry (null), not a name");
            }
            out.add(World.normalise(l.get(i)));
        }
        return out;
    }

    private static Map<String, String> lower(Map<String, String> m) {
        if (m == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    /** A path such as {@code hosts[0].smtp.dwn} from a Jackson exception. */
    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "the top level" : b.toString();
    }

    /**
     * What was expected and what was found, in the words of the world file ("expected a list (one '- ' item per
     * line), found a mapping (key: value)"), not in Java's type names; Jackson's own words when neither is known.
     */
    static String kindProblem(JsonProcessingException e) {
        String m = plain(e);
        java.util.regex.Matcher t = java.util.regex.Pattern.compile("value of type `([^`]+)`").matcher(m);
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("from (Object|Array|String|Integer|Floating-point"
                + "|Boolean|Null)\\b").matcher(m);
        if (!t.find()) {
            return m.replaceAll(" \\(class [^)]*\\)", "");
        }
        String type = t.group(1);
        String expected = type.matches("java\\.util\\.(Array)?List.*|.*\\[\\]") ? "a list (one '- ' item per line)"
                : type.matches("java\\.util\\.(Linked)?(Hash)?Map.*") || type.startsWith("org.mailtrail.")
                ? "a mapping (key: value)"
                : type.matches("(?i)boolean|java\\.lang\\.Boolean") ? "true or false"
                : type.matches("int|long|double|java\\.lang\\.(Integer|Long|Double)") ? "a number"
                : type.equals("java.lang.String") ? "a text" : "another kind of value";
        String found = !f.find() ? "something else" : switch (f.group(1)) {
            case "Object" -> "a mapping (key: value)";
            case "Array" -> "a list";
            case "String" -> "a text";
            case "Boolean" -> "true or false";
            case "Null" -> "nothing";
            default -> "a number";
        };
        return "expected " + expected + ", found " + found;
    }

    private static String plain(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    }

    private static String stripPrefix(String message, String file, int line) {
        String p = file + (line > 0 ? ":" + line : "") + ": ";
        return message != null && message.startsWith(p) ? message.substring(p.length()) : message;
    }
}

package org.mailtrail.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The world editor's edits that touch several places of a draft: a host added with an address, removed, renamed
 * everywhere it is named (references, links, zone records), a fault set. They check only what a person typed
 * (DNS names, no duplicate); whether the world is whole is the {@link WorldLoader}'s to say.
 */
public final class WorldEdits {
    private WorldEdits() {
    }

    /** Adds a host; its address is an A record in the zone that covers its name (a new documentation address). */
    public static WorldDraft addHost(WorldDraft d, String typedName, Role role) {
        String name = ZoneRecord.name("name", typedName);
        if (d.hostNames().contains(name)) {
            throw new IllegalArgumentException("name: a host named " + name + " exists already");
        }
        String domain = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
        WorldDraft out = d.withTree(t -> {
            ObjectNode h = t.withArray("hosts").addObject();
            h.put("name", name);
            h.put("role", role.name().toLowerCase(Locale.ROOT));
            if (role == Role.MUA) {
                h.put("user", "user@" + domain);
            }
        });
        List<ZoneRecord> recs = new ArrayList<>(d.records());
        recs.add(ZoneRecord.of("A", name, org.mailtrail.dns.WorldZones.DEFAULT_TTL, freeAddress(d), 0));
        return out.withRecords(recs);
    }

    /** An address of 203.0.113.0/24 (RFC 5737) that no A record of the draft uses yet. */
    static String freeAddress(WorldDraft d) {
        for (int i = 100; i < 255; i++) {
            String a = "203.0.113." + i;
            if (d.records().stream().noneMatch(r -> r.data().equals(a))) {
                return a;
            }
        }
        throw new IllegalArgumentException("no free documentation address left in 203.0.113.0/24");
    }

    /**
     * Removes a host, the links to it, its place on the map and in others' relayFrom; its address records go with
     * it, and so do the MX and CNAME records that point at it ({@link #recordsPointingAt}).
     */
    public static WorldDraft removeHost(WorldDraft d, String name) {
        WorldDraft out = d.withTree(t -> {
            ArrayNode hosts = t.withArray("hosts");
            for (int i = hosts.size() - 1; i >= 0; i--) {
                if (hosts.get(i).path("name").asText("").equals(name)) {
                    hosts.remove(i);
                } else {
                    removeFrom((ObjectNode) hosts.get(i), "relayFrom", name);
                }
            }
            if (t.get("layout") instanceof ObjectNode layout) {
                layout.remove(name);
            }
            ArrayNode links = (ArrayNode) t.path("links").path("latencies");
            if (links.isArray()) {
                for (int i = links.size() - 1; i >= 0; i--) {
                    for (JsonNode n : links.get(i).path("between")) {
                        if (n.asText().equals(name)) {
                            links.remove(i);
                            break;
                        }
                    }
                }
            }
        });
        List<ZoneRecord> recs = new ArrayList<>(d.records());
        recs.removeIf(r -> r.owner().equals(name) && (r.type().equals("A") || r.type().equals("AAAA"))
                || pointsAt(r, name));
        return out.withRecords(recs);
    }

    private static void removeFrom(ObjectNode h, String field, String name) {
        if (h.get(field) instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).asText().equals(name)) {
                    a.remove(i);
                }
            }
        }
    }

    /** Renames a host everywhere it is named: other hosts, links, and its records and the records pointing at it. */
    public static WorldDraft renameHost(WorldDraft d, String old, String typedName) {
        String name = ZoneRecord.name("name", typedName);
        if (name.equals(old)) {
            return d;
        }
        if (d.hostNames().contains(name)) {
            throw new IllegalArgumentException("name: a host named " + name + " exists already");
        }
        WorldDraft out = d.withTree(t -> {
            for (JsonNode hn : t.withArray("hosts")) {
                ObjectNode h = (ObjectNode) hn;
                for (String f : new String[] {"name", "smartHost", "mailboxHost"}) {
                    if (h.path(f).asText("").equals(old)) {
                        h.put(f, name);
                    }
                }
                replaceIn(h.get("relayFrom"), old, name);
            }
            for (JsonNode l : t.path("links").path("latencies")) {
                replaceIn(l.get("between"), old, name);
            }
            if (t.get("layout") instanceof ObjectNode layout && layout.has(old)) {
                layout.set(name, layout.remove(old));
            }
        });
        List<ZoneRecord> recs = new ArrayList<>();
        for (ZoneRecord r : d.records()) {
            String owner = r.owner().equals(old) ? name : r.owner();
            String data = r.data();
            if (List.of("MX", "CNAME", "NS").contains(r.type()) && r.target().equals(old)) {
                data = data.substring(0, data.length() - r.target().length() - 1) + name + ".";
            }
            recs.add(new ZoneRecord(owner, r.ttl(), r.type(), data));
        }
        return out.withRecords(recs);
    }

    private static void replaceIn(JsonNode list, String old, String name) {
        if (list instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).asText().equals(old)) {
                    a.set(i, a.textNode(name));
                }
            }
        }
    }

    /** The fault the host has now (the first, if several are set) and its parameter. */
    public static java.util.Map.Entry<HostFault, String> faultOf(WorldDraft d, String name) {
        ObjectNode h = d.host(name);
        JsonNode s = h == null ? null : h.path("smtp");
        if (h == null) {
            return java.util.Map.entry(HostFault.NONE, "");
        }
        if (s.path("down").asBoolean(false)) {
            return java.util.Map.entry(HostFault.DOWN, "");
        }
        if (s.path("unreachable").asBoolean(false)) {
            return java.util.Map.entry(HostFault.UNREACHABLE, "");
        }
        if (s.path("dropAfterData").asBoolean(false)) {
            return java.util.Map.entry(HostFault.DROP_AFTER_DATA, "");
        }
        if (s.path("greylist").asBoolean(false)) {
            return java.util.Map.entry(HostFault.GREYLIST, s.path("greylistDelaySeconds").asText("300"));
        }
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> s.path("rcptReplies").fields()) {
            return java.util.Map.entry(e.getValue().asText().startsWith("452") ? HostFault.MAILBOX_FULL
                    : HostFault.UNKNOWN_USER, e.getKey());
        }
        for (HostFault f : new HostFault[] {HostFault.GREETING_REPLY, HostFault.MAIL_REPLY, HostFault.DATA_REPLY}) {
            String v = s.path(field(f)).asText(null);
            if (v != null) {
                return java.util.Map.entry(f, v);
            }
        }
        if (h.get("relayFrom") instanceof ArrayNode a && a.isEmpty()) {
            return java.util.Map.entry(HostFault.RELAY_DENIED, "");
        }
        return java.util.Map.entry(HostFault.NONE, "");
    }

    private static String field(HostFault f) {
        return switch (f) {
            case GREETING_REPLY -> "greeting";
            case MAIL_REPLY -> "mailReply";
            default -> "dataReply";
        };
    }

    /**
     * Gives the host this fault (and no other): {@code parameter} is the greylisting delay in seconds, the
     * recipient, or the reply, as {@link HostFault#parameter()} says. The reply text is the loader's to check.
     */
    public static WorldDraft setFault(WorldDraft d, String name, HostFault fault, String parameter) {
        String p = parameter == null ? "" : parameter.strip();
        if (p.indexOf('\n') >= 0 || p.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("fault: one line of text");
        }
        int seconds = 0;
        if (fault.parameter() == HostFault.Parameter.SECONDS) {
            try {
                seconds = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("delay: a number of seconds, not '" + p + "'", e);
            }
        }
        if (fault.parameter() == HostFault.Parameter.RECIPIENT && !org.mailtrail.smtp.Addresses.isValidMailbox(p)) {
            throw new IllegalArgumentException("recipient: '" + p + "' is not an address (local@domain)");
        }
        int delay = seconds;
        WorldDraft cleared = d.withHost(name, h -> {
            ObjectNode s = h.with("smtp");
            for (String f : new String[] {"down", "unreachable", "greeting", "mailReply", "dataReply", "dropAfterData",
                    "greylist", "greylistDelaySeconds", "rcptReplies"}) {
                s.remove(f);
            }
            switch (fault) {
                case DOWN -> s.put("down", true);
                case UNREACHABLE -> s.put("unreachable", true);
                case GREYLIST -> s.put("greylist", true).put("greylistDelaySeconds", delay);
                case UNKNOWN_USER -> s.with("rcptReplies").put(p.toLowerCase(Locale.ROOT),
                        "550 5.1.1 <" + p + ">: Recipient address rejected: User unknown");
                case MAILBOX_FULL -> s.with("rcptReplies").put(p.toLowerCase(Locale.ROOT), "452 4.2.2 Mailbox full");
                case GREETING_REPLY -> s.put("greeting", p);
                case MAIL_REPLY -> s.put("mailReply", p);
                case DATA_REPLY -> s.put("dataReply", p);
                case DROP_AFTER_DATA -> s.put("dropAfterData", true);
                case RELAY_DENIED -> h.putArray("relayFrom");
                default -> { }
            }
            if (s.isEmpty()) {
                h.remove("smtp");
            }
        });
        return cleared;
    }

    /** Sets a host's field (dotted path below the host, e.g. {@code smtp.software}); lists from names separated by
     * commas or spaces; blank removes the field. */
    public static WorldDraft setHostField(WorldDraft d, String host, String field, String value) {
        String v = value == null ? "" : value.strip();
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(field + ": one line of text");
        }
        boolean list = List.of("localDomains", "mailboxes", "relayFrom").contains(field);
        return d.withHost(host, h -> WorldDraft.put(h, field, list
                ? java.util.Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList()
                : v.isEmpty() ? null : v));
    }

    /**
     * The message the world proposes ({@code defaults:} from, to, cc, subject, body), e.g. the one composed in the app;
     * addresses and the subject are one line each, an empty cc list is left out.
     */
    public static WorldDraft defaultMessage(WorldDraft d, String from, List<String> to, List<String> cc, String subject,
                                            String body) {
        for (String one : java.util.stream.Stream.concat(java.util.stream.Stream.of(from, subject),
                java.util.stream.Stream.concat(to.stream(), cc.stream())).toList()) {
            if (one != null && (one.indexOf('\n') >= 0 || one.indexOf('\r') >= 0)) {
                throw new IllegalArgumentException("defaults: addresses and the subject are one line of text each");
            }
        }
        return d.withTree(t -> {
            WorldDraft.put(t, "defaults.from", from == null || from.isBlank() ? null : from.strip());
            WorldDraft.put(t, "defaults.to", List.copyOf(to));
            WorldDraft.put(t, "defaults.cc", cc.isEmpty() ? null : List.copyOf(cc));
            WorldDraft.put(t, "defaults.subject", subject == null ? null : subject);
            WorldDraft.put(t, "defaults.body", body == null ? null : body);
        });
    }

    /** The one-way latency between two hosts in milliseconds, replacing an earlier one for the pair. */
    public static WorldDraft setLatency(WorldDraft d, String a, String b, double ms) {
        return d.withTree(t -> {
            ArrayNode list = t.with("links").withArray("latencies");
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonNode between = list.get(i).path("between");
                String x = between.path(0).asText();
                String y = between.path(1).asText();
                if (x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a)) {
                    list.remove(i);
                }
            }
            ObjectNode l = list.addObject();
            l.putArray("between").add(a).add(b);
            l.put("latencyMs", ms);
        });
    }

    /** Puts a record at {@code index} (-1: at the end), or removes the record there when {@code r} is null. */
    public static WorldDraft putRecord(WorldDraft d, int index, ZoneRecord r) {
        List<ZoneRecord> l = new ArrayList<>(d.records());
        if (r == null) {
            l.remove(index);
        } else if (index < 0) {
            l.add(r);
        } else {
            l.set(index, r);
        }
        return d.withRecords(l);
    }

    /**
     * Places a host (or the resolver) in a cell of the map's grid: {@code layout: { NAME: {x: COLUMN, y: ROW} }}
     * (docs/worlds.md "Placing hosts on the map"); the loader checks the name and the cell.
     */
    public static WorldDraft moveHost(WorldDraft d, String name, int column, int row) {
        return d.withTree(t -> t.with("layout").putObject(name).put("x", column).put("y", row));
    }

    /** The SOA data of a zone the editor adds: primary name server, mailbox of its keeper, serial, timers. */
    private static final String SOA_TIMERS = " 2026010501 7200 900 1209600 300";

    /**
     * Adds a zone for a new domain, in the style of the built-in zone file: {@code SOA ns1.DOMAIN.
     * hostmaster.DOMAIN.}, {@code NS ns1.DOMAIN.} and an A record for ns1.DOMAIN with a free documentation address.
     * Names and records below the domain then belong to it (a host, an MX record for the domain).
     *
     * @throws IllegalArgumentException {@code domain: …} when the name is not a DNS name or is a zone already
     */
    public static WorldDraft addDomain(WorldDraft d, String typedDomain) {
        String domain = ZoneRecord.name("domain", typedDomain);
        if (zones(d).contains(domain)) {
            throw new IllegalArgumentException("domain: " + domain + " is a zone of this world already");
        }
        String ns = "ns1." + domain;
        if (ns.length() > 253) {
            throw new IllegalArgumentException("domain: '" + domain + "' is too long to have a name server ns1." + domain);
        }
        long ttl = org.mailtrail.dns.WorldZones.DEFAULT_TTL;
        List<ZoneRecord> recs = new ArrayList<>(d.records());
        recs.add(new ZoneRecord(domain, ttl, "SOA", ns + ". hostmaster." + domain + "." + SOA_TIMERS));
        recs.add(new ZoneRecord(domain, ttl, "NS", ns + "."));
        if (d.records().stream().noneMatch(r -> r.owner().equals(ns) && r.type().equals("A"))) {
            recs.add(ZoneRecord.of("A", ns, ttl, freeAddress(d), 0));
        }
        return d.withRecords(recs);
    }

    /**
     * Removes a domain's zone: its SOA and every record that belongs to it (not those of a zone below it). Hosts
     * are left as they are; the loader says which of them now lacks an address.
     *
     * @throws IllegalArgumentException {@code domain: …} when the world has no zone of that name
     */
    public static WorldDraft removeDomain(WorldDraft d, String typedDomain) {
        String domain = ZoneRecord.name("domain", typedDomain);
        List<String> zones = zones(d);
        if (!zones.contains(domain)) {
            throw new IllegalArgumentException("domain: this world has no zone " + domain);
        }
        List<ZoneRecord> recs = new ArrayList<>(d.records());
        recs.removeIf(r -> domain.equals(zoneOf(r.owner(), zones)));
        return d.withRecords(recs);
    }

    /** The origins of the draft's zones (the owners of its SOA records), in record order. */
    public static List<String> zones(WorldDraft d) {
        return d.records().stream().filter(r -> r.type().equals("SOA")).map(ZoneRecord::owner).distinct().toList();
    }

    /** The zone a name belongs to: the longest origin it ends with, or null. */
    public static String zoneOf(String owner, List<String> origins) {
        String best = null;
        for (String o : origins) {
            if ((owner.equals(o) || owner.endsWith("." + o)) && (best == null || o.length() > best.length())) {
                best = o;
            }
        }
        return best;
    }

    /**
     * The records that point at a host by name: MX records with it as exchange and CNAME records with it as target,
     * in zone order. {@link #removeHost} removes them with the host (and its own A and AAAA records).
     */
    public static List<ZoneRecord> recordsPointingAt(WorldDraft d, String host) {
        return d.records().stream().filter(r -> pointsAt(r, host)).toList();
    }

    private static boolean pointsAt(ZoneRecord r, String host) {
        return (r.type().equals("MX") && !r.nullMx() || r.type().equals("CNAME")) && r.target().equals(host);
    }

    /**
     * Sets the world's {@code title} (one line) or {@code description} (may span lines); blank removes it (the
     * title is then the world's name). The translations of the old text go: they no longer translate it.
     *
     * @throws IllegalArgumentException for another field, or a title of more than one line
     */
    public static WorldDraft setText(WorldDraft d, String field, String value) {
        if (!List.of("title", "description").contains(field)) {
            throw new IllegalArgumentException("field: title or description, not '" + field + "'");
        }
        String v = value == null ? "" : value.replace("\r\n", "\n").replace('\r', '\n').strip();
        if (field.equals("title") && v.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("title: one line of text");
        }
        return d.set(field, v.isEmpty() ? null : v);
    }
}

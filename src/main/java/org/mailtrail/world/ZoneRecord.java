package org.mailtrail.world;

import java.util.Locale;
import org.xbill.DNS.Address;

/**
 * One resource record of a world's zone file as the world editor shows it (RFC 1035 §5): an absolute owner name
 * without the trailing dot, a TTL, a type and the record data in master-file form ({@code 10 mx1.example.net.}).
 * Records of other types than the editor offers keep their data text as read.
 *
 * <p>The factory methods check what a person types: names as DNS names, addresses as IPv4/IPv6 literals, and
 * never a character that would end the record or start another (CR, LF, {@code ;}, {@code (}, {@code $}).
 */
public record ZoneRecord(String owner, long ttl, String type, String data) {
    /** The record types the editor offers. */
    public static final java.util.List<String> EDITABLE_TYPES = java.util.List.of("MX", "A", "AAAA", "CNAME", "NS");
    /** The largest TTL, RFC 2181 §8. */
    public static final long MAX_TTL = 2147483647L;

    /** One line of a master file: {@code owner. TTL IN TYPE data}. */
    public String line() {
        return owner + ". " + ttl + " IN " + type + " " + data;
    }

    /** For an MX record, its preference; else -1. */
    public int preference() {
        if (!"MX".equals(type)) {
            return -1;
        }
        try {
            return Integer.parseInt(data.substring(0, data.indexOf(' ')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** For MX, CNAME and NS, the name it points at without the trailing dot ({@code .} for a null MX); else data. */
    public String target() {
        String t = "MX".equals(type) ? data.substring(data.indexOf(' ') + 1) : data;
        return t.length() > 1 && t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** True for {@code MX 0 .} (RFC 7505). */
    public boolean nullMx() {
        return "MX".equals(type) && ".".equals(target());
    }

    /**
     * A record of an editable type from what a person typed: {@code value} is the address (A, AAAA) or the target
     * name (MX, CNAME, NS; {@code .} with preference 0 for a null MX).
     *
     * @throws IllegalArgumentException with a sentence naming the field and what is wrong
     */
    public static ZoneRecord of(String type, String owner, long ttl, String value, int preference) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT);
        if (!EDITABLE_TYPES.contains(t)) {
            throw new IllegalArgumentException("type: one of " + String.join(", ", EDITABLE_TYPES) + ", not '" + type + "'");
        }
        String o = name("name", owner);
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("TTL: between 0 and " + MAX_TTL + " seconds, not " + ttl);
        }
        String v = value == null ? "" : value.strip();
        switch (t) {
            case "A" -> {
                if (!Address.isDottedQuad(v)) {
                    throw new IllegalArgumentException("address: '" + v + "' is not an IPv4 address such as 192.0.2.10");
                }
                return new ZoneRecord(o, ttl, t, v);
            }
            case "AAAA" -> {
                if (v.indexOf(':') < 0 || Address.toByteArray(v, Address.IPv6) == null) {
                    throw new IllegalArgumentException("address: '" + v + "' is not an IPv6 address such as 2001:db8::10");
                }
                return new ZoneRecord(o, ttl, t, org.mailtrail.dns.DnsText.address(ipv6(v)));
            }
            case "MX" -> {
                if (preference < 0 || preference > 65535) {
                    throw new IllegalArgumentException("preference: between 0 and 65535, not " + preference);
                }
                if (".".equals(v)) {
                    if (preference != 0) {
                        throw new IllegalArgumentException("preference: a null MX (\".\") has preference 0 (RFC 7505)");
                    }
                    return new ZoneRecord(o, ttl, t, "0 .");
                }
                return new ZoneRecord(o, ttl, t, preference + " " + name("exchange", v) + ".");
            }
            default -> {
                return new ZoneRecord(o, ttl, t, name(t.equals("NS") ? "name server" : "target", v) + ".");
            }
        }
    }

    private static java.net.InetAddress ipv6(String v) {
        try {
            return java.net.InetAddress.getByAddress(Address.toByteArray(v, Address.IPv6));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("address: '" + v + "' is not an IPv6 address", e);
        }
    }

    /** A DNS name as typed: lower case, no trailing dot, letters, digits and hyphens in labels (RFC 1035 §2.3.1). */
    public static String name(String field, String typed) {
        String n = typed == null ? "" : World.normalise(typed.strip());
        if (n.isEmpty() || n.length() > 253 || !org.mailtrail.smtp.Addresses.isValidDomain(n)) {
            throw new IllegalArgumentException(field + ": '" + (typed == null ? "" : typed.strip())
                    + "' is not a DNS name (letters, digits and hyphens, labels separated by dots)");
        }
        return n;
    }
}

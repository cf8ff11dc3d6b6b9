package org.mailtrail.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Chooses the hosts to deliver a domain's mail to, step by step: RFC 5321 §5.1 (MX lookup, CNAME, implicit MX,
 * preference order, randomised ties, relay self-removal) and RFC 7505 (null MX).
 *
 * <p>Every query goes through the injected {@link Resolver}, so simulation and live mode share this code.
 * Message ids and tie-breaking both come from the injected {@link RandomGenerator}: the same seed, the same
 * world and the same calls give byte-for-byte the same exchanges.
 *
 * <p>When MX records exist but no target has an address, the failure is TEMPORARY if any address lookup
 * failed temporarily (SERVFAIL, REFUSED, timeout, …), since a retry may succeed, and PERMANENT if every lookup
 * answered NXDOMAIN or NODATA. The implicit MX is never used when MX records exist.
 */
public final class MxPolicy {

    /** Most CNAME records followed in one lookup (RFC 1034 §3.6.2 asks resolvers to limit chains). */
    public static final int MAX_CNAME_HOPS = ZoneResolver.MAX_CNAME_HOPS;

    /** The failure text for a relay that finds itself as the best MX (RFC 5321 §5.1). */
    public static final String SELF_BEST_MX = "I am the best MX for this domain, yet no local delivery is configured";

    private final Resolver resolver;
    private final RandomGenerator random;

    public MxPolicy(Resolver resolver, RandomGenerator random) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Resolves the mail exchangers of {@code domain} as a sending MTA does (RFC 5321 §5.1). */
    public MxResolution resolve(String domain) {
        return resolve(domain, Set.of());
    }

    /**
     * Resolves as a relay whose own host names are {@code selfHostNames}: if one is an MX target, it and every MX
     * of the same or worse preference are dropped (RFC 5321 §5.1). Names compare case-insensitively, trailing dot
     * ignored.
     */
    public MxResolution resolve(String domain, Set<String> selfHostNames) {
        return new Run(domain, selfHostNames == null ? Set.of() : selfHostNames).resolve();
    }

    private enum Status { FOUND, NODATA, NXDOMAIN, TEMPFAIL }

    /** The result of one lookup including the CNAME chain it followed. */
    private record Lookup(Name canonical, List<Record> records, List<CNAMERecord> aliases, Status status,
            String detail) {}

    /** Addresses of one host, both families. */
    private record HostAddresses(Name host, List<String> addresses, List<CNAMERecord> aliases, Lookup a,
            Lookup aaaa) {
        boolean anyTemporary() {
            return a.status == Status.TEMPFAIL || aaaa.status == Status.TEMPFAIL;
        }
    }

    /** One resolution: collects the exchanges and notes. */
    private final class Run {
        private final String domainText;
        private final Set<String> self;
        private final List<DnsExchange> exchanges = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Run(String domainText, Set<String> selfHostNames) {
            this.domainText = domainText;
            Set<String> normalized = new HashSet<>();
            for (String s : selfHostNames) {
                normalized.add(normalize(s));
            }
            this.self = normalized;
        }

        MxResolution resolve() {
            String text = domainText.trim();
            if (text.startsWith("[")) {
                return addressLiteral(text);
            }
            Name domain;
            try {
                domain = Name.fromString(domainText.trim(), Name.root);
            } catch (TextParseException | RuntimeException e) {
                return failure(MxResolution.FailureKind.PERMANENT,
                        "\"" + domainText + "\" is not a valid domain name: " + e.getMessage());
            }
            notes.add("Looking up the MX records of " + domain + " (RFC 5321 §5.1).");
            Lookup mx = lookup(domain, Type.MX);
            noteAliases(mx, "the domain");
            switch (mx.status) {
                case TEMPFAIL:
                    return failure(MxResolution.FailureKind.TEMPORARY, "MX lookup for " + domain + " failed ("
                            + mx.detail + "); this is temporary: keep the message queued and retry (RFC 5321 §5.1)");
                case NXDOMAIN:
                    return failure(MxResolution.FailureKind.PERMANENT, mx.canonical.equals(domain)
                            ? "NXDOMAIN: " + domain + " does not exist (RFC 5321 §5.1)"
                            : "NXDOMAIN: " + domain + " is an alias for " + mx.canonical
                                    + ", which does not exist (RFC 5321 §5.1)");
                case NODATA:
                    return implicitMx(mx.canonical);
                case FOUND:
                default:
                    return fromMxRecords(mx);
            }
        }

        private MxResolution fromMxRecords(Lookup mx) {
            List<MXRecord> real = new ArrayList<>();
            List<MXRecord> nulls = new ArrayList<>();
            for (Record r : mx.records) {
                MXRecord m = (MXRecord) r;
                (m.getTarget().equals(Name.root) ? nulls : real).add(m);
            }
            if (real.isEmpty()) {
                notes.add(mx.canonical + " publishes a null MX (MX 0 .): it accepts no mail, so the sender fails "
                        + "at once with 556 5.1.10 instead of queueing (RFC 7505 §3, §4).");
                if (nulls.size() > 1 || nulls.get(0).getPriority() != 0) {
                    notes.add("The null MX should be a single record with preference 0 (RFC 7505 §3); this one is "
                            + "irregular but still means \"no mail\".");
                }
                return new MxResolution.NullMx(domainText, exchanges, notes);
            }
            if (!nulls.isEmpty()) {
                notes.add(mx.canonical + " publishes a null MX (\".\") next to real MX records, which RFC 7505 §3 "
                        + "forbids; the \".\" record is ignored.");
            }

            List<MXRecord> ordered = order(real);
            List<String> summary = new ArrayList<>();
            for (MXRecord m : ordered) {
                summary.add(m.getPriority() + " " + m.getTarget().toString(true));
            }
            notes.add("MX records in the order they will be tried, lowest preference first (RFC 5321 §5.1): "
                    + String.join(", ", summary) + ".");

            ordered = removeSelf(ordered);
            if (ordered.isEmpty()) {
                return failure(MxResolution.FailureKind.PERMANENT, SELF_BEST_MX
                        + " (RFC 5321 §5.1: a relay that is the best MX must deliver locally; this is a "
                        + "configuration error)");
            }

            List<MxTarget> targets = new ArrayList<>();
            boolean anyTemporary = false;
            for (MXRecord m : ordered) {
                HostAddresses h = addresses(m.getTarget());
                String host = m.getTarget().toString(true);
                boolean alias = !h.aliases.isEmpty();
                if (alias) {
                    notes.add("MX target " + host + " is an alias (CNAME) for " + h.aliases.get(h.aliases.size() - 1)
                            .getTarget().toString(true) + "; an MX must name a host with address records, not an "
                            + "alias (RFC 5321 §5.1, RFC 2181 §10.3). Its addresses are used anyway, with a warning.");
                }
                if (h.addresses.isEmpty()) {
                    anyTemporary |= h.anyTemporary();
                    notes.add("MX target " + host + " (preference " + m.getPriority() + ") has no address: A "
                            + statusText(h.a) + ", AAAA " + statusText(h.aaaa) + "; it is skipped"
                            + (h.anyTemporary() ? " for now" : "") + ".");
                    continue;
                }
                if (h.anyTemporary()) {
                    notes.add("MX target " + host + ": one address lookup failed temporarily (A " + statusText(h.a)
                            + ", AAAA " + statusText(h.aaaa) + "); the addresses found are used.");
                }
                targets.add(new MxTarget(host, m.getPriority(), h.addresses, false, alias));
            }
            if (targets.isEmpty()) {
                if (anyTemporary) {
                    return failure(MxResolution.FailureKind.TEMPORARY, "no MX target of " + mx.canonical
                            + " could be resolved to an address now (a lookup failed temporarily); keep the message "
                            + "queued and retry (RFC 5321 §5.1)");
                }
                return failure(MxResolution.FailureKind.PERMANENT, "none of the MX targets of " + mx.canonical
                        + " has an address record; the implicit MX is not used when MX records exist "
                        + "(RFC 5321 §5.1)");
            }
            return new MxResolution.Targets(domainText, mx.canonical.toString(true), targets, exchanges, notes);
        }

        /** Sorts by preference; ties are put in name order, then shuffled with the injected generator. */
        private List<MXRecord> order(List<MXRecord> mxs) {
            Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
            for (MXRecord m : mxs) {
                byPreference.computeIfAbsent(m.getPriority(), p -> new ArrayList<>()).add(m);
            }
            List<MXRecord> out = new ArrayList<>();
            for (Map.Entry<Integer, List<MXRecord>> e : byPreference.entrySet()) {
                List<MXRecord> group = e.getValue();
                if (group.size() > 1) {
                    // Name order first, so the result depends only on the seed, not on the server's RRset order.
                    group.sort((x, y) -> x.getTarget().compareTo(y.getTarget()));
                    for (int i = group.size() - 1; i > 0; i--) { // Fisher-Yates
                        int j = random.nextInt(i + 1);
                        MXRecord t = group.get(i);
                        group.set(i, group.get(j));
                        group.set(j, t);
                    }
                    List<String> names = new ArrayList<>();
                    for (MXRecord m : group) {
                        names.add(m.getTarget().toString(true));
                    }
                    notes.add(countWord(group.size()) + " MX records share preference " + e.getKey()
                            + "; their order was randomised to spread the load (RFC 5321 §5.1): "
                            + String.join(", ", names) + ".");
                }
                out.addAll(group);
            }
            return out;
        }

        private List<MXRecord> removeSelf(List<MXRecord> ordered) {
            if (self.isEmpty()) {
                return ordered;
            }
            MXRecord me = null;
            for (MXRecord m : ordered) {
                if (self.contains(normalize(m.getTarget().toString())) && (me == null
                        || m.getPriority() < me.getPriority())) {
                    me = m;
                }
            }
            if (me == null) {
                return ordered;
            }
            List<MXRecord> kept = new ArrayList<>();
            for (MXRecord m : ordered) {
                if (m.getPriority() < me.getPriority()) {
                    kept.add(m);
                }
            }
            notes.add("This relay is " + me.getTarget().toString(true) + " (preference " + me.getPriority()
                    + "): it drops itself and every MX with preference " + me.getPriority()
                    + " or higher, so mail only moves towards better MX hosts (RFC 5321 §5.1). "
                    + (kept.size()) + " MX record(s) remain.");
            return kept;
        }

        private MxResolution implicitMx(Name canonical) {
            notes.add(canonical + " has no MX records (NODATA): using the implicit MX, the domain's own A/AAAA "
                    + "records with preference 0 (RFC 5321 §5.1).");
            HostAddresses h = addresses(canonical);
            String host = canonical.toString(true);
            if (h.addresses.isEmpty()) {
                if (h.anyTemporary()) {
                    return failure(MxResolution.FailureKind.TEMPORARY, "no MX records, and the address lookup for "
                            + host + " failed temporarily (A " + statusText(h.a) + ", AAAA " + statusText(h.aaaa)
                            + "); keep the message queued and retry (RFC 5321 §5.1)");
                }
                return failure(MxResolution.FailureKind.PERMANENT, "no MX and no address records for " + host
                        + " (A " + statusText(h.a) + ", AAAA " + statusText(h.aaaa) + "), so it cannot receive mail "
                        + "(RFC 5321 §5.1)");
            }
            if (self.contains(normalize(host))) {
                notes.add("This relay is the implicit MX " + host + " itself (RFC 5321 §5.1).");
                return failure(MxResolution.FailureKind.PERMANENT, SELF_BEST_MX
                        + " (RFC 5321 §5.1: a relay that is the best MX must deliver locally; this is a "
                        + "configuration error)");
            }
            if (h.anyTemporary()) {
                notes.add("One address lookup for " + host + " failed temporarily (A " + statusText(h.a)
                        + ", AAAA " + statusText(h.aaaa) + "); the addresses found are used.");
            }
            return new MxResolution.Targets(domainText, host,
                    List.of(new MxTarget(host, 0, h.addresses, true, !h.aliases.isEmpty())), exchanges, notes);
        }

        /** A then AAAA for one host; IPv4 first, then IPv6 (RFC 5321 §5.2). */
        private HostAddresses addresses(Name host) {
            Lookup a = lookup(host, Type.A);
            Lookup aaaa = lookup(host, Type.AAAA);
            List<String> addresses = new ArrayList<>();
            for (Record r : a.records) {
                addresses.add(r.rdataToString()); // the dotted quad, as DnsText.address gives it
            }
            for (Record r : aaaa.records) {
                addresses.add(DnsText.address(((AAAARecord) r).getAddress()));
            }
            List<CNAMERecord> aliases = !a.aliases.isEmpty() ? a.aliases : aaaa.aliases;
            return new HostAddresses(host, addresses, aliases, a, aaaa);
        }

        /** Queries (name, type), following CNAMEs in the answer and re-asking for a target left unresolved. */
        private Lookup lookup(Name name, int type) {
            Name current = name;
            List<CNAMERecord> aliases = new ArrayList<>();
            Set<Name> seen = new HashSet<>();
            seen.add(name);
            while (true) {
                DnsExchange ex = exchange(current, type);
                if (ex.failed()) {
                    return new Lookup(current, List.of(), aliases, Status.TEMPFAIL, ex.error());
                }
                List<Record> answers = ex.answers();
                Name owner = current;
                CNAMERecord next;
                while ((next = cnameAt(answers, owner)) != null) {
                    aliases.add(next);
                    owner = next.getTarget();
                    if (!seen.add(owner)) {
                        return new Lookup(owner, List.of(), aliases, Status.TEMPFAIL, "CNAME loop at " + owner);
                    }
                    if (aliases.size() > MAX_CNAME_HOPS) {
                        return new Lookup(owner, List.of(), aliases, Status.TEMPFAIL,
                                "CNAME chain longer than " + MAX_CNAME_HOPS);
                    }
                }
                int rcode = ex.rcode();
                if (rcode == Rcode.NXDOMAIN) {
                    return new Lookup(owner, List.of(), aliases, Status.NXDOMAIN, "NXDOMAIN");
                }
                if (rcode != Rcode.NOERROR) {
                    return new Lookup(owner, List.of(), aliases, Status.TEMPFAIL, Rcode.string(rcode));
                }
                List<Record> data = new ArrayList<>();
                for (Record r : answers) {
                    if (r.getType() == type && r.getName().equals(owner)) {
                        data.add(r);
                    }
                }
                if (!data.isEmpty()) {
                    return new Lookup(owner, data, aliases, Status.FOUND, null);
                }
                if (!owner.equals(current) && !hasSoa(ex.response())) {
                    // The resolver stopped at the alias without a negative answer for the target: ask for it.
                    current = owner;
                    continue;
                }
                return new Lookup(owner, List.of(), aliases, Status.NODATA, "NODATA");
            }
        }

        private DnsExchange exchange(Name name, int type) {
            Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            query.getHeader().setID(random.nextInt(65536));
            DnsExchange ex;
            try {
                Message response = resolver.send(query);
                ex = response == null
                        ? new DnsExchange(name.toString(), type, query, null, "no response")
                        : new DnsExchange(name.toString(), type, query, response, null);
            } catch (IOException | RuntimeException e) {
                ex = DnsExchange.failed(name.toString(), type, query, e);
            }
            exchanges.add(ex);
            return ex;
        }

        private void noteAliases(Lookup l, String what) {
            for (CNAMERecord c : l.aliases) {
                notes.add(c.getName() + " is an alias (CNAME) for " + c.getTarget() + "; " + what
                        + " lookup follows it (RFC 5321 §5.1).");
            }
        }

        /**
         * RFC 5321 §5.1: a domain that is an address literal ({@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}) is
         * not looked up; the mail goes straight to that address.
         */
        private MxResolution addressLiteral(String literal) {
            if (!literal.endsWith("]") || !org.mailtrail.smtp.Addresses.isValidDomain(literal)) {
                return failure(MxResolution.FailureKind.PERMANENT, "\"" + literal + "\" is not a valid address literal");
            }
            String inner = literal.substring(1, literal.length() - 1);
            String address = inner.regionMatches(true, 0, "IPv6:", 0, 5) ? inner.substring(5) : inner;
            notes.add(literal + " is an address literal: no DNS lookup, the mail goes straight to " + address
                    + " (RFC 5321 §5.1).");
            return new MxResolution.Targets(literal, literal, List.of(new MxTarget(literal, 0, List.of(address), false,
                    false)), exchanges, notes);
        }

        private MxResolution.Failure failure(MxResolution.FailureKind kind, String reason) {
            notes.add((kind == MxResolution.FailureKind.PERMANENT ? "Permanent failure: " : "Temporary failure: ")
                    + reason + ".");
            return new MxResolution.Failure(domainText, kind, reason, exchanges, notes);
        }
    }

    private static CNAMERecord cnameAt(List<Record> answers, Name owner) {
        for (Record r : answers) {
            if (r instanceof CNAMERecord && r.getName().equals(owner)) {
                return (CNAMERecord) r;
            }
        }
        return null;
    }

    private static boolean hasSoa(Message response) {
        for (Record r : response.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.SOA) {
                return true;
            }
        }
        return false;
    }

    private static String statusText(Lookup l) {
        switch (l.status) {
            case FOUND:
                return "found";
            case NODATA:
                return "NODATA";
            case NXDOMAIN:
                return "NXDOMAIN";
            default:
                return l.detail;
        }
    }

    private static String countWord(int n) {
        switch (n) {
            case 2:
                return "Two";
            case 3:
                return "Three";
            case 4:
                return "Four";
            default:
                return String.valueOf(n);
        }
    }

    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}

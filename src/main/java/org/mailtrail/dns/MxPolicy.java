package org.mailtrail.dns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.mailtrail.dns.MxLookups.HostAddresses;
import org.mailtrail.dns.MxLookups.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
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
 *
 * <p>The queries (CNAMEs followed, every exchange kept) are {@code MxLookups}, the order of the hosts (ties shuffled,
 * a relay's own MX dropped) is {@code MxOrder}, and the text of the notes is {@code MxNotes}.
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

    /** One resolution: collects the exchanges and notes. */
    private final class Run {
        private final String domainText;
        private final Set<String> self;
        private final MxLookups lookups = new MxLookups(resolver, random);
        private final List<DnsExchange> exchanges = lookups.exchanges();
        private final List<String> notes = new ArrayList<>();

        Run(String domainText, Set<String> selfHostNames) {
            this.domainText = domainText;
            Set<String> normalized = new HashSet<>();
            for (String s : selfHostNames) {
                normalized.add(MxOrder.normalize(s));
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
            notes.add(MxNotes.lookingUp(domain));
            Lookup mx = lookups.lookup(domain, Type.MX);
            MxNotes.aliases(mx, "the domain", notes);
            switch (mx.status()) {
                case TEMPFAIL:
                    return failure(MxResolution.FailureKind.TEMPORARY, "MX lookup for " + domain + " failed ("
                            + mx.detail() + "); this is temporary: keep the message queued and retry (RFC 5321 §5.1)");
                case NXDOMAIN:
                    return failure(MxResolution.FailureKind.PERMANENT, mx.canonical().equals(domain)
                            // no RFC here: the reason is repeated in the step, its notes and the bounce, and the
                            // step cites RFC 5321 §5.1 itself (a tester counted it three times)
                            ? "NXDOMAIN: " + domain + " does not exist"
                            : "NXDOMAIN: " + domain + " is an alias for " + mx.canonical() + ", which does not exist");
                case NODATA:
                    return implicitMx(mx.canonical());
                case FOUND:
                default:
                    return fromMxRecords(mx);
            }
        }

        private MxResolution fromMxRecords(Lookup mx) {
            List<MXRecord> real = new ArrayList<>();
            List<MXRecord> nulls = new ArrayList<>();
            for (Record r : mx.records()) {
                MXRecord m = (MXRecord) r;
                (m.getTarget().equals(Name.root) ? nulls : real).add(m);
            }
            if (real.isEmpty()) {
                notes.add(MxNotes.nullMx(mx.canonical()));
                if (nulls.size() > 1 || nulls.get(0).getPriority() != 0) {
                    notes.add(MxNotes.irregularNullMx());
                }
                return new MxResolution.NullMx(domainText, exchanges, notes);
            }
            if (!nulls.isEmpty()) {
                notes.add(MxNotes.nullMxIgnored(mx.canonical()));
            }

            List<MXRecord> ordered = MxOrder.order(real, random, notes);
            notes.add(MxNotes.tryOrder(ordered));

            ordered = MxOrder.removeSelf(ordered, self, notes);
            if (ordered.isEmpty()) {
                return failure(MxResolution.FailureKind.PERMANENT, SELF_BEST_MX
                        + " (RFC 5321 §5.1: a relay that is the best MX must deliver locally; this is a "
                        + "configuration error)");
            }

            List<MxTarget> targets = new ArrayList<>();
            boolean anyTemporary = false;
            for (MXRecord m : ordered) {
                HostAddresses h = lookups.addresses(m.getTarget());
                String host = m.getTarget().toString(true);
                boolean alias = !h.aliases().isEmpty();
                if (alias) {
                    notes.add(MxNotes.aliasTarget(host, h));
                }
                if (h.addresses().isEmpty()) {
                    anyTemporary |= h.anyTemporary();
                    notes.add(MxNotes.noAddress(host, m.getPriority(), h));
                    continue;
                }
                if (h.anyTemporary()) {
                    notes.add(MxNotes.targetPartlyTemporary(host, h));
                }
                targets.add(new MxTarget(host, m.getPriority(), h.addresses(), false, alias));
            }
            if (targets.isEmpty()) {
                if (anyTemporary) {
                    return failure(MxResolution.FailureKind.TEMPORARY, "no MX target of " + mx.canonical()
                            + " could be resolved to an address now (a lookup failed temporarily); keep the message "
                            + "queued and retry (RFC 5321 §5.1)");
                }
                return failure(MxResolution.FailureKind.PERMANENT, "none of the MX targets of " + mx.canonical()
                        + " has an address record; the implicit MX is not used when MX records exist "
                        + "(RFC 5321 §5.1)");
            }
            return new MxResolution.Targets(domainText, mx.canonical().toString(true), targets, exchanges, notes);
        }

        private MxResolution implicitMx(Name canonical) {
            notes.add(MxNotes.implicitMx(canonical));
            HostAddresses h = lookups.addresses(canonical);
            String host = canonical.toString(true);
            if (h.addresses().isEmpty()) {
                if (h.anyTemporary()) {
                    return failure(MxResolution.FailureKind.TEMPORARY, "no MX records, and the address lookup for "
                            + host + " failed temporarily (A " + MxNotes.status(h.a()) + ", AAAA "
                            + MxNotes.status(h.aaaa()) + "); keep the message queued and retry (RFC 5321 §5.1)");
                }
                return failure(MxResolution.FailureKind.PERMANENT, "no MX and no address records for " + host
                        + " (A " + MxNotes.status(h.a()) + ", AAAA " + MxNotes.status(h.aaaa())
                        + "), so it cannot receive mail (RFC 5321 §5.1)");
            }
            if (self.contains(MxOrder.normalize(host))) {
                notes.add(MxNotes.selfImplicit(host));
                return failure(MxResolution.FailureKind.PERMANENT, SELF_BEST_MX
                        + " (RFC 5321 §5.1: a relay that is the best MX must deliver locally; this is a "
                        + "configuration error)");
            }
            if (h.anyTemporary()) {
                notes.add(MxNotes.implicitPartlyTemporary(host, h));
            }
            return new MxResolution.Targets(domainText, host,
                    List.of(new MxTarget(host, 0, h.addresses(), true, !h.aliases().isEmpty())), exchanges, notes);
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
            notes.add(MxNotes.addressLiteral(literal, address));
            return new MxResolution.Targets(literal, literal, List.of(new MxTarget(literal, 0, List.of(address), false,
                    false)), exchanges, notes);
        }

        private MxResolution.Failure failure(MxResolution.FailureKind kind, String reason) {
            notes.add(MxNotes.failure(kind, reason));
            return new MxResolution.Failure(domainText, kind, reason, exchanges, notes);
        }
    }
}

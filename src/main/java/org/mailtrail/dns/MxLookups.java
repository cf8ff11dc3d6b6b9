package org.mailtrail.dns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The DNS queries of one {@link MxPolicy} resolution, CNAMEs followed (RFC 1034 §3.6.2), every exchange kept. */
final class MxLookups {

    /** How a lookup ended. */
    enum Status { FOUND, NODATA, NXDOMAIN, TEMPFAIL }

    /** The result of one lookup including the CNAME chain it followed. */
    record Lookup(Name canonical, List<Record> records, List<CNAMERecord> aliases, Status status, String detail) {
    }

    /** Addresses of one host, both families. */
    record HostAddresses(Name host, List<String> addresses, List<CNAMERecord> aliases, Lookup a, Lookup aaaa) {

        /** True if the A or the AAAA lookup failed temporarily. */
        boolean anyTemporary() {
            return a.status == Status.TEMPFAIL || aaaa.status == Status.TEMPFAIL;
        }
    }

    private final Resolver resolver;
    private final RandomGenerator random;
    private final List<DnsExchange> exchanges = new ArrayList<>();

    /** Lookups through {@code resolver}; message ids come from {@code random}. */
    MxLookups(Resolver resolver, RandomGenerator random) {
        this.resolver = resolver;
        this.random = random;
    }

    /** Every query sent and its answer, in order (the list itself, still growing). */
    List<DnsExchange> exchanges() {
        return exchanges;
    }

    /** A then AAAA for one host; IPv4 first, then IPv6 (RFC 5321 §5.2). */
    HostAddresses addresses(Name host) {
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
    Lookup lookup(Name name, int type) {
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
                if (aliases.size() > MxPolicy.MAX_CNAME_HOPS) {
                    return new Lookup(owner, List.of(), aliases, Status.TEMPFAIL,
                            "CNAME chain longer than " + MxPolicy.MAX_CNAME_HOPS);
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
}

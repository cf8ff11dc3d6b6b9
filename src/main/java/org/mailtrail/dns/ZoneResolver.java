package org.mailtrail.dns;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SetResponse;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * A {@link Resolver} that answers from {@link WorldZones} the way a recursive resolver would (RFC 1034 §4.3.2,
 * RFC 2308 for NXDOMAIN/NODATA, RFC 6604 for rcodes after a CNAME chain), with injectable faults.
 */
public final class ZoneResolver implements Resolver {

    /** Faults a simulated resolver can be told to produce for a name and everything below it. */
    public enum Fault {
        /** Answer with rcode SERVFAIL (2): a temporary failure. */
        SERVFAIL,
        /** Throw {@link SocketTimeoutException}, as a real resolver does when no answer arrives. */
        TIMEOUT,
        /** Answer with rcode REFUSED (5). */
        REFUSED
    }

    /** Longest CNAME chain followed before answering SERVFAIL (the MX policy uses the same limit). */
    public static final int MAX_CNAME_HOPS = 8;

    private static final int TIMEOUT_MARKER = -1;

    private final WorldZones world;
    /** name → rcode to answer with, or TIMEOUT_MARKER. */
    private final Map<Name, Integer> faults = new ConcurrentHashMap<>();
    private final AtomicInteger queriesAnswered = new AtomicInteger();
    private Duration timeout = Duration.ofSeconds(5);

    public ZoneResolver(WorldZones world) {
        this.world = world;
    }

    /** Makes every query for {@code domainName} or a name below it answer with {@code rcode}; returns this. */
    public ZoneResolver failing(String domainName, int rcode) {
        Rcode.string(rcode); // rejects values outside 0..4095
        faults.put(parse(domainName), rcode);
        return this;
    }

    /** Makes every query for {@code domainName} or a name below it time out; returns this. */
    public ZoneResolver timingOut(String domainName) {
        setFault(parse(domainName), Fault.TIMEOUT);
        return this;
    }

    /** Injects a fault for {@code name} and every name below it (a broken authoritative server). */
    public void setFault(Name name, Fault fault) {
        int code;
        switch (fault) {
            case SERVFAIL:
                code = Rcode.SERVFAIL;
                break;
            case REFUSED:
                code = Rcode.REFUSED;
                break;
            case TIMEOUT:
                code = TIMEOUT_MARKER;
                break;
            default:
                throw new IllegalArgumentException(String.valueOf(fault));
        }
        faults.put(name, code);
    }

    /** Removes a fault set on exactly {@code name}. */
    public void clearFault(Name name) {
        faults.remove(name);
    }

    /** Number of queries handled so far, including those answered with a fault or a timeout. */
    public int queriesAnswered() {
        return queriesAnswered.get();
    }

    /** The zones this resolver answers from. */
    public WorldZones world() {
        return world;
    }

    @Override
    public Message send(Message query) throws IOException {
        queriesAnswered.incrementAndGet();
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        Integer fault = faultFor(question.getName());
        if (fault != null) {
            if (fault == TIMEOUT_MARKER) {
                throw new SocketTimeoutException("Query timed out (simulated) for " + question.getName());
            }
            response.getHeader().setRcode(fault);
            return response;
        }
        if (question.getDClass() != DClass.IN) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        answer(question.getName(), question.getType(), response);
        return response;
    }

    private void answer(Name qname, int qtype, Message response) throws IOException {
        Name name = qname;
        Set<Name> visited = new HashSet<>();
        for (int hop = 0; ; hop++) {
            if (!visited.add(name) || hop > MAX_CNAME_HOPS) {
                response.getHeader().setRcode(Rcode.SERVFAIL); // CNAME loop or chain too long
                response.getHeader().unsetFlag(Flags.AA);
                return;
            }
            if (hop > 0) {
                Integer fault = faultFor(name);
                if (fault != null) {
                    if (fault == TIMEOUT_MARKER) {
                        throw new SocketTimeoutException("Query timed out (simulated) for " + name);
                    }
                    response.getHeader().setRcode(fault);
                    return;
                }
            }
            Optional<Zone> zone = world.zoneFor(name);
            if (zone.isEmpty()) {
                response.getHeader().setRcode(Rcode.NXDOMAIN); // no SOA to show: the name is in no zone at all
                return;
            }
            SetResponse sr = zone.get().findRecords(name, qtype);
            if (sr.isSuccessful()) {
                for (RRset set : sr.answers()) {
                    addRRset(response, set, Section.ANSWER);
                }
                response.getHeader().setFlag(Flags.AA);
                return;
            } else if (sr.isCNAME()) {
                CNAMERecord cname = sr.getCNAME();
                response.addRecord(cname, Section.ANSWER);
                name = cname.getTarget();
            } else if (sr.isDNAME()) {
                DNAMERecord dname = sr.getDNAME();
                response.addRecord(dname, Section.ANSWER);
                Name target;
                try {
                    target = name.fromDNAME(dname);
                } catch (NameTooLongException e) {
                    response.getHeader().setRcode(Rcode.YXDOMAIN);
                    return;
                }
                response.addRecord(new CNAMERecord(name, DClass.IN, dname.getTTL(), target), Section.ANSWER);
                name = target;
            } else if (sr.isNXDOMAIN() || sr.isNXRRSET()) {
                response.getHeader().setRcode(sr.isNXDOMAIN() ? Rcode.NXDOMAIN : Rcode.NOERROR);
                addRRset(response, zone.get().findExactMatch(zone.get().getOrigin(), Type.SOA),
                        Section.AUTHORITY);
                response.getHeader().setFlag(Flags.AA);
                return;
            } else {
                // A delegation to a child zone the world does not contain: a recursive resolver
                // would find no working server for it (lame delegation).
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return;
            }
        }
    }

    private static void addRRset(Message response, RRset set, int section) {
        if (set == null) {
            return;
        }
        for (Record r : set.rrs(false)) { // false: keep zone-file order, no round-robin rotation
            response.addRecord(r, section);
        }
    }

    private Integer faultFor(Name name) {
        Integer best = null;
        int bestLabels = -1;
        for (Map.Entry<Name, Integer> e : faults.entrySet()) {
            if (name.subdomain(e.getKey()) && e.getKey().labels() > bestLabels) {
                best = e.getValue();
                bestLabels = e.getKey().labels();
            }
        }
        return best;
    }

    private static Name parse(String domainName) {
        try {
            return Name.fromString(domainName, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + domainName, e);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query) {
        try {
            return CompletableFuture.completedFuture(send(query));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        return sendAsync(query);
    }

    @Override
    public void setPort(int port) {
        // no network: nothing to do
    }

    @Override
    public void setTCP(boolean flag) {
        // no network: nothing to do
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
        // answers are never truncated
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
        // EDNS is not simulated
    }

    @Override
    public void setTSIGKey(TSIG key) {
        // TSIG is not simulated
    }

    @Override
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Duration getTimeout() {
        return timeout;
    }
}

package org.mailtrail.dns;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * One DNS query and its answer (RFC 1035 §4.1), or the error that replaced the answer.
 *
 * @param qname    the queried name, absolute, with its trailing dot ("example.net.")
 * @param qtype    the queried type ({@link org.xbill.DNS.Type} constant)
 * @param query    the query message as sent
 * @param response the response, null when the query failed
 * @param error    what went wrong ("timeout", …), null when a response arrived
 */
public record DnsExchange(String qname, int qtype, Message query, Message response, String error) {

    /** The error text used when the resolver timed out. */
    public static final String TIMEOUT = "timeout";

    /** Builds the exchange for a failed query, naming a timeout "timeout". */
    public static DnsExchange failed(String qname, int qtype, Message query, Exception e) {
        return new DnsExchange(qname, qtype, query, null, reason(e));
    }

    /**
     * Why a query failed, in words: "timeout", or what the network said (a closed port, a refused or cut
     * connection), never a Java exception's name.
     */
    static String reason(Exception e) {
        if (e instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof java.net.PortUnreachableException) {
            return "no DNS server listens at that address and port";
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused: no DNS server listens there";
        }
        if (e instanceof java.net.NoRouteToHostException) {
            return "no route to the DNS server";
        }
        if (e instanceof java.io.EOFException) {
            return "the DNS server closed the connection before its answer was complete";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "network error" : m;
    }

    /** The question as dig prints it: "example.net. IN MX". */
    public String questionText() {
        return qname + " IN " + DnsText.typeName(qtype);
    }

    /** The response code, or -1 when no response arrived. */
    public int rcode() {
        return response == null ? -1 : response.getRcode();
    }

    /** True when no response arrived (timeout or other I/O error). */
    public boolean failed() {
        return response == null;
    }

    /** The answer section (empty when no response). */
    public List<Record> answers() {
        return response == null ? List.of() : response.getSection(Section.ANSWER);
    }

    /**
     * Short answer text: "MX 10 mx1.example.net., MX 20 mx2.example.net.", "NXDOMAIN", "NODATA",
     * "SERVFAIL", "timeout". A CNAME chain shows as "CNAME mail.example.net., A 192.0.2.10".
     */
    public String answerSummary() {
        if (response == null) {
            return error == null ? "no response" : error;
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR) {
            return Rcode.string(rcode);
        }
        List<Record> answers = answers();
        if (answers.isEmpty()) {
            return "NODATA";
        }
        List<String> parts = new ArrayList<>();
        for (Record r : answers) {
            parts.add(DnsText.rdata(r));
        }
        return String.join(", ", parts);
    }

    /** The explanation key of the query: {@code dns.query.mx}, {@code dns.query.a}, … */
    public String queryKey() {
        return "dns.query." + DnsText.typeName(qtype).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The explanation key of the answer: by type, or NXDOMAIN, NODATA, SERVFAIL (any other error) or timeout; a null MX
     * ({@code MX 0 .}, RFC 7505: the domain accepts no mail) has its own, {@code dns.answer.mx.null}.
     */
    public String answerKey() {
        if (response == null) {
            return "dns.answer.timeout";
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return "dns.answer.nxdomain";
        }
        if (rcode != Rcode.NOERROR) {
            return "dns.answer.servfail";
        }
        if (response.getSection(Section.ANSWER).isEmpty()) {
            return "dns.answer.nodata";
        }
        if (qtype == org.xbill.DNS.Type.MX && answers().stream().allMatch(r -> r instanceof org.xbill.DNS.MXRecord m
                && m.getTarget().equals(org.xbill.DNS.Name.root))) {
            return "dns.answer.mx.null";
        }
        return "dns.answer." + DnsText.typeName(qtype).toLowerCase(java.util.Locale.ROOT);
    }
}

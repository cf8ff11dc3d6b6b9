package org.mailtrail.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Options;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TTL;
import org.xbill.DNS.Type;

/** Text renderings of DNS messages and records for the explanation pane (RFC 1035 §3 presentation format). */
public final class DnsText {

    private DnsText() {
    }

    /**
     * A dig-like rendering of a message (dnsjava's own format, without the meaningless size line).
     *
     * <p>For a message without OPT and TSIG records this writes, into one buffer, the same text as
     * {@link Message#toString()} (header, then each section under its title, each record as
     * {@link Record#toString()} lays it out) and leaves out the size line, which {@code toString()} computes
     * by encoding the whole message once more. {@code DnsTextTest} checks it against {@code toString()}.
     */
    public static String digStyle(Message m) {
        if (m == null) {
            return "";
        }
        if (m.getOPT() != null || m.isSigned()) {
            return withoutSizeLine(m.toString());
        }
        StringBuilder out = new StringBuilder(512);
        Header h = m.getHeader();
        header(out, h, m.getRcode());
        out.append('\n');
        boolean update = h.getOpcode() == Opcode.UPDATE;
        // The record layout options are global settings of dnsjava: read them once per message.
        boolean bindTtl = Options.check("BINDTTL");
        boolean noPrintIn = Options.check("noPrintIN");
        for (int i = 0; i < 4; i++) {
            out.append(";; ").append(update ? Section.updString(i) : Section.longString(i)).append(":\n");
            for (Record r : m.getSection(i)) {
                if (i == Section.QUESTION) {
                    out.append(";;\t").append(r.getName()).append(", type = ").append(Type.string(r.getType()))
                            .append(", class = ").append(DClass.string(r.getDClass()));
                } else {
                    record(out, r, bindTtl, noPrintIn);
                }
                out.append('\n');
            }
            out.append('\n');
        }
        // String.trim(): the text starts with ";;", so only the end can carry white space.
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) <= ' ') {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }

    /** {@link Header#toString()}: the opcode/status/id line, then the flags and the section counts. */
    private static void header(StringBuilder out, Header h, int rcode) {
        out.append(";; ->>HEADER<<- opcode: ").append(Opcode.string(h.getOpcode()))
                .append(", status: ").append(Rcode.string(rcode))
                .append(", id: ").append(h.getID()).append('\n');
        out.append(";; flags: ");
        for (int bit = 0; bit < 16; bit++) {
            if (Flags.isFlag(bit) && h.getFlag(bit)) {
                out.append(Flags.string(bit)).append(' ');
            }
        }
        out.append("; ");
        for (int i = 0; i < 4; i++) {
            out.append(Section.string(i)).append(": ").append(h.getCount(i)).append(' ');
        }
    }

    /** {@link Record#toString()}: owner name padded with tabs, TTL, class, type, then the rdata. */
    private static void record(StringBuilder out, Record r, boolean bindTtl, boolean noPrintIn) {
        int start = out.length();
        out.append(r.getName());
        if (out.length() - start < 8) {
            out.append('\t');
        }
        if (out.length() - start < 16) {
            out.append('\t');
        }
        out.append('\t');
        if (bindTtl) {
            out.append(TTL.format(r.getTTL()));
        } else {
            out.append(r.getTTL());
        }
        out.append('\t');
        if (r.getDClass() != DClass.IN || !noPrintIn) {
            out.append(DClass.string(r.getDClass())).append('\t');
        }
        out.append(Type.string(r.getType()));
        String rdata = r.rdataToString();
        if (!rdata.isEmpty()) {
            out.append('\t').append(rdata);
        }
    }

    private static String withoutSizeLine(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith(";; Message size:")) {
                out.append(line).append('\n');
            }
        }
        return out.toString().trim();
    }

    /** The mnemonic of a record type ("MX", "AAAA"), or "TYPEnnn" for unknown ones (RFC 3597 §5). */
    public static String typeName(int qtype) {
        return Type.string(qtype);
    }

    /** "TYPE rdata" of one record, with IPv6 addresses in RFC 5952 form: "MX 10 mx1.example.net.". */
    public static String rdata(Record r) {
        String data;
        if (r instanceof ARecord) {
            data = r.rdataToString(); // the dotted quad, without building an InetAddress (and the owner name)
        } else if (r instanceof AAAARecord) {
            data = address(((AAAARecord) r).getAddress());
        } else {
            data = r.rdataToString();
        }
        return typeName(r.getType()) + " " + data;
    }

    /** Textual address: dotted quad for IPv4, RFC 5952 compressed lower-case form for IPv6. */
    public static String address(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: compress the longest run (first if tied) of two or more zero groups.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }
}

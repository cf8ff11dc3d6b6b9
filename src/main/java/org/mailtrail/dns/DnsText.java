package org.mailtrail.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Text renderings of DNS messages and records for the explanation pane (RFC 1035 §3 presentation format). */
public final class DnsText {

    private DnsText() {
    }

    /**
     * A dig-like rendering of a message (dnsjava's own format, without the meaningless size line).
     *
     * <p>For a message without OPT and TSIG records this puts together the parts {@link Message#toString()}
     * is made of (header, then each section under its title) and leaves out the size line, which
     * {@code toString()} computes by encoding the whole message once more.
     */
    public static String digStyle(Message m) {
        if (m == null) {
            return "";
        }
        if (m.getOPT() != null || m.isSigned()) {
            return withoutSizeLine(m.toString());
        }
        StringBuilder out = new StringBuilder(512);
        out.append(m.getHeader()).append('\n');
        boolean update = m.getHeader().getOpcode() == Opcode.UPDATE;
        for (int i = 0; i < 4; i++) {
            out.append(";; ").append(update ? Section.updString(i) : Section.longString(i)).append(":\n")
                    .append(m.sectionToString(i)).append('\n');
        }
        return out.toString().trim();
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
            data = address(((ARecord) r).getAddress());
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

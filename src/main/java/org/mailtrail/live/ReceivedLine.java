package org.mailtrail.live;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.smtp.Addresses;

/**
 * The trace fields the receiver prepends to a message it accepts (RFC 5321 §4.4): the {@code Received:} line and
 * the {@code Return-Path:}. Text the client chose (its EHLO name) is made safe for a header field.
 */
final class ReceivedLine {
    private ReceivedLine() {
    }

    /**
     * {@code Received: from HELO (CLIENT)\r\n\tby HOST (Mail Trail) with WITH id ID[\r\n\tfor <RCPT>]; DATE\r\n}:
     * the {@code for} clause only for a single recipient (RFC 5321 §4.4 leaves it optional; naming many would tell
     * each recipient about the others).
     */
    static String received(String heloName, String clientName, String hostname, String with, String queueId,
                           List<String> recipients, Instant when) {
        StringBuilder f = new StringBuilder(200);
        f.append("Received: from ").append(receivedName(heloName)).append(" (").append(clientName).append(")\r\n");
        f.append("\tby ").append(hostname).append(" (Mail Trail) with ").append(with).append(" id ").append(queueId);
        if (recipients.size() == 1) {
            f.append("\r\n\tfor <").append(recipients.get(0)).append('>');
        }
        f.append("; ").append(MessageComposer.rfc5322Date(when)).append("\r\n");
        return f.toString();
    }

    /** {@code Return-Path: <reverse-path>\r\n} (RFC 5321 §4.4, added by the final delivery). */
    static String returnPath(String reversePath) {
        return "Return-Path: <" + reversePath + ">\r\n";
    }

    /** The protocol of the {@code with} clause: ESMTP or SMTP, with an S under TLS (ESMTPS: RFC 3848 §2). */
    static String with(boolean esmtp, boolean tls) {
        return (esmtp ? "ESMTP" : "SMTP") + (tls ? "S" : "");
    }

    /** The client as in a Received: line: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
    static String addressLiteral(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) {
            host = host.substring(0, pct);
        }
        return a.getAddress() instanceof Inet6Address ? "[IPv6:" + host + "]" : "[" + host + "]";
    }

    /** The EHLO name for a Received: line: as given if it is a domain or literal, otherwise with odd characters '?'. */
    static String receivedName(String helo) {
        if (helo == null || helo.isEmpty()) {
            return "unknown";
        }
        if (Addresses.isValidDomain(helo)) {
            return helo;
        }
        StringBuilder b = new StringBuilder(helo.length());
        for (int i = 0; i < helo.length(); i++) {
            char c = helo.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != ';' && c != '\\' ? c : '?');
        }
        return b.toString();
    }
}

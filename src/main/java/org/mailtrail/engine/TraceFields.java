package org.mailtrail.engine;

import java.time.Instant;
import java.util.List;
import org.mailtrail.smtp.Addresses;

/**
 * The trace fields a mail host prepends to a message it accepts (RFC 5321 §4.4), written the same way by every host
 * of the simulated world, by the lab's real servers and by {@code serve}: the {@code Received:} line and, on final
 * delivery, the {@code Return-Path:}. Text the client chose (its EHLO name) is made safe for a header field.
 */
public final class TraceFields {
    private TraceFields() {
    }

    /**
     * {@code Received: from HELO (CLIENT)\r\n\tby HOST (SOFTWARE) with WITH id ID[\r\n\tfor <RCPT>]; DATE\r\n}: CLIENT
     * is {@code name [address]} or, without a name, the address literal alone; the {@code for} clause only for a
     * single recipient (RFC 5321 §4.4 leaves it optional; naming many would tell each recipient about the others).
     *
     * @param clientName    the client's name (reverse lookup or the world's name of the host), or null
     * @param clientLiteral the client's address as {@code [192.0.2.1]} or {@code [IPv6:…]}
     */
    public static String received(String heloName, String clientName, String clientLiteral, String hostname,
                                  String software, String with, String queueId, List<String> recipients,
                                  Instant when) {
        StringBuilder f = new StringBuilder(200);
        f.append("Received: from ").append(receivedName(heloName)).append(" (")
                .append(clientName == null ? clientLiteral : clientName + " " + clientLiteral).append(")\r\n");
        f.append("\tby ").append(hostname).append(" (").append(software).append(") with ").append(with)
                .append(" id ").append(queueId);
        if (recipients.size() == 1) {
            f.append("\r\n\tfor <").append(recipients.get(0)).append('>');
        }
        f.append("; ").append(MessageComposer.rfc5322Date(when)).append("\r\n");
        return f.toString();
    }

    /** {@code Return-Path: <reverse-path>\r\n} (RFC 5321 §4.4, added by the final delivery). */
    public static String returnPath(String reversePath) {
        return "Return-Path: <" + reversePath + ">\r\n";
    }

    /** The protocol of the {@code with} clause: ESMTP or SMTP, with an S under TLS (ESMTPS: RFC 3848 §2). */
    public static String with(boolean esmtp, boolean tls) {
        return (esmtp ? "ESMTP" : "SMTP") + (tls ? "S" : "");
    }

    /** The EHLO name for a Received: line: as given if it is a domain or literal, otherwise with odd characters '?'. */
    public static String receivedName(String helo) {
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

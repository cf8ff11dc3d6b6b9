package org.mailtrail.capture;

/**
 * What a TCP connection is, from the first bytes it carries, on any port: an SMTP greeting ({@code 220}, RFC 5321
 * §4.3.1) or EHLO/HELO, a POP3 greeting ({@code +OK}, RFC 1939 §4), an IMAP greeting ({@code * OK} or
 * {@code * PREAUTH}, RFC 3501 §7.1), a TLS record (RFC 8446 §5.1) on a port of implicit TLS for mail (465, 993, 995,
 * RFC 8314 §3.3, and ports ending in them, as test servers use), or DNS over TCP on a DNS port. Anything else is not
 * mail and is ignored.
 */
final class Recognise {
    private Recognise() {
    }

    /** The protocol, whether the bytes came from the client, and whether the connection is encrypted from the start. */
    record Kind(String protocol, boolean fromClient, boolean encrypted) {
    }

    /**
     * The kind of a connection whose first bytes are {@code b}, sent from {@code fromPort} to {@code toPort};
     * {@code senderIsClient} is known when the handshake was captured. Null: not mail.
     */
    static Kind of(byte[] b, Boolean senderIsClient, int fromPort, int toPort) {
        boolean maybeServer = !Boolean.TRUE.equals(senderIsClient);
        boolean maybeClient = !Boolean.FALSE.equals(senderIsClient);
        int serverPort = maybeServer && !maybeClient ? fromPort : maybeClient && !maybeServer ? toPort
                : Math.min(fromPort, toPort);
        if (DnsSteps.isDnsPort(serverPort)) {
            return new Kind("dns", maybeClient && toPort == serverPort, false);
        }
        if (maybeServer && fromPort != 21 && fromPort != 990 && startsWith(b, "220") && b.length > 3
                && (b[3] == ' ' || b[3] == '-' || b[3] == '\r')) {
            return new Kind("smtp", false, false);
        }
        if (maybeServer && startsWith(b, "+OK")) {
            return new Kind("pop3", false, false);
        }
        if (maybeServer && (startsWith(b, "* OK") || startsWith(b, "* PREAUTH"))) {
            return new Kind("imap", false, false);
        }
        if (maybeClient && (startsWith(b, "EHLO ") || startsWith(b, "HELO ") || startsWith(b, "EHLO\r"))) {
            return new Kind("smtp", true, false);
        }
        if (b.length >= 3 && b[0] == 0x16 && b[1] == 3 && b[2] <= 4) { // a TLS handshake record
            int port = maybeClient ? toPort : fromPort;
            String p = implicitTls(port);
            if (p != null) {
                return new Kind(p, maybeClient, true);
            }
        }
        return null;
    }

    /** The protocol spoken over implicit TLS on a port (RFC 8314 §3.3, §7.3), or null. */
    static String implicitTls(int port) {
        switch (port % 1000) {
            case 465:
                return "smtp";
            case 993:
                return "imap";
            case 995:
                return "pop3";
            default:
                return null;
        }
    }

    /** The role of a server in the session's host list. */
    static String role(String protocol, int port) {
        if (!protocol.equals("smtp")) {
            return "mailbox";
        }
        return port == 587 || port == 465 ? "submission" : "mx";
    }

    private static boolean startsWith(byte[] b, String s) {
        if (b.length < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.toUpperCase((char) (b[i] & 0xFF)) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

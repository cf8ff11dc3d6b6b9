package org.mailtrail.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Replies and checks of {@link SmtpServer} that depend only on its settings (package-private helpers, no state). */
final class ServerReplies {
    private ServerReplies() {
    }

    /** The EHLO reply: the hostname and the extensions offered (RFC 5321 §4.1.1.1, RFC 1870, 2920, 3207, 4954, 2034, 6152, 6531). */
    static Reply ehlo(ServerConfig config, boolean tlsActive) {
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname());
        lines.add("PIPELINING");
        if (config.maxMessageSize() > 0) {
            lines.add("SIZE " + config.maxMessageSize());
        }
        if (config.offerStartTls() && !tlsActive) {
            lines.add("STARTTLS");
        }
        String authLine = ServerAuth.ehloLine(config, tlsActive);
        if (authLine != null) {
            lines.add(authLine);
        }
        if (config.enhancedStatusCodes()) {
            lines.add("ENHANCEDSTATUSCODES");
        }
        lines.add("8BITMIME");
        if (config.listSmtpUtf8()) {
            lines.add("SMTPUTF8");
        }
        return new Reply(250, lines);
    }

    /**
     * The refusal of MAIL's ESMTP parameters, or null if they are fine. Only what the EHLO reply advertised, and only
     * after EHLO (555 5.5.4 otherwise, RFC 5321 §4.1.1.11, §4.1.2): {@code SIZE=n} when SIZE is listed, i.e. with a limit
     * (RFC 1870; a number, 501, within the limit, 552, §6), {@code BODY=7BIT} or {@code BODY=8BITMIME} (RFC 6152, any case), {@code SMTPUTF8} without value
     * when listed (RFC 6531 §3.4), {@code AUTH=} when AUTH is listed (RFC 4954 §5).
     */
    static Reply mailParameters(Map<String, String> params, boolean esmtp, ServerConfig config, boolean tlsActive) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            boolean known = key.equals("SIZE") && config.maxMessageSize() > 0 || key.equals("BODY")
                    || key.equals("SMTPUTF8") && config.listSmtpUtf8() && value.isEmpty()
                    || key.equals("AUTH") && ServerAuth.ehloLine(config, tlsActive) != null && !value.isEmpty();
            if (!esmtp || !known) {
                return unsupported(key);
            }
            if (key.equals("BODY") && !value.equalsIgnoreCase("7BIT") && !value.equalsIgnoreCase("8BITMIME")) {
                // e.g. BINARYMIME, which needs CHUNKING and BINARYMIME (RFC 3030)
                return unsupported(isAscii(value) && value.length() <= 40 ? "BODY=" + value : "BODY");
            }
            if (key.equals("SIZE")) {
                long size;
                try {
                    size = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return Reply.of(501, "5.5.4 Bad message size syntax");
                }
                if (config.maxMessageSize() > 0 && size > config.maxMessageSize()) {
                    return Reply.of(552, "5.3.4 Message size exceeds fixed limit");
                }
            }
        }
        return null;
    }

    /**
     * The refusal of RCPT's ESMTP parameters, or null if there are none: this server advertises no extension with RCPT
     * parameters (no DSN, RFC 3461), so any one, e.g. {@code NOTIFY=NEVER}, is 555 5.5.4 (RFC 5321 §4.1.1.11).
     */
    static Reply rcptParameters(Map<String, String> params) {
        return params.isEmpty() ? null : unsupported(params.keySet().iterator().next());
    }

    private static Reply unsupported(String option) {
        return Reply.of(555, "5.5.4 Unsupported option: " + option);
    }

    /** True if every character is printable ASCII without space (an EHLO name goes into Received:, RFC 5321 §4.1.1.1). */
    static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reply with only printable US-ASCII (and tab) in its text, as RFC 5321 §4.2 (textstring) requires without
     * SMTPUTF8: a section sign becomes {@code "section "}, anything else outside that range {@code "?"}. A guard:
     * the server's own texts are ASCII already; this keeps a policy's or a parser's text from putting UTF-8 on the wire.
     */
    static Reply ascii(Reply reply) {
        List<String> lines = null;
        for (int i = 0; i < reply.lines().size(); i++) {
            String l = reply.lines().get(i);
            if (isAscii(l)) {
                continue;
            }
            if (lines == null) {
                lines = new ArrayList<>(reply.lines());
            }
            StringBuilder b = new StringBuilder(l.length() + 8);
            for (int k = 0; k < l.length(); k++) {
                char c = l.charAt(k);
                if (c == '\u00a7') {
                    b.append(k + 1 < l.length() && l.charAt(k + 1) == ' ' ? "section" : "section ");
                } else {
                    b.append(c == '\t' || (c >= 0x20 && c <= 0x7e) ? c : '?');
                }
            }
            lines.set(i, b.toString());
        }
        return lines == null ? reply : new Reply(reply.code(), lines);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return false;
            }
        }
        return true;
    }

    /** Removes RFC 3463 codes from every line when ENHANCEDSTATUSCODES is off (RFC 2034 §3). */
    static Reply stripEnhanced(Reply reply) {
        List<String> lines = new ArrayList<>();
        for (String l : reply.lines()) {
            int sp = l.indexOf(' ');
            lines.add(EnhancedStatus.parse(l).isEmpty() ? l : sp < 0 ? "" : l.substring(sp + 1));
        }
        return new Reply(reply.code(), lines);
    }
}

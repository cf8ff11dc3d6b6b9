package org.mailtrail.smtp;

/**
 * Syntax of SMTP mailboxes and paths (RFC 5321 §4.1.2, limits §4.5.3.1).
 *
 * <p>Accepted: dot-string or quoted-string local-parts, domains of LDH labels, and address
 * literals ({@code [192.0.2.1]}, {@code [IPv6:...]}). Not accepted: non-ASCII (SMTPUTF8,
 * RFC 6531, is not supported here), CR/LF, empty parts. Limits: local-part 64, domain 255,
 * path 256 octets including the angle brackets.
 */
public final class Addresses {

    /** RFC 5321 §4.5.3.1.1. */
    public static final int MAX_LOCAL_PART = 64;
    /** RFC 5321 §4.5.3.1.2. */
    public static final int MAX_DOMAIN = 255;
    /** RFC 5321 §4.5.3.1.3, including {@code <} and {@code >}. */
    public static final int MAX_PATH = 256;

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private Addresses() {
    }

    /** Parses {@code local@domain}; throws {@link AddressException} saying why it is invalid. */
    public static Mailbox parseMailbox(String s) {
        int at = checkMailbox(s);
        return new Mailbox(s.substring(0, at), s.substring(at + 1));
    }

    /** True if {@code s} is a valid mailbox. */
    public static boolean isValidMailbox(String s) {
        try {
            checkMailbox(s);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /** Parses a reverse-path {@code <a@b>} → {@code "a@b"}; {@code <>} (null reverse-path, §4.5.5) → {@code ""}. */
    public static String parseReversePath(String s) {
        String inner = unbracket(s);
        return inner.isEmpty() ? "" : stripSourceRoute(s, inner);
    }

    /** Parses a forward-path {@code <a@b>} → {@code "a@b"}; {@code <Postmaster>} is allowed (§4.1.1.3). */
    public static String parseForwardPath(String s) {
        String inner = unbracket(s);
        if (inner.isEmpty()) {
            throw new AddressException(s, "a forward-path must not be empty", 1);
        }
        if (inner.equalsIgnoreCase("postmaster")) {
            return inner;
        }
        return stripSourceRoute(s, inner);
    }

    /** True for a syntactically valid domain or address literal (RFC 5321 §4.1.2, §4.1.3). */
    public static boolean isValidDomain(String domain) {
        if (domain == null) {
            return false;
        }
        try {
            checkDomain(domain, domain, 0);
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /** Validates a mailbox and returns the index of the separating {@code @}. */
    static int checkMailbox(String s) {
        if (s == null || s.isEmpty()) {
            throw new AddressException(s, "empty address", -1);
        }
        checkNoCrLf(s);
        if (s.length() + 2 > MAX_PATH) {
            throw new AddressException(s, "path longer than " + MAX_PATH + " octets (RFC 5321 section 4.5.3.1.3)", MAX_PATH - 2);
        }
        int at = s.charAt(0) == '"' ? checkQuotedLocal(s) : checkDotString(s);
        if (at >= s.length()) {
            throw new AddressException(s, "missing '@' between local-part and domain", s.length());
        }
        if (at == 0) {
            throw new AddressException(s, "empty local-part", 0);
        }
        if (at > MAX_LOCAL_PART) {
            throw new AddressException(s, "local-part longer than " + MAX_LOCAL_PART + " octets (RFC 5321 section 4.5.3.1.1)", MAX_LOCAL_PART);
        }
        checkDomain(s, s.substring(at + 1), at + 1);
        return at;
    }

    private static int checkDotString(String s) {
        int i = 0;
        boolean atomStart = true;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@') {
                if (atomStart) {
                    throw new AddressException(s, i == 0 ? "empty local-part" : "local-part must not end with '.'", i);
                }
                return i;
            }
            if (c == '.') {
                if (atomStart) {
                    throw new AddressException(s, "empty atom in local-part (leading or double '.')", i);
                }
                atomStart = true;
            } else if (isAtext(c)) {
                atomStart = false;
            } else {
                throw new AddressException(s, "invalid character " + describe(c) + " in local-part", i);
            }
        }
        return i;
    }

    private static int checkQuotedLocal(String s) {
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length() || s.charAt(i + 1) < 32 || s.charAt(i + 1) > 126) {
                    throw new AddressException(s, "bad quoted-pair in quoted local-part", i);
                }
                i++;
            } else if (c == '"') {
                if (i + 1 >= s.length() || s.charAt(i + 1) != '@') {
                    throw new AddressException(s, "quoted local-part must be followed by '@'", i + 1);
                }
                return i + 1;
            } else if (c < 32 || c > 126) {
                throw new AddressException(s, "invalid character " + describe(c) + " in quoted local-part", i);
            }
        }
        throw new AddressException(s, "unterminated quoted local-part", s.length());
    }

    private static void checkDomain(String whole, String d, int base) {
        checkNoCrLf(whole);
        if (d.isEmpty()) {
            throw new AddressException(whole, "empty domain", base);
        }
        if (d.length() > MAX_DOMAIN) {
            throw new AddressException(whole, "domain longer than " + MAX_DOMAIN + " octets (RFC 5321 section 4.5.3.1.2)", base + MAX_DOMAIN);
        }
        if (d.charAt(0) == '[') {
            checkAddressLiteral(whole, d, base);
            return;
        }
        int labelStart = 0;
        for (int i = 0; i <= d.length(); i++) {
            char c = i < d.length() ? d.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0) {
                    throw new AddressException(whole, "empty domain label", base + i);
                }
                if (len > 63) {
                    throw new AddressException(whole, "domain label longer than 63 octets (RFC 1035 section 2.3.4)", base + labelStart);
                }
                if (d.charAt(labelStart) == '-' || d.charAt(i - 1) == '-') {
                    throw new AddressException(whole, "domain label must not start or end with '-'", base + labelStart);
                }
                labelStart = i + 1;
            } else if (!isLetDig(c) && c != '-') {
                throw new AddressException(whole, "invalid character " + describe(c)
                        + " in domain (letters, digits, hyphen only)", base + i);
            }
        }
    }

    private static void checkAddressLiteral(String whole, String d, int base) {
        if (!d.endsWith("]") || d.length() < 3) {
            throw new AddressException(whole, "address literal must be enclosed in [ ]", base);
        }
        String inner = d.substring(1, d.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            String v6 = inner.substring(5);
            if (v6.isEmpty() || !v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.') || !v6.contains(":")) {
                throw new AddressException(whole, "invalid IPv6 address literal", base + 1);
            }
            return;
        }
        String[] parts = inner.split("\\.", -1);
        if (parts.length != 4) {
            throw new AddressException(whole, "IPv4 address literal needs four numbers", base + 1);
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                throw new AddressException(whole, "invalid IPv4 address literal", base + 1);
            }
        }
    }

    private static String unbracket(String s) {
        if (s == null || s.isEmpty()) {
            throw new AddressException(s, "empty path", -1);
        }
        checkNoCrLf(s);
        if (s.charAt(0) != '<') {
            throw new AddressException(s, "path must start with '<'", 0);
        }
        if (s.charAt(s.length() - 1) != '>' || s.length() < 2) {
            throw new AddressException(s, "path must end with '>'", s.length() - 1);
        }
        if (s.length() > MAX_PATH) {
            throw new AddressException(s, "path longer than " + MAX_PATH + " octets (RFC 5321 section 4.5.3.1.3)", MAX_PATH);
        }
        return s.substring(1, s.length() - 1);
    }

    /** Source routes {@code <@a,@b:u@d>} must be accepted and ignored (RFC 5321 §4.1.1.3, Appendix C). */
    private static String stripSourceRoute(String whole, String inner) {
        String mailbox = inner;
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new AddressException(whole, "source route without ':'", 1);
            }
            for (String hop : inner.substring(0, colon).split(",", -1)) {
                if (!hop.startsWith("@") || !isValidDomain(hop.substring(1))) {
                    throw new AddressException(whole, "invalid source route", 1);
                }
            }
            mailbox = inner.substring(colon + 1);
        }
        try {
            checkMailbox(mailbox);
        } catch (AddressException e) {
            int offset = whole.indexOf(mailbox);
            throw new AddressException(whole, e.reason(), e.position() < 0 ? -1 : e.position() + offset);
        }
        return mailbox;
    }

    private static void checkNoCrLf(String s) {
        int i = s.indexOf('\r') >= 0 ? s.indexOf('\r') : s.indexOf('\n');
        if (i >= 0) {
            throw new AddressException(s, "CR or LF is not allowed in an address", i);
        }
    }

    private static boolean isLetDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isAtext(char c) {
        return isLetDig(c) || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return c < 32 || c > 126 ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}

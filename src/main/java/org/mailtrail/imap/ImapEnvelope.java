package org.mailtrail.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What FETCH reads from a message's header (RFC 5322 §2.2): the fields, the ENVELOPE structure (RFC 3501 §7.4.2)
 * and the INTERNALDATE, which this store does not keep and takes from the Date: field instead.
 */
final class ImapEnvelope {

    /** One header field: its name, its value unfolded, and where its octets lie (line ends included). */
    record Field(String name, String value, int from, int to) {
    }

    private static final String NO_DATE = "01-Jan-1970 00:00:00 +0000";
    private static final DateTimeFormatter IMAP_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ImapEnvelope() {
    }

    /** The header fields of {@code content[0, body)}; lines starting with a space or tab continue a field. */
    static List<Field> fields(byte[] content, int body) {
        return fields(content, 0, body);
    }

    /** The header fields of {@code content[from, body)}, as {@link #fields(byte[], int)}; offsets stay absolute. */
    static List<Field> fields(byte[] content, int from, int body) {
        List<Field> out = new ArrayList<>();
        int start = -1;
        int i = from;
        while (i < body) {
            int eol = i;
            while (eol < body && content[eol] != '\n') {
                eol++;
            }
            int next = Math.min(eol + 1, body);
            boolean blank = eol == i || eol == i + 1 && content[i] == '\r';
            boolean continuation = !blank && (content[i] == ' ' || content[i] == '\t');
            if (!continuation && start >= 0) {
                out.add(field(content, start, i));
                start = -1;
            }
            if (!continuation && !blank) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            out.add(field(content, start, body));
        }
        return out;
    }

    private static Field field(byte[] content, int from, int to) {
        String raw = new String(content, from, to - from, StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw.trim() : raw.substring(0, colon).trim();
        String value = colon < 0 ? "" : raw.substring(colon + 1).replaceAll("\r?\n", "").trim();
        return new Field(name, value, from, to);
    }

    /** The value of the first field with this name (case-insensitive), or null. */
    static String value(List<Field> fields, String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** BODY[HEADER.FIELDS (..)] and .NOT (RFC 3501 §6.4.5): the chosen fields as they are, then an empty line. */
    static byte[] headerFields(byte[] content, int body, List<String> names, boolean not) {
        return headerFields(content, 0, body, names, not);
    }

    /** {@link #headerFields(byte[], int, List, boolean)} of the header {@code content[from, body)}. */
    static byte[] headerFields(byte[] content, int from, int body, List<String> names, boolean not) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field f : fields(content, from, body)) {
            boolean named = names.stream().anyMatch(n -> n.equalsIgnoreCase(f.name()));
            if (named != not) {
                out.write(content, f.from(), f.to() - f.from());
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** The Date: field as an IMAP date-time (RFC 3501 §9), or 01-Jan-1970 when there is none to read. */
    static String internalDate(byte[] content, int body) {
        String date = value(fields(content, body), "Date");
        if (date == null) {
            return NO_DATE;
        }
        String cleaned = date.replaceAll("\\([^)]*\\)", " ").replaceAll("\\s+", " ").trim();
        try {
            return ZonedDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME).format(IMAP_DATE);
        } catch (DateTimeParseException e) {
            return NO_DATE;
        }
    }

    /** Writes the ENVELOPE structure: date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id. */
    static void write(byte[] content, int body, ImapResponse r) {
        write(content, 0, body, r);
    }

    /** The ENVELOPE of the message whose header is {@code content[start, body)}, e.g. one inside a message/rfc822 part. */
    static void write(byte[] content, int start, int body, ImapResponse r) {
        List<Field> fields = fields(content, start, body);
        String from = value(fields, "From");
        r.text("(");
        nstring(value(fields, "Date"), r);
        r.text(" ");
        nstring(value(fields, "Subject"), r);
        r.text(" ");
        addresses(from, r);
        for (String name : List.of("Sender", "Reply-To")) { // §7.4.2: absent or empty means the same as From
            String v = value(fields, name);
            r.text(" ");
            addresses(v == null || v.isEmpty() ? from : v, r);
        }
        for (String name : List.of("To", "Cc", "Bcc")) {
            r.text(" ");
            addresses(value(fields, name), r);
        }
        r.text(" ");
        nstring(value(fields, "In-Reply-To"), r);
        r.text(" ");
        nstring(value(fields, "Message-ID"), r);
        r.text(")");
    }

    /** NIL, a quoted string, or a literal when the text has 8-bit or control characters (RFC 3501 §4.3, §4.5). */
    static void nstring(String s, ImapResponse r) {
        if (s == null) {
            r.text("NIL");
        } else if (s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            r.text("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        } else {
            r.literal(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An address list (RFC 3501 §7.4.2): NIL, or one (name adl mailbox host) per address, groups marked. */
    private static void addresses(String list, ImapResponse r) {
        List<String> items = split(list == null ? "" : list);
        if (items.isEmpty()) {
            r.text("NIL");
            return;
        }
        r.text("(");
        for (String item : items) {
            String rest = item;
            int colon = groupColon(rest);
            if (colon >= 0) {
                r.text("(NIL NIL ");
                nstring(unquote(rest.substring(0, colon).trim()), r);
                r.text(" NIL)");
                rest = rest.substring(colon + 1).trim();
            }
            boolean endsGroup = rest.endsWith(";");
            rest = endsGroup ? rest.substring(0, rest.length() - 1).trim() : rest;
            if (!rest.isEmpty()) {
                address(rest, r);
            }
            if (endsGroup) {
                r.text("(NIL NIL NIL NIL)");
            }
        }
        r.text(")");
    }

    private static void address(String item, ImapResponse r) {
        int lt = item.lastIndexOf('<');
        String name = lt > 0 ? unquote(item.substring(0, lt).trim()) : null;
        String spec = lt >= 0 ? item.substring(lt + 1, item.indexOf('>', lt) < 0 ? item.length() : item.indexOf('>', lt))
                : item.replaceAll("\\([^)]*\\)", "").trim();
        int at = spec.lastIndexOf('@');
        r.text("(");
        nstring(name == null || name.isEmpty() ? null : name, r);
        r.text(" NIL ");
        nstring(at < 0 ? spec : spec.substring(0, at), r);
        r.text(" ");
        nstring(at < 0 ? null : spec.substring(at + 1), r);
        r.text(")");
    }

    /** Splits an address list at the commas outside quotes, angle brackets and comments. */
    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\\' && quoted && i + 1 < list.length()) {
                cur.append(c).append(list.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '>' || c == ')') && depth > 0) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                add(out, cur);
                continue;
            }
            cur.append(c);
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }

    /** The colon that starts a group ("name:"), outside quotes and before any '<' or '@', or -1. */
    private static int groupColon(String item) {
        boolean quoted = false;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '<' || c == '@')) {
                return -1;
            } else if (!quoted && c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return s;
    }
}

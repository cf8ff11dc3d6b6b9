package org.mailtrail.imap;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FETCH BODYSTRUCTURE and BODY (RFC 3501 §7.4.2, grammar in §9 "body"), and the octets of a body section that
 * names a part (§6.4.5: BODY[1.2], BODY[1.MIME], BODY[2.HEADER] of a message/rfc822 part, ...).
 *
 * <p>A multipart is its parts one after the other, then its subtype; with BODYSTRUCTURE also its parameters,
 * disposition, language and location. Any other part is type, subtype, parameters, Content-ID, description,
 * encoding and size in octets; a message/rfc822 part adds the envelope, the body structure of the message inside
 * and its size in lines; a text part adds its size in lines; with BODYSTRUCTURE each adds MD5, disposition,
 * language and location, NIL where absent. Types, subtypes, parameter names, encodings and disposition types are
 * sent in capitals as in the examples of RFC 3501; values as written.
 */
final class ImapBodyStructure {
    private ImapBodyStructure() {
    }

    /** Writes the body structure of {@code part}; {@code extensible} for BODYSTRUCTURE, else BODY. */
    static void write(byte[] content, ImapMimePart part, boolean extensible, ImapResponse r) {
        ImapMimePart.Fields f = part.fields();
        r.text("(");
        if (!part.children().isEmpty()) {
            for (ImapMimePart child : part.children()) {
                write(content, child, extensible, r);
            }
            r.text(" ");
            string(upper(f.subtype()), r);
            if (extensible) {
                r.text(" ");
                params(f.params(), r);
                extension(f, r);
            }
        } else {
            string(upper(f.type()), r);
            r.text(" ");
            string(upper(f.subtype()), r);
            r.text(" ");
            params(f.params(), r);
            r.text(" ");
            ImapEnvelope.nstring(f.id(), r);
            r.text(" ");
            ImapEnvelope.nstring(f.description(), r);
            r.text(" ");
            string(upper(f.encoding()), r);
            r.text(" " + part.size());
            if (part.message() != null) {
                ImapMimePart m = part.message();
                r.text(" ");
                ImapEnvelope.write(content, m.headerStart(), m.bodyStart(), r);
                r.text(" ");
                write(content, m, extensible, r);
                r.text(" " + part.lines(content));
            } else if (f.isText()) {
                r.text(" " + part.lines(content));
            }
            if (extensible) {
                r.text(" ");
                ImapEnvelope.nstring(f.md5(), r);
                extension(f, r);
            }
        }
        r.text(")");
    }

    /** " body-fld-dsp body-fld-lang body-fld-loc" (RFC 3501 §9). */
    private static void extension(ImapMimePart.Fields f, ImapResponse r) {
        r.text(" ");
        if (f.disposition() == null) {
            r.text("NIL");
        } else {
            r.text("(");
            string(upper(f.disposition()), r);
            r.text(" ");
            params(f.dispositionParams(), r);
            r.text(")");
        }
        r.text(" ");
        if (f.languages().isEmpty()) {
            r.text("NIL");
        } else {
            r.text("(");
            for (int i = 0; i < f.languages().size(); i++) {
                r.text(i == 0 ? "" : " ");
                string(f.languages().get(i), r);
            }
            r.text(")");
        }
        r.text(" ");
        ImapEnvelope.nstring(f.location(), r);
    }

    /** body-fld-param: NIL or ("NAME" "value" ...). */
    private static void params(List<String> params, ImapResponse r) {
        if (params.isEmpty()) {
            r.text("NIL");
            return;
        }
        r.text("(");
        for (int i = 0; i + 1 < params.size(); i += 2) {
            r.text(i == 0 ? "" : " ");
            string(upper(params.get(i)), r);
            r.text(" ");
            string(params.get(i + 1), r);
        }
        r.text(")");
    }

    private static void string(String s, ImapResponse r) {
        ImapEnvelope.nstring(s, r);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /**
     * The octets of a section with part numbers (RFC 3501 §6.4.5), or null (sent as NIL) if the message has no such
     * part or the section does not apply to it: "" is the part's body, as it was transferred; MIME its header;
     * HEADER, HEADER.FIELDS[.NOT] and TEXT exist only for a message/rfc822 part and name the message inside.
     */
    static byte[] section(byte[] content, ImapMimePart root, ImapFetch.Item item) {
        ImapMimePart p = root.select(item.part());
        if (p == null) {
            return null;
        }
        String text = item.text();
        if (text.isEmpty()) {
            return Arrays.copyOfRange(content, p.bodyStart(), p.end());
        }
        if (text.equals("MIME")) {
            return Arrays.copyOfRange(content, p.headerStart(), p.bodyStart());
        }
        ImapMimePart m = p.message();
        if (m == null) {
            return null;
        }
        switch (text) {
            case "HEADER":
                return Arrays.copyOfRange(content, m.headerStart(), m.bodyStart());
            case "TEXT":
                return Arrays.copyOfRange(content, m.bodyStart(), m.end());
            default:
                return ImapEnvelope.headerFields(content, m.headerStart(), m.bodyStart(), item.fields(),
                        text.endsWith(".NOT"));
        }
    }
}

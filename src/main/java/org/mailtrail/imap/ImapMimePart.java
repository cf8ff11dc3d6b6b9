package org.mailtrail.imap;

import java.util.List;

/**
 * One MIME entity of a stored message (RFC 2045 §2.4, RFC 2046 §5): where its header and body lie in the message's
 * octets, its Content-* fields, and what it holds: the body parts of a multipart (§5.1), or the message inside a
 * message/rfc822 part (§5.2.1). Every range is absolute in the message, so sizes and part fetches use the octets
 * exactly as they were stored. Built by {@link ImapMimeParser}.
 *
 * @param headerStart the first octet of the entity's header
 * @param bodyStart   the first octet after the empty line that ends the header (or {@code end} if there is none)
 * @param end         the octet after the body; for a body part, the line end before the next delimiter is not part
 *                    of it (RFC 2046 §5.1.1)
 * @param fields      the Content-* fields
 * @param children    the body parts of a multipart, in order; empty otherwise
 * @param message     the encapsulated message of a message/rfc822 part; null otherwise
 */
record ImapMimePart(int headerStart, int bodyStart, int end, Fields fields, List<ImapMimePart> children,
                    ImapMimePart message) {

    /**
     * The Content-* fields of one entity as RFC 3501 §7.4.2 reports them: type and subtype, the parameters as
     * attribute, value, attribute, value..., Content-ID, Content-Description, Content-Transfer-Encoding, Content-MD5,
     * the disposition type and its parameters (RFC 2183), the languages (RFC 3282) and Content-Location (RFC 2557).
     * Absent fields are null (or empty lists).
     */
    record Fields(String type, String subtype, List<String> params, String id, String description, String encoding,
                  String md5, String disposition, List<String> dispositionParams, List<String> languages,
                  String location) {

        /** The default of RFC 2045 §5.2: text/plain; charset=us-ascii, 7bit, nothing else. */
        static final Fields PLAIN = new Fields("text", "plain", List.of("charset", "us-ascii"), null, null, "7bit",
                null, null, List.of(), List.of(), null);

        boolean isMultipart() {
            return type.equalsIgnoreCase("multipart");
        }

        boolean isMessage() {
            return type.equalsIgnoreCase("message") && subtype.equalsIgnoreCase("rfc822");
        }

        boolean isText() {
            return type.equalsIgnoreCase("text");
        }

        /** The same fields with the type replaced by text/plain; charset=us-ascii (for a damaged entity). */
        Fields asPlainText() {
            return new Fields("text", "plain", PLAIN.params(), id, description, encoding, md5, disposition,
                    dispositionParams, languages, location);
        }
    }

    /** The size of the body in octets, in its transfer encoding (RFC 3501 §7.4.2 body-fld-octets). */
    int size() {
        return end - bodyStart;
    }

    /** The number of lines of the body (RFC 3501 §7.4.2 body-fld-lines): its LF octets, as Dovecot counts them. */
    long lines(byte[] content) {
        long n = 0;
        for (int i = bodyStart; i < end; i++) {
            if (content[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The part a section's part numbers name (RFC 3501 §6.4.5), with this entity as the message: "1" is the first
     * body part of a multipart message, or the body itself of any other message; inside a message/rfc822 part the
     * numbers go on in the encapsulated message, inside a multipart in its body parts. Null if there is no such part.
     */
    ImapMimePart select(List<Integer> path) {
        ImapMimePart cur = null;
        for (int n : path) {
            ImapMimePart container;
            if (cur == null) {
                container = this;
            } else if (cur.message() != null) {
                container = cur.message();
            } else if (!cur.children().isEmpty()) {
                container = cur;
            } else {
                return null; // a leaf has no parts
            }
            if (!container.children().isEmpty()) {
                cur = n <= container.children().size() ? container.children().get(n - 1) : null;
            } else {
                cur = n == 1 ? container : null; // a non-multipart message has only part 1
            }
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }
}

package org.mailtrail.imap;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.HeaderTokenizer;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the MIME structure of a stored message (RFC 2045, RFC 2046) into {@link ImapMimePart}s for BODYSTRUCTURE
 * and part fetches (RFC 3501 §6.4.5, §7.4.2). Angus Mail does the MIME work: its {@link MimeMultipart} finds the
 * body parts between the boundary delimiters (§5.1.1: the line end before a delimiter belongs to the delimiter;
 * preamble, epilogue and transport padding are skipped; a missing close delimiter ends the last part at the end),
 * and its {@link HeaderTokenizer} reads the Content-Type, Content-Disposition, Content-Transfer-Encoding and
 * Content-Language values. It reads a shared stream over the message's octets, so every part is known as an
 * exact range of them, never as a copy.
 *
 * <p>Damaged MIME never fails: a Content-Type that does not parse, a multipart without a boundary or without any
 * delimiter line, and nesting deeper than {@link #MAX_DEPTH} make that entity text/plain (RFC 2045 §5.2); anything
 * unexpected makes the whole message one text/plain part.
 */
final class ImapMimeParser {

    /** Multiparts and message/rfc822 parts nested deeper than this are reported as text/plain. */
    static final int MAX_DEPTH = 40;

    private ImapMimeParser() {
    }

    /** The structure of {@code content}, whose header ends at {@code bodyOffset} ({@code StoredMessage.bodyOffset}). */
    static ImapMimePart parse(byte[] content, int bodyOffset) {
        try {
            return entity(content, 0, bodyOffset, content.length, false, 0);
        } catch (RuntimeException e) {
            return new ImapMimePart(0, bodyOffset, content.length, ImapMimePart.Fields.PLAIN, List.of(), null);
        }
    }

    /** Where the body of the entity {@code content[from, to)} starts: after its first empty line, else at {@code to}. */
    static int bodyStart(byte[] content, int from, int to) {
        int i = from;
        while (i < to) {
            int eol = i;
            while (eol < to && content[eol] != '\n') {
                eol++;
            }
            if (eol == i || eol == i + 1 && content[i] == '\r') {
                return Math.min(eol + 1, to);
            }
            i = eol + 1;
        }
        return to;
    }

    private static ImapMimePart entity(byte[] c, int from, int body, int to, boolean inDigest, int depth) {
        List<ImapEnvelope.Field> header = ImapEnvelope.fields(c, from, body);
        ImapMimePart.Fields f = fields(header, inDigest);
        if (f.isMultipart() && depth < MAX_DEPTH) {
            List<int[]> ranges = split(c, body, to, ImapEnvelope.value(header, "Content-Type"));
            if (!ranges.isEmpty()) {
                boolean digest = f.subtype().equalsIgnoreCase("digest");
                List<ImapMimePart> parts = new ArrayList<>();
                for (int[] r : ranges) {
                    parts.add(entity(c, r[0], bodyStart(c, r[0], r[1]), r[1], digest, depth + 1));
                }
                return new ImapMimePart(from, body, to, f, List.copyOf(parts), null);
            }
        } else if (f.isMessage() && depth < MAX_DEPTH) {
            ImapMimePart inner = entity(c, body, bodyStart(c, body, to), to, false, depth + 1);
            return new ImapMimePart(from, body, to, f, List.of(), inner);
        }
        if (f.isMultipart() || f.isMessage()) {
            f = f.asPlainText();
        }
        return new ImapMimePart(from, body, to, f, List.of(), null);
    }

    /** The Content-* fields of a header; in a multipart/digest the default type is message/rfc822 (RFC 2046 §5.1.5). */
    static ImapMimePart.Fields fields(List<ImapEnvelope.Field> header, boolean inDigest) {
        String type = inDigest ? "message" : "text";
        String subtype = inDigest ? "rfc822" : "plain";
        List<String> params = new ArrayList<>();
        String contentType = ImapEnvelope.value(header, "Content-Type");
        if (contentType != null) {
            try {
                HeaderTokenizer h = new HeaderTokenizer(contentType, HeaderTokenizer.MIME);
                HeaderTokenizer.Token t = h.next();
                HeaderTokenizer.Token slash = h.next();
                HeaderTokenizer.Token s = h.next();
                if (t.getType() != HeaderTokenizer.Token.ATOM || slash.getType() != '/'
                        || s.getType() != HeaderTokenizer.Token.ATOM) {
                    throw new ParseException("not type/subtype");
                }
                type = t.getValue();
                subtype = s.getValue();
                params(h, params);
            } catch (ParseException e) { // RFC 2045 §5.2: an invalid Content-Type means text/plain
                type = "text";
                subtype = "plain";
                params.clear();
            }
        }
        if (type.equalsIgnoreCase("text") && !hasParam(params, "charset")) {
            params.add(0, "charset");
            params.add(1, "us-ascii");
        }
        String disposition = null;
        List<String> dispositionParams = new ArrayList<>();
        String cd = ImapEnvelope.value(header, "Content-Disposition");
        if (cd != null) {
            try {
                HeaderTokenizer h = new HeaderTokenizer(cd, HeaderTokenizer.MIME);
                HeaderTokenizer.Token t = h.next();
                if (t.getType() == HeaderTokenizer.Token.ATOM) {
                    disposition = t.getValue();
                    params(h, dispositionParams);
                }
            } catch (ParseException e) {
                disposition = null; // a comment that does not end
            }
        }
        return new ImapMimePart.Fields(type, subtype, List.copyOf(params),
                ImapEnvelope.value(header, "Content-ID"), ImapEnvelope.value(header, "Content-Description"),
                encoding(ImapEnvelope.value(header, "Content-Transfer-Encoding")),
                ImapEnvelope.value(header, "Content-MD5"), disposition, List.copyOf(dispositionParams),
                languages(ImapEnvelope.value(header, "Content-Language")),
                ImapEnvelope.value(header, "Content-Location"));
    }

    /**
     * The parameters after the type (RFC 2045 §5.1 {@code *(";" parameter)}), as written: RFC 2231 names such as
     * {@code filename*} and their encoded values are kept for the client to decode. An unquoted value with spaces
     * is read up to the next ";", as mail clients expect; anything else that does not parse ends the list.
     */
    private static void params(HeaderTokenizer h, List<String> out) {
        try {
            while (h.next().getType() == ';') {
                HeaderTokenizer.Token name = h.next();
                if (name.getType() != HeaderTokenizer.Token.ATOM || h.next().getType() != '=') {
                    return;
                }
                HeaderTokenizer.Token value = h.next(';');
                int type = value.getType();
                if (type != HeaderTokenizer.Token.ATOM && type != HeaderTokenizer.Token.QUOTEDSTRING) {
                    return;
                }
                out.add(name.getValue());
                out.add(value.getValue());
            }
        } catch (ParseException e) { // an unbalanced quote or comment: the parameters before it stay
            return;
        }
    }

    private static boolean hasParam(List<String> params, String name) {
        for (int i = 0; i < params.size(); i += 2) {
            if (params.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The Content-Transfer-Encoding mechanism (RFC 2045 §6.1); "7bit" when absent or not a token. */
    private static String encoding(String value) {
        if (value == null) {
            return "7bit";
        }
        try {
            HeaderTokenizer.Token t = new HeaderTokenizer(value, HeaderTokenizer.MIME).next();
            return t.getType() == HeaderTokenizer.Token.ATOM ? t.getValue() : "7bit";
        } catch (ParseException e) {
            return "7bit";
        }
    }

    /** The language tags of Content-Language (RFC 3282 §2: a comma-separated list, comments allowed). */
    private static List<String> languages(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        try {
            HeaderTokenizer h = new HeaderTokenizer(value, HeaderTokenizer.MIME);
            for (HeaderTokenizer.Token t = h.next(); t.getType() != HeaderTokenizer.Token.EOF; t = h.next()) {
                if (t.getType() == HeaderTokenizer.Token.ATOM) {
                    out.add(t.getValue());
                }
            }
        } catch (ParseException e) {
            return out;
        }
        return out;
    }

    /**
     * The body parts of the multipart body {@code content[from, to)} as {from, to} ranges, found by Angus Mail's
     * multipart parser; empty if it finds none (no boundary parameter, no delimiter line, a type that does not parse).
     */
    private static List<int[]> split(byte[] content, int from, int to, String contentType) {
        Splitter splitter;
        try {
            splitter = new Splitter(new Source(content, from, to, contentType));
            splitter.getCount();
        } catch (MessagingException e) {
            return List.of();
        }
        return splitter.ranges;
    }

    /** Angus Mail's multipart parser, recording the range of each body part instead of making a part of it. */
    private static final class Splitter extends MimeMultipart {
        final List<int[]> ranges = new ArrayList<>();

        Splitter(DataSource source) throws MessagingException {
            super(source);
        }

        @Override
        protected void initializeProperties() {
            super.initializeProperties();
            ignoreMissingEndBoundary = true; // the last part runs to the end
            ignoreMissingBoundaryParameter = false; // no guessing: without a boundary it is not a multipart
            ignoreExistingBoundaryParameter = false;
            allowEmpty = false;
        }

        @Override
        protected MimeBodyPart createMimeBodyPart(InputStream is) {
            Slice part = (Slice) is; // MimeMultipart.parse passes sin.newStream(start, end) of our Source's Slice
            ranges.add(new int[] {part.from(), part.to()});
            return new MimeBodyPart();
        }
    }

    /** The multipart body as Angus Mail's MimeMultipart reads it: a shared stream over the octets, and the type. */
    private record Source(byte[] content, int from, int to, String contentType) implements DataSource {
        @Override
        public InputStream getInputStream() {
            return new Slice(content, from, to);
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getName() {
            return "body";
        }
    }

    /** A shared stream over {@code buf[from, to)} whose sub-streams are Slices too, so each knows its absolute range. */
    private static final class Slice extends SharedByteArrayInputStream {
        Slice(byte[] buf, int from, int to) {
            super(buf, from, to - from);
        }

        int from() {
            return start;
        }

        int to() {
            return count;
        }

        @Override
        public InputStream newStream(long begin, long end) {
            if (begin < 0) {
                throw new IllegalArgumentException("begin < 0");
            }
            int a = start + (int) begin;
            int b = end == -1 ? count : start + (int) end;
            return new Slice(buf, a, Math.max(a, Math.min(b, count)));
        }
    }
}

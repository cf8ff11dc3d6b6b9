package org.mailtrail.engine;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.LineOutputStream;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Properties;

/** Turns a composed message into RFC 5322 text with Angus Mail, deterministically (fixed Date and Message-ID). */
public final class MessageComposer {
    /** RFC 5322 §3.3 date-time with a numeric zone. */
    public static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    /**
     * One mail session for every message: it only holds configuration (the properties below and the
     * providers Angus Mail finds on the class path), which is the same each time; building it per message
     * scanned the class path again and was most of the cost of composing. Sessions are thread-safe.
     */
    private static final Session SESSION = newSession();
    /** The MIME stream codecs (Angus Mail's), found once. */
    private static final StreamProvider STREAMS = StreamProvider.provider();

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private MessageComposer() {
    }

    /**
     * {@code RFC5322_DATE.format(t)}, e.g. {@code Mon, 5 Jan 2026 09:00:00 +0000}, written out directly for the
     * years 1000 to 9999 (the formatter, which is general, took a noticeable share of a simulation run).
     */
    public static String rfc5322Date(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return RFC5322_DATE.format(t);
        }
        StringBuilder sb = new StringBuilder(31);
        sb.append(DAYS[d.getDayOfWeek().ordinal()]).append(", ").append(d.getDayOfMonth()).append(' ')
                .append(MONTHS[d.getMonthValue() - 1]).append(' ').append(d.getYear()).append(' ');
        twoDigits(sb, d.getHour()).append(':');
        twoDigits(sb, d.getMinute()).append(':');
        return twoDigits(sb, d.getSecond()).append(" +0000").toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** The message as it leaves the sender's client: CRLF line ends. */
    public static byte[] compose(Compose c, Instant date, String messageId) {
        MimeMessage m = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        try {
            m.setFrom(new InternetAddress(c.from(), true));
            m.setRecipients(MimeMessage.RecipientType.TO, join(c.to()));
            if (!c.cc().isEmpty()) {
                m.setRecipients(MimeMessage.RecipientType.CC, join(c.cc()));
            }
            m.setSubject(c.subject(), "UTF-8");
            m.setHeader("Date", rfc5322Date(date));
            String body = c.body().replace("\r\n", "\n").replace('\r', '\n');
            if (!body.endsWith("\n")) {
                body += "\n";
            }
            m.setDataHandler(new TextBody(body));
            m.saveChanges();
            m.setHeader("Date", rfc5322Date(date));
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            writeTo(m, out);
            return out.toByteArray();
        } catch (AddressException e) {
            throw new IllegalArgumentException("bad address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body of the message, as {@code MimeMessage.setText(body, "UTF-8")} would set it: the same content type,
     * and the same UTF-8 bytes (unencodable characters become {@code ?}, as with the {@code OutputStreamWriter} of
     * Angus Mail's {@code text/plain} handler). The bytes are written directly instead of through that handler,
     * which the activation framework looks up and instantiates by reflection for every data handler. Angus Mail
     * still reads these bytes in {@code saveChanges} to choose the transfer encoding.
     */
    private static final class TextBody extends DataHandler {
        private final byte[] utf8;

        TextBody(String text) {
            super(text, "text/plain; charset=UTF-8");
            this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            os.write(utf8);
        }
    }

    /**
     * Writes the message as {@link MimeMessage#writeTo(OutputStream)} does for a message built here (header
     * lines, an empty line, the body in its transfer encoding, then a flush), with the stream provider looked
     * up once: jakarta.mail-api 2.1.3 looks it up through {@link java.util.ServiceLoader} on every call, twice
     * per message.
     */
    private static void writeTo(MimeMessage m, OutputStream out) throws MessagingException, IOException {
        if (!m.isMimeType("text/*")) {
            m.writeTo(out);
            return;
        }
        LineOutputStream lines = STREAMS.outputLineStream(out, false);
        for (Enumeration<String> e = m.getNonMatchingHeaderLines(null); e.hasMoreElements(); ) {
            lines.writeln(e.nextElement());
        }
        lines.writeln();
        OutputStream body = encoder(out, m.getEncoding());
        m.getDataHandler().writeTo(body);
        body.flush();
    }

    /** The encoder {@link MimeUtility#encode(OutputStream, String)} would choose, from the cached provider. */
    private static OutputStream encoder(OutputStream out, String encoding) throws MessagingException {
        if (encoding == null) {
            return out;
        }
        switch (encoding.toLowerCase(Locale.ROOT)) {
            case "7bit":
            case "8bit":
            case "binary":
                return STREAMS.outputBinary(out);
            case "quoted-printable":
                return STREAMS.outputQP(out);
            case "base64":
                return STREAMS.outputBase64(out);
            default:
                return MimeUtility.encode(out, encoding);
        }
    }

    private static Session newSession() {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "false");
        return Session.getInstance(props);
    }

    private static InternetAddress[] join(java.util.List<String> addrs) throws AddressException {
        InternetAddress[] out = new InternetAddress[addrs.size()];
        for (int i = 0; i < addrs.size(); i++) {
            out[i] = new InternetAddress(addrs.get(i).trim(), true);
        }
        return out;
    }

    /** Puts header lines in front of a message. */
    public static byte[] prepend(String headerLines, byte[] content) {
        byte[] h = headerLines.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + content.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(content, 0, out, h.length, content.length);
        return out;
    }

    /**
     * Counts the Received: header fields of a message (RFC 5321 §6.3 loop detection): the lines that start with
     * {@code Received:} (any case), up to the end of the header, the first CRLF CRLF (or the end of the content).
     */
    public static int countReceived(byte[] content) {
        int n = 0;
        for (int start = 0; start < content.length; ) {
            int end = lineEnd(content, start);
            if (startsWithIgnoreCase(content, start, end, "Received:")) {
                n++;
            }
            if (end + 3 < content.length && content[end + 2] == '\r' && content[end + 3] == '\n') {
                break; // this line ends the header: CRLF CRLF
            }
            start = end + 2;
        }
        return n;
    }

    /**
     * {@code countReceived(prepend(receivedField, content))} when {@code content} has {@code receivedInContent}
     * Received: fields and {@code receivedField} is one more (its first line starts with {@code Received:}, its
     * continuation lines with white space, and it ends with CRLF): one more, without reading the message again.
     * Only when the content starts with CRLF could the two join into the CRLF CRLF that ends the header; then
     * the whole message is counted.
     */
    static int countReceivedAfterPrepending(String receivedField, int receivedInContent, byte[] content) {
        if (content.length >= 2 && content[0] == '\r' && content[1] == '\n') {
            return countReceived(prepend(receivedField, content));
        }
        return receivedInContent + 1;
    }

    /** Index of the next CRLF at or after {@code from}, or the length when there is none. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = (char) (b[from + i] & 0xff);
            char p = prefix.charAt(i);
            if (c != p && Character.toLowerCase(c) != Character.toLowerCase(p)) {
                return false;
            }
        }
        return true;
    }
}

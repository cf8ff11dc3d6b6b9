package org.mailtrail.engine;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;

/** Turns a composed message into RFC 5322 text with Angus Mail, deterministically (fixed Date and Message-ID). */
public final class MessageComposer {
    /** RFC 5322 §3.3 date-time with a numeric zone. */
    public static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private MessageComposer() {
    }

    /** The message as it leaves the sender's client: CRLF line ends. */
    public static byte[] compose(Compose c, Instant date, String messageId) {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "false");
        Session session = Session.getInstance(props);
        MimeMessage m = new MimeMessage(session) {
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
            m.setHeader("Date", RFC5322_DATE.format(date));
            String body = c.body().replace("\r\n", "\n").replace('\r', '\n');
            if (!body.endsWith("\n")) {
                body += "\n";
            }
            m.setText(body, "UTF-8");
            m.saveChanges();
            m.setHeader("Date", RFC5322_DATE.format(date));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toByteArray();
        } catch (AddressException e) {
            throw new IllegalArgumentException("bad address: " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Counts the Received: header fields of a message (RFC 5321 §6.3 loop detection). */
    public static int countReceived(byte[] content) {
        String s = new String(content, StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        String head = end < 0 ? s : s.substring(0, end);
        int n = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Received:", 0, 9)) {
                n++;
            }
        }
        return n;
    }
}

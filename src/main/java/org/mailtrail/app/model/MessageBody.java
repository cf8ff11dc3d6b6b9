package org.mailtrail.app.model;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Properties;

/**
 * The text a person wrote in a received message, for the Message form of an opened live session or capture (whose
 * log names the sender, recipients and subject, but keeps the body only in the message's data): the first
 * {@code text/plain} part, decoded by Angus Mail (quoted-printable, base64, charsets), with plain line ends.
 */
final class MessageBody {
    private MessageBody() {
    }

    /** The longest message read (the work of showing a session stays small): 256 KiB. */
    static final int MAX_READ = 256 * 1024;

    /**
     * The message's plain text, or "" when it has none that can be read, or is longer than {@link #MAX_READ} (a
     * truncated text would be sent by Run as if it were the message's).
     */
    static String textOf(byte[] content) {
        if (content == null || content.length == 0 || content.length > MAX_READ) {
            return "";
        }
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(content));
            String text = plain(m, 0);
            return text == null ? "" : text.replace("\r\n", "\n");
        } catch (MessagingException | IOException | RuntimeException e) {
            return ""; // a message the parser cannot read: the form stays without a body, the steps show the data
        }
    }

    private static String plain(Part p, int depth) throws MessagingException, IOException {
        if (depth > 10) {
            return null;
        }
        if (p.isMimeType("text/plain")) {
            Object c = p.getContent();
            return c instanceof String s ? s : null;
        }
        if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart b = mp.getBodyPart(i);
                String s = plain(b, depth + 1);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }
}

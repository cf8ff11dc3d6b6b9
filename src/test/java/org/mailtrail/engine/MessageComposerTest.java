package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageComposer#compose} takes shortcuts around Angus Mail (one session, the stream provider looked up
 * once, the body written without the activation framework's content handler). Its bytes must stay those of the
 * plain Angus Mail way: {@code setText}, {@code saveChanges}, {@code writeTo}.
 */
class MessageComposerTest {
    private static final Instant DATE = Instant.parse("2026-01-05T09:00:00Z");

    /** The message built the straightforward way, as MessageComposer did before it was optimised. */
    private static byte[] reference(Compose c, String messageId) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "false");
        MimeMessage m = new MimeMessage(Session.getInstance(props)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + messageId + ">");
            }
        };
        m.setFrom(new InternetAddress(c.from(), true));
        InternetAddress[] to = new InternetAddress[c.to().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(c.to().get(i).trim(), true);
        }
        m.setRecipients(MimeMessage.RecipientType.TO, to);
        if (!c.cc().isEmpty()) {
            InternetAddress[] cc = new InternetAddress[c.cc().size()];
            for (int i = 0; i < cc.length; i++) {
                cc[i] = new InternetAddress(c.cc().get(i).trim(), true);
            }
            m.setRecipients(MimeMessage.RecipientType.CC, cc);
        }
        m.setSubject(c.subject(), "UTF-8");
        m.setHeader("Date", MessageComposer.RFC5322_DATE.format(DATE));
        String body = c.body().replace("\r\n", "\n").replace('\r', '\n');
        if (!body.endsWith("\n")) {
            body += "\n";
        }
        m.setText(body, "UTF-8");
        m.saveChanges();
        m.setHeader("Date", MessageComposer.RFC5322_DATE.format(DATE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static List<String> bodies() {
        List<String> out = new ArrayList<>(List.of("", "Hello.\n", "Hello.", "a\r\nb\rc\n", ".\n..\n.dot\n",
                "Grüße aus Köln\n", "日本語のテキスト\n", "x".repeat(998) + "\n", "x".repeat(999) + "\n",
                "tab\there\n", "bell\u0007\n", "del\u007f\n", "nul\u0000\n", "lone surrogate \ud800 here\n",
                "emoji 😀\n", "€".repeat(400) + "\n", "Ünïcödé ".repeat(200)));
        Random r = new Random(42);
        String alphabet = "abc XYZ.\r\n\t=?_é€😀\u0001~";
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(n < 100 ? 120 : 2500);
            for (int i = 0; i < len; i++) {
                sb.append(r.nextInt(4) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('a' + r.nextInt(26)));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void composeGivesTheBytesOfPlainAngusMail() throws Exception {
        List<String> subjects = List.of("Hello", "Grüße", "", "a very long subject ".repeat(8), "日本語");
        int i = 0;
        for (String body : bodies()) {
            String subject = subjects.get(i % subjects.size());
            List<String> cc = i % 3 == 0 ? List.of("carol@example.com") : List.of();
            Compose c = new Compose("alice@example.org", List.of("bob@example.net", " dave@example.net "), cc,
                    subject, body);
            String id = "0000" + i + "@alice-laptop.example.org";
            byte[] expected = reference(c, id);
            assertThat(new String(MessageComposer.compose(c, DATE, id), StandardCharsets.ISO_8859_1))
                    .as("body %d: %s", i, body)
                    .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
            i++;
        }
    }

    @Test
    void rfc5322DateAgreesWithTheFormatter() {
        Random r = new Random(3);
        List<Instant> instants = new ArrayList<>(List.of(DATE, Instant.EPOCH, Instant.parse("0999-12-31T23:59:59Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:34:56.789Z")));
        for (int i = 0; i < 100_000; i++) {
            instants.add(Instant.ofEpochSecond(r.nextLong() % 300_000_000_000L, r.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            assertThat(MessageComposer.rfc5322Date(t)).as(t.toString()).isEqualTo(MessageComposer.RFC5322_DATE.format(t));
        }
    }

    /** The Received: count as it was first written: find the end of the header, then check each line before it. */
    private static int referenceCountReceived(byte[] b) {
        int headerEnd = b.length;
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                headerEnd = i;
                break;
            }
        }
        int n = 0;
        for (int start = 0; start < headerEnd; ) {
            int end = b.length;
            for (int i = start; i + 1 < b.length; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    end = i;
                    break;
                }
            }
            end = Math.min(end, headerEnd);
            String line = new String(b, start, end - start, StandardCharsets.ISO_8859_1);
            if (line.regionMatches(true, 0, "Received:", 0, 9)) {
                n++;
            }
            start = end + 2;
        }
        return n;
    }

    /**
     * The one-pass {@code countReceived}, and the count after prepending a Received: field, against the former
     * two-pass count, on random messages made of header-like pieces, stray CR and LF, and empty lines.
     */
    @Test
    void countReceivedMatchesTheFormerCountOnRandomMessages() {
        String[] pieces = {"Received: from a", "received:", "RECEIVED: x", "Received", "X-Received: y", "Subject: s",
            "\r\n", "\r\n", "\r\n", "\r\n\r\n", "\r", "\n", "\t", " ", "body", "R", "Received:"};
        String[] fields = {"Received: from a (b [192.0.2.1])\r\n\tby c (Postfix) with ESMTPS id 0123456789\r\n"
                + "\tfor <u@d.test>; Mon, 5 Jan 2026 09:00:00 +0000\r\n",
            "Received: by c (Postfix) id X; Mon, 5 Jan 2026 09:00:00 +0000\r\n"};
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] content = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            int count = MessageComposer.countReceived(content);
            assertThat(count).as("%s", sb).isEqualTo(referenceCountReceived(content));
            String field = fields[i % fields.length];
            assertThat(MessageComposer.countReceivedAfterPrepending(field, count, content)).as("%s", sb)
                    .isEqualTo(referenceCountReceived(MessageComposer.prepend(field, content)));
        }
    }
}

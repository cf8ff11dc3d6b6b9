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
}

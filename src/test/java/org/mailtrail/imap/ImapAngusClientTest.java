package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.mailbox.MailboxDirectory;

/**
 * End to end: Angus Mail's IMAP provider (the Jakarta Mail implementation) reads the {@link MimeSamples} from the
 * server over a loopback socket: it asks for BODYSTRUCTURE, then fetches each part on its own (BODY[1.2]&lt;0.n&gt;,
 * BODY[2.MIME], BODY[3.HEADER], ...), so getContent() works on multiparts, bounces and damaged messages.
 */
@Timeout(60)
class ImapAngusClientTest {
    private MailboxDirectory dir;
    private LoopbackImap loopback;
    private Store store;

    @BeforeEach
    void connect() throws Exception {
        dir = MimeSamples.mailbox();
        loopback = new LoopbackImap(dir);
        Properties p = new Properties();
        p.put("mail.imap.host", "127.0.0.1");
        p.put("mail.imap.port", Integer.toString(loopback.port()));
        p.put("mail.imap.connectiontimeout", "5000");
        p.put("mail.imap.timeout", "10000");
        p.put("mail.imap.fetchsize", "100"); // parts come in partial fetches of 100 octets
        store = Session.getInstance(p).getStore("imap");
        store.connect("bob@example.net", "s3cret");
    }

    @AfterEach
    void disconnect() throws Exception {
        try {
            store.close();
        } finally {
            loopback.close();
        }
        assertThat(loopback.errors).isEmpty();
    }

    private Folder inbox(int mode) throws Exception {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(mode);
        return inbox;
    }

    private static String text(Part p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    @Test
    void multipartMixedWithAlternativeAndAttachment() throws Exception {
        Folder inbox = inbox(Folder.READ_ONLY);
        Message m = inbox.getMessage(3);
        assertThat(m.getSubject()).isEqualTo("Report attached");
        assertThat(m.isMimeType("multipart/mixed")).isTrue();
        Object content = m.getContent();
        assertThat(content).isInstanceOf(MimeMultipart.class);
        Multipart mixed = (Multipart) content;
        assertThat(mixed.getCount()).isEqualTo(2);

        BodyPart alternativePart = mixed.getBodyPart(0);
        assertThat(alternativePart.isMimeType("multipart/alternative")).isTrue();
        Multipart alternative = (Multipart) alternativePart.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("See the report.\r\nGrüße");
        BodyPart html = alternative.getBodyPart(1);
        assertThat(html.isMimeType("text/html")).isTrue();
        assertThat(html.getContent()).isEqualTo("<p>See the report.</p>\r\n");
        assertThat(html.getHeader("Content-Location")).containsExactly("http://example.org/report.html"); // 1.2.MIME

        MimeBodyPart attachment = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(attachment.isMimeType("application/pdf")).isTrue();
        assertThat(attachment.getDisposition()).isEqualToIgnoringCase(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("Bericht über.pdf");
        assertThat(attachment.getContentID()).isEqualTo("<report@example.org>");
        assertThat(attachment.getDescription()).isEqualTo("The report");
        assertThat(attachment.getHeader("Content-Language")).containsExactly("en, de"); // BODY.PEEK[2.MIME]
        assertThat(attachment.getSize()).isEqualTo(410);
        assertThat(attachment.getEncoding()).isEqualToIgnoringCase("base64");
        try (InputStream in = attachment.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(MimeSamples.ATTACHMENT);
        }
        assertThat(loopback.commands).anyMatch(c -> c.contains("BODYSTRUCTURE"))
                .anyMatch(c -> c.contains("BODY[2]<400.10>")).anyMatch(c -> c.contains("BODY.PEEK[1.2.MIME]"))
                .anyMatch(c -> c.contains("BODY.PEEK[2.MIME]"));
        inbox.close(false);
    }

    @Test
    void deliveryStatusNotification() throws Exception {
        Folder inbox = inbox(Folder.READ_ONLY);
        Message bounce = inbox.getMessage(4);
        assertThat(bounce.isMimeType("multipart/report")).isTrue();
        Multipart report = (Multipart) bounce.getContent();
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(report.getBodyPart(0).getContent())
                .isEqualTo("Your message could not be delivered to carol@example.net.\r\n");
        assertThat(report.getBodyPart(0).getDescription()).isEqualTo("Notification");
        BodyPart status = report.getBodyPart(1);
        assertThat(status.isMimeType("message/delivery-status")).isTrue();
        assertThat(text(status)).contains("Final-Recipient: rfc822; carol@example.net\r\nAction: failed\r\n"
                + "Status: 5.1.1\r\n");
        BodyPart returnedPart = report.getBodyPart(2);
        assertThat(returnedPart.isMimeType("message/rfc822")).isTrue();
        Message returned = (Message) returnedPart.getContent();
        assertThat(returned.getSubject()).isEqualTo("Lunch?");
        assertThat(returned.getFrom()[0].toString()).isEqualTo("alice@example.org");
        assertThat(returned.getHeader("Message-ID")).containsExactly("<lunch@example.org>"); // BODY[3.HEADER]
        assertThat(returned.getContent()).isEqualTo("Shall we have lunch?\r\n");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        returned.writeTo(whole);
        assertThat(whole.toString(UTF_8)).isEqualTo(MimeSamples.RETURNED);
        inbox.close(false);
    }

    @Test
    void plainAndDamagedMessagesReadAsText() throws Exception {
        Folder inbox = inbox(Folder.READ_ONLY);
        assertThat(inbox.getMessage(1).getContent()).isEqualTo("Grüße, Bob.\r\nSecond line\r\n");
        assertThat(inbox.getMessage(5).getContent()).isEqualTo("--x\r\n\r\ntext\r\n--x--\r\n");
        assertThat(inbox.getMessage(6).getContent()).isEqualTo("--other\r\ntext\r\n");
        Multipart broken = (Multipart) inbox.getMessage(7).getContent();
        assertThat(broken.getCount()).isEqualTo(3);
        assertThat(broken.getBodyPart(0).getContent()).isEqualTo("first");
        assertThat(text(broken.getBodyPart(1))).isEqualTo("second");
        assertThat(((Message) broken.getBodyPart(2).getContent()).getContent()).isEqualTo("");
        inbox.close(false);
    }

    @Test
    void readingAPartMarksTheMessageSeen() throws Exception {
        Folder inbox = inbox(Folder.READ_WRITE);
        Multipart alternative = (Multipart) inbox.getMessage(2).getContent();
        assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Hello Bob.");
        assertThat(dir.maildrop("bob@example.net").messages().get(1).flags()).containsExactly("\\Seen");
        assertThat(dir.maildrop("bob@example.net").messages().get(0).flags()).isEmpty();
        inbox.close(false);
    }
}

package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.MailboxDirectory;

/** FETCH BODYSTRUCTURE and BODY byte for byte (RFC 3501 §7.4.2) for the {@link MimeSamples}; damaged MIME never fails. */
class ImapBodyStructureTest {
    static final String PLAIN_BODY = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\" \"FORMAT\" \"flowed\") NIL NIL \"8BIT\" 28 2";
    static final String ALT_PLAIN = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 0";
    static final String ALT_HTML = "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 50 2";
    static final String NIL4 = " NIL NIL NIL NIL)";
    private static final String MANGLE = "\r\n-\"=;:\\(\u00e9";

    private static ImapTalk selected(MailboxDirectory dir) {
        ImapTalk t = new ImapTalk(ImapTalk.plain(), dir);
        t.start();
        t.say("l1 LOGIN bob s3cret\r\n");
        t.say("l2 SELECT INBOX\r\n");
        return t;
    }

    private static String fetch(int message, String item) {
        return selected(MimeSamples.mailbox()).say("f FETCH " + message + " " + item + "\r\n");
    }

    private static String reply(int message, String item, String data) {
        return "* " + message + " FETCH (" + item + " " + data + ")\r\nf OK FETCH completed\r\n";
    }

    @Test
    void plainText() {
        assertThat(fetch(1, "BODYSTRUCTURE")).isEqualTo(reply(1, "BODYSTRUCTURE", PLAIN_BODY + NIL4));
        assertThat(fetch(1, "BODY")).isEqualTo(reply(1, "BODY", PLAIN_BODY + ")"));
    }

    @Test
    void messageWithoutMimeHeadersIsUsAsciiText() {
        assertThat(fetch(8, "BODYSTRUCTURE")).isEqualTo(reply(8, "BODYSTRUCTURE",
                "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 22 1 NIL NIL NIL NIL)"));
    }

    @Test
    void multipartAlternative() {
        assertThat(fetch(2, "BODYSTRUCTURE")).isEqualTo(reply(2, "BODYSTRUCTURE", "(" + ALT_PLAIN + NIL4 + ALT_HTML
                + NIL4 + " \"ALTERNATIVE\" (\"BOUNDARY\" \"alt-1\") NIL NIL NIL)"));
        assertThat(fetch(2, "BODY")).isEqualTo(reply(2, "BODY", "(" + ALT_PLAIN + ")" + ALT_HTML + ") \"ALTERNATIVE\")"));
    }

    @Test
    void multipartMixedWithNestedAlternativeAndAttachment() {
        String alternative = "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 32 1 NIL NIL NIL NIL)"
                + "(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 24 1 NIL NIL NIL "
                + "\"http://example.org/report.html\") \"ALTERNATIVE\" (\"BOUNDARY\" \"alt\") NIL NIL NIL)";
        String attachment = "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<report@example.org>\" \"The report\" "
                + "\"BASE64\" 410 NIL (\"ATTACHMENT\" (\"FILENAME*\" \"utf-8''Bericht%20%C3%BCber.pdf\")) (\"en\" \"de\") NIL)";
        assertThat(fetch(3, "BODYSTRUCTURE")).isEqualTo(reply(3, "BODYSTRUCTURE",
                "(" + alternative + attachment + " \"MIXED\" (\"BOUNDARY\" \"==mix==\") NIL NIL NIL)"));
        assertThat(fetch(3, "BODY")).isEqualTo(reply(3, "BODY", "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL "
                + "\"QUOTED-PRINTABLE\" 32 1)(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 24 1) \"ALTERNATIVE\")"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<report@example.org>\" \"The report\" \"BASE64\" 410)"
                + " \"MIXED\")"));
    }

    @Test
    void deliveryStatusNotificationWithTheReturnedMessage() {
        String envelope = "(NIL \"Lunch?\" ((NIL NIL \"alice\" \"example.org\")) ((NIL NIL \"alice\" \"example.org\")) "
                + "((NIL NIL \"alice\" \"example.org\")) ((NIL NIL \"carol\" \"example.net\")) NIL NIL NIL \"<lunch@example.org>\")";
        assertThat(fetch(4, "BODYSTRUCTURE")).isEqualTo(reply(4, "BODYSTRUCTURE", "("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL \"Notification\" \"7BIT\" 59 1 NIL NIL NIL NIL)"
                + "(\"MESSAGE\" \"DELIVERY-STATUS\" NIL NIL \"Delivery report\" \"7BIT\" 242 NIL NIL NIL NIL)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL \"Undelivered Message\" \"7BIT\" 122 " + envelope
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 22 1 NIL NIL NIL NIL) 6 NIL NIL NIL NIL)"
                + " \"REPORT\" (\"REPORT-TYPE\" \"delivery-status\" \"BOUNDARY\" \"dsn/boundary\") NIL NIL NIL)"));
        assertThat(fetch(4, "BODY")).isEqualTo(reply(4, "BODY", "("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL \"Notification\" \"7BIT\" 59 1)"
                + "(\"MESSAGE\" \"DELIVERY-STATUS\" NIL NIL \"Delivery report\" \"7BIT\" 242)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL \"Undelivered Message\" \"7BIT\" 122 " + envelope
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 22 1) 6) \"REPORT\")"));
    }

    @Test
    void damagedMultipartsBecomePlainText() {
        assertThat(fetch(5, "BODYSTRUCTURE")).as("no boundary parameter").isEqualTo(reply(5, "BODYSTRUCTURE",
                "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 20 4 NIL NIL NIL NIL)"));
        assertThat(fetch(6, "BODYSTRUCTURE")).as("boundary never seen").isEqualTo(reply(6, "BODYSTRUCTURE",
                "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 15 2 NIL NIL NIL NIL)"));
    }

    @Test
    void damagedPartsAreDescribedAsFarAsTheyParse() {
        assertThat(fetch(7, "BODYSTRUCTURE")).isEqualTo(reply(7, "BODYSTRUCTURE", "("
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 5 0 NIL NIL NIL NIL)"
                + "(\"IMAGE\" \"PNG\" NIL NIL NIL \"7BIT\" 6 NIL NIL NIL NIL)"
                + "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 33 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) "
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL) 1 NIL NIL NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)"));
    }

    @Test
    void eightBitAndOddFieldsAreLiteralsOrDefaults() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        dir.maildrop("bob@example.net").append(MimeSamples.lines(
                "Content-Type: TEXT/Plain (comment); Charset=\"iso-8859-1\"; name=Über uns.txt;",
                "Content-Description: Zusammenfassung für Bob",
                "Content-Disposition: inline",
                "Content-Transfer-Encoding: ?invalid",
                "Content-Language: de (German), en-GB",
                "Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==",
                "",
                "x").getBytes(UTF_8));
        assertThat(selected(dir).say("f FETCH 1 BODYSTRUCTURE\r\n")).isEqualTo("* 1 FETCH (BODYSTRUCTURE (\"TEXT\" "
                + "\"PLAIN\" (\"CHARSET\" \"iso-8859-1\" \"NAME\" {13}\r\nÜber uns.txt) NIL {24}\r\nZusammenfassung für Bob "
                + "\"7BIT\" 3 1 \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"INLINE\" NIL) (\"de\" \"en-GB\") NIL))\r\nf OK FETCH completed\r\n");
    }

    @Test
    void multipartDigestPartsAreMessagesByDefault() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        dir.maildrop("bob@example.net").append(MimeSamples.lines("Content-Type: multipart/digest; boundary=d", "",
                "--d", "", "Subject: one", "", "1", "--d--").getBytes(UTF_8));
        assertThat(selected(dir).say("f FETCH 1 BODY\r\n")).isEqualTo("* 1 FETCH (BODY ((\"MESSAGE\" \"RFC822\" NIL NIL "
                + "NIL \"7BIT\" 17 (NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL) (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") "
                + "NIL NIL \"7BIT\" 1 0) 2) \"DIGEST\"))\r\nf OK FETCH completed\r\n");
    }

    @Test
    void deepNestingStopsAtTheLimit() {
        StringBuilder m = new StringBuilder();
        for (int i = 0; i < ImapMimeParser.MAX_DEPTH + 20; i++) {
            m.append("Content-Type: message/rfc822\r\n\r\n");
        }
        m.append("Subject: deep\r\n\r\nbottom\r\n");
        byte[] bytes = m.toString().getBytes(UTF_8);
        ImapMimePart root = ImapMimeParser.parse(bytes, ImapMimeParser.bodyStart(bytes, 0, bytes.length));
        int depth = 0;
        for (ImapMimePart p = root; p.message() != null; p = p.message()) {
            depth++;
        }
        assertThat(depth).isEqualTo(ImapMimeParser.MAX_DEPTH);
    }

    @Test
    void noCutOrMangledSampleBreaksTheServer() {
        Random random = new Random(3501);
        for (String sample : new String[] {MimeSamples.MIXED, MimeSamples.DSN, MimeSamples.BROKEN_PARTS}) {
            byte[] bytes = sample.getBytes(UTF_8);
            for (int cut = 0; cut <= bytes.length; cut += 7) {
                byte[] m = java.util.Arrays.copyOf(bytes, cut);
                for (int k = 0; k < 3 && m.length > 0; k++) {
                    m[random.nextInt(m.length)] = (byte) MANGLE.charAt(random.nextInt(MANGLE.length()));
                }
                MailboxDirectory dir = new MailboxDirectory();
                dir.addUser("bob@example.net", "s3cret");
                dir.maildrop("bob@example.net").append(m);
                ImapServer server = new ImapServer(ImapTalk.plain(), dir);
                server.start();
                String out = new String(exchange(server, "l LOGIN bob s3cret\r\ns SELECT INBOX\r\n"
                        + "f FETCH 1 (BODYSTRUCTURE BODY BODY.PEEK[1.2.MIME] BODY.PEEK[2.1])\r\n"), UTF_8);
                assertThat(out).as("cut at %d", cut).contains("* 1 FETCH (BODYSTRUCTURE (")
                        .endsWith(")\r\nf OK FETCH completed\r\n");
            }
        }
    }

    /** Feeds the server and returns every octet it sends, without the display-line checks of {@link ImapTalk}. */
    private static byte[] exchange(ImapServer server, String client) {
        server.receiveData(client.getBytes(UTF_8));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ImapServerEvent e = server.nextEvent(); !(e instanceof ImapServerEvent.NeedData); e = server.nextEvent()) {
            if (e instanceof ImapServerEvent.Send) {
                out.writeBytes(((ImapServerEvent.Send) e).bytes());
            }
        }
        return out.toByteArray();
    }
}

package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import org.mailtrail.mailbox.MailboxDirectory;
import org.mailtrail.mailbox.Maildrop;

/** Test fixtures: MIME messages of the kinds mail clients meet, each line ended by CRLF, and a mailbox holding them. */
final class MimeSamples {
    private MimeSamples() {
    }

    /** The attachment of {@link #MIXED}: 300 octets of every value, as a PDF it is not. */
    static final byte[] ATTACHMENT = attachment();

    /** (a) A single text/plain part in UTF-8, 8bit: body 28 octets, 2 lines. */
    static final String PLAIN = lines(
            "From: alice@example.org",
            "To: bob@example.net",
            "Subject: Plain",
            "Content-Type: text/plain; charset=utf-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
            "",
            "Grüße, Bob.",
            "Second line");

    /** (b) multipart/alternative with a preamble and an epilogue: plain text, then quoted-printable HTML. */
    static final String ALTERNATIVE = lines(
            "From: alice@example.org",
            "To: bob@example.net",
            "Subject: Alternative",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"alt-1\"",
            "",
            "This is a multi-part message in MIME format.",
            "--alt-1",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Hello Bob.",
            "--alt-1",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "<p>Hello <b>Bob</b>.</p>",
            "<p>Gr=C3=BC=C3=9Fe</p>",
            "",
            "--alt-1--",
            "epilogue");

    /** (c) multipart/mixed: a nested multipart/alternative, then a base64 attachment with RFC 2231 file name. */
    static final String MIXED = lines(
            "From: Alice <alice@example.org>",
            "To: bob@example.net",
            "Subject: Report attached",
            "Date: Tue, 3 Jun 2008 11:05:30 +0200",
            "Message-ID: <mixed-1@example.org>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed;",
            " boundary=\"==mix==\"",
            "",
            "--==mix==",
            "Content-Type: multipart/alternative; boundary=alt",
            "",
            "--alt",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            "See the report.",
            "Gr=C3=BC=C3=9Fe",
            "--alt",
            "Content-Type: text/html; charset=utf-8",
            "Content-Location: http://example.org/report.html",
            "",
            "<p>See the report.</p>",
            "",
            "--alt--",
            "",
            "--==mix==",
            "Content-Type: application/pdf; name=\"report.pdf\"",
            "Content-Disposition: attachment; filename*=utf-8''Bericht%20%C3%BCber.pdf",
            "Content-Transfer-Encoding: base64",
            "Content-ID: <report@example.org>",
            "Content-Description: The report",
            "Content-Language: en, de",
            "",
            Base64.getMimeEncoder().encodeToString(ATTACHMENT),
            "--==mix==--");

    /** The message a {@link #DSN} returns. */
    static final String RETURNED = lines(
            "From: alice@example.org",
            "To: carol@example.net",
            "Subject: Lunch?",
            "Message-ID: <lunch@example.org>",
            "",
            "Shall we have lunch?");

    /** (d) A bounce as RFC 3464 writes it: multipart/report with a notice, the delivery status and the message. */
    static final String DSN = lines(
            "From: Mail Delivery System <MAILER-DAEMON@mx1.example.net>",
            "To: alice@example.org",
            "Subject: Undelivered Mail Returned to Sender",
            "Date: Tue, 3 Jun 2008 11:06:00 +0200",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"dsn/boundary\"",
            "",
            "This is a MIME-encapsulated message.",
            "",
            "--dsn/boundary",
            "Content-Description: Notification",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "Your message could not be delivered to carol@example.net.",
            "",
            "--dsn/boundary",
            "Content-Description: Delivery report",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx1.example.net",
            "Arrival-Date: Tue, 3 Jun 2008 11:05:31 +0200",
            "",
            "Final-Recipient: rfc822; carol@example.net",
            "Action: failed",
            "Status: 5.1.1",
            "Diagnostic-Code: smtp; 550 5.1.1 <carol@example.net>: Recipient address rejected",
            "",
            "--dsn/boundary",
            "Content-Description: Undelivered Message",
            "Content-Type: message/rfc822",
            "",
            RETURNED,
            "--dsn/boundary--");

    /** (e) Damaged MIME: a multipart without a boundary parameter. */
    static final String NO_BOUNDARY = lines(
            "Subject: No boundary",
            "Content-Type: multipart/mixed",
            "",
            "--x",
            "",
            "text",
            "--x--");

    /** (e) Damaged MIME: the boundary never occurs. */
    static final String BOUNDARY_NEVER_SEEN = lines(
            "Subject: Lost boundary",
            "Content-Type: multipart/mixed; boundary=nope",
            "",
            "--other",
            "text");

    /** (e) Damaged MIME: an unbalanced quote in the type, a broken type in a part, no close delimiter. */
    static final String BROKEN_PARTS = lines(
            "Subject: Broken parts",
            "Content-Type: multipart/mixed; boundary=b",
            "",
            "--b",
            "Content-Type: text/",
            "Content-Transfer-Encoding: \"",
            "",
            "first",
            "--b",
            "Content-Type: image/png; name=\"unterminated",
            "",
            "second",
            "--b",
            "Content-Type: message/rfc822",
            "",
            "not a message, no header at all");

    /** A mailbox for bob@example.net ("s3cret") holding the samples in this order, uids 1 to 8. */
    static MailboxDirectory mailbox() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        Maildrop bob = dir.maildrop("bob@example.net");
        for (String m : new String[] {PLAIN, ALTERNATIVE, MIXED, DSN, NO_BOUNDARY, BOUNDARY_NEVER_SEEN, BROKEN_PARTS,
            RETURNED}) {
            bob.append(m.getBytes(UTF_8));
        }
        return dir;
    }

    /** Each line followed by CRLF. */
    static String lines(String... lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append("\r\n");
        }
        return b.toString();
    }

    private static byte[] attachment() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }
}

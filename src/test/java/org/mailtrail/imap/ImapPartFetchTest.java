package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Body sections by part number (RFC 3501 §6.4.5): parts, MIME headers, the message inside message/rfc822, partials. */
class ImapPartFetchTest {

    private static ImapTalk selected() {
        ImapTalk t = new ImapTalk(ImapTalk.plain(), MimeSamples.mailbox());
        t.start();
        t.say("l1 LOGIN bob s3cret\r\n");
        t.say("l2 SELECT INBOX\r\n");
        return t;
    }

    private static String fetch(int message, String item) {
        return selected().say("f FETCH " + message + " " + item + "\r\n");
    }

    private static String literal(int message, String name, String octets) {
        return "* " + message + " FETCH (" + name + " {" + octets.getBytes(UTF_8).length + "}\r\n" + octets
                + ")\r\nf OK FETCH completed\r\n";
    }

    private static String after(String message, String start) {
        return message.substring(message.indexOf(start));
    }

    @Test
    void partsOfAMultipartAreTheirBodiesAsTransferred() {
        String alternativeBody = after(MimeSamples.MIXED, "--alt\r\n");
        alternativeBody = alternativeBody.substring(0, alternativeBody.indexOf("\r\n--==mix==")); // §5.1.1 CRLF
        assertThat(fetch(3, "BODY.PEEK[1]")).isEqualTo(literal(3, "BODY[1]", alternativeBody));
        assertThat(fetch(3, "BODY.PEEK[1.1]")).isEqualTo(literal(3, "BODY[1.1]", "See the report.\r\nGr=C3=BC=C3=9Fe"));
        assertThat(fetch(3, "BODY.PEEK[1.2]")).isEqualTo(literal(3, "BODY[1.2]", "<p>See the report.</p>\r\n"));
        assertThat(fetch(2, "BODY.PEEK[1]")).isEqualTo(literal(2, "BODY[1]", "Hello Bob."));
    }

    @Test
    void anAttachmentComesBackExactly() {
        String response = fetch(3, "BODY.PEEK[2]");
        String base64 = Base64.getMimeEncoder().encodeToString(MimeSamples.ATTACHMENT);
        assertThat(response).isEqualTo(literal(3, "BODY[2]", base64));
        assertThat(Base64.getMimeDecoder().decode(base64)).isEqualTo(MimeSamples.ATTACHMENT);
        assertThat(fetch(3, "BODY.PEEK[2]<0.10>")).isEqualTo(literal(3, "BODY[2]<0>", base64.substring(0, 10)));
        assertThat(fetch(3, "BODY.PEEK[2]<400.100>")).isEqualTo(literal(3, "BODY[2]<400>", base64.substring(400)));
    }

    @Test
    void mimeHeadersOfParts() {
        assertThat(fetch(3, "BODY.PEEK[1.2.MIME]")).isEqualTo(literal(3, "BODY[1.2.MIME]",
                "Content-Type: text/html; charset=utf-8\r\nContent-Location: http://example.org/report.html\r\n\r\n"));
        assertThat(fetch(3, "BODY.PEEK[1.mime]")).isEqualTo(literal(3, "BODY[1.MIME]",
                "Content-Type: multipart/alternative; boundary=alt\r\n\r\n"));
        String header = MimeSamples.PLAIN.substring(0, MimeSamples.PLAIN.indexOf("\r\n\r\n") + 4);
        assertThat(fetch(1, "BODY.PEEK[1.MIME]")).as("a single part: the message header").isEqualTo(
                literal(1, "BODY[1.MIME]", header));
    }

    @Test
    void aSinglePartMessageHasPartOne() {
        assertThat(fetch(1, "BODY.PEEK[1]")).isEqualTo(literal(1, "BODY[1]", "Grüße, Bob.\r\nSecond line\r\n"));
        assertThat(fetch(1, "BODY.PEEK[2]")).isEqualTo("* 1 FETCH (BODY[2] NIL)\r\nf OK FETCH completed\r\n");
        assertThat(fetch(1, "BODY.PEEK[1.1]")).isEqualTo("* 1 FETCH (BODY[1.1] NIL)\r\nf OK FETCH completed\r\n");
    }

    @Test
    void theMessageInsideAMessageRfc822Part() {
        String returned = MimeSamples.RETURNED;
        String header = returned.substring(0, returned.indexOf("\r\n\r\n") + 4);
        assertThat(fetch(4, "BODY.PEEK[3]")).isEqualTo(literal(4, "BODY[3]", returned));
        assertThat(fetch(4, "BODY.PEEK[3.HEADER]")).isEqualTo(literal(4, "BODY[3.HEADER]", header));
        assertThat(fetch(4, "BODY.PEEK[3.TEXT]")).isEqualTo(literal(4, "BODY[3.TEXT]", "Shall we have lunch?\r\n"));
        assertThat(fetch(4, "BODY.PEEK[3.1]")).isEqualTo(literal(4, "BODY[3.1]", "Shall we have lunch?\r\n"));
        assertThat(fetch(4, "BODY.PEEK[3.1.MIME]")).isEqualTo(literal(4, "BODY[3.1.MIME]", header));
        assertThat(fetch(4, "BODY.PEEK[3.HEADER.FIELDS (Subject)]"))
                .isEqualTo(literal(4, "BODY[3.HEADER.FIELDS (Subject)]", "Subject: Lunch?\r\n\r\n"));
        assertThat(fetch(4, "BODY.PEEK[3.HEADER.FIELDS.NOT (Subject From To)]"))
                .isEqualTo(literal(4, "BODY[3.HEADER.FIELDS.NOT (Subject From To)]", "Message-ID: <lunch@example.org>\r\n\r\n"));
        assertThat(fetch(4, "BODY.PEEK[3.MIME]")).isEqualTo(literal(4, "BODY[3.MIME]",
                "Content-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n"));
        assertThat(fetch(4, "BODY.PEEK[2]")).startsWith("* 4 FETCH (BODY[2] {242}\r\nReporting-MTA: dns;");
    }

    @ParameterizedTest
    @CsvSource({"3, 3", "3, 1.3", "3, 2.1", "3, 2.HEADER", "3, 2.TEXT", "4, 1.HEADER.FIELDS (Subject)", "4, 3.2",
        "4, 3.1.1", "2, 999999999"})
    void partsTheMessageDoesNotHaveAreNil(int message, String section) {
        assertThat(fetch(message, "BODY.PEEK[" + section + "]"))
                .isEqualTo("* " + message + " FETCH (BODY[" + section + "] NIL)\r\nf OK FETCH completed\r\n");
    }

    @Test
    void nilKeepsThePartialOrigin() {
        assertThat(fetch(3, "BODY.PEEK[7]<5.10>")).isEqualTo("* 3 FETCH (BODY[7]<5> NIL)\r\nf OK FETCH completed\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BODY[0]|Bad part number in section 0", "BODY[1.]|Bad part number in section 1.",
        "BODY[01]|Bad part number in section 01", "BODY[1.0.TEXT]|Bad part number in section 1.0.TEXT",
        "BODY[1234567890]|Bad part number in section 1234567890", "BODY[MIME]|Unsupported section MIME",
        "BODY[1.2.X]|Unsupported section 1.2.X", "BODY[1.TEXT.MIME]|Unsupported section 1.TEXT.MIME",
        "BODY.PEEK|Unsupported data item BODY.PEEK", "BODY[1.HEADER.FIELDS]|Expected a space"})
    void badSectionsAreBad(String item, String reason) {
        assertThat(fetch(3, item)).isEqualTo("f BAD " + reason + "\r\n");
    }

    @Test
    void aPartWithoutPeekSetsSeenAndStructureDoesNot() {
        ImapTalk t = selected();
        assertThat(t.say("a FETCH 3 (BODYSTRUCTURE BODY)\r\n")).doesNotContain("FLAGS");
        assertThat(t.bob().messages().get(2).flags()).isEmpty();
        assertThat(t.say("b FETCH 3 BODY[1.1]\r\n")).startsWith("* 3 FETCH (FLAGS (\\Seen) BODY[1.1] {32}\r\n");
        assertThat(t.bob().messages().get(2).flags()).containsExactly("\\Seen");
    }

    @Test
    void uidFetchOfStructureAndPartsTogether() {
        assertThat(selected().say("u UID FETCH 2 (BODY.PEEK[1] BODY.PEEK[2.MIME])\r\n")).isEqualTo("* 2 FETCH (UID 2 "
                + "BODY[1] {10}\r\nHello Bob. BODY[2.MIME] {87}\r\nContent-Type: text/html; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n)\r\nu OK UID FETCH completed\r\n");
    }
}

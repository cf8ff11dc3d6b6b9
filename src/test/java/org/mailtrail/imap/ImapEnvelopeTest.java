package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImapEnvelopeTest {

    private static String envelope(String header) {
        byte[] content = (header + "\r\nbody\r\n").getBytes(UTF_8);
        ImapResponse r = new ImapResponse();
        ImapEnvelope.write(content, header.getBytes(UTF_8).length + 2, r);
        return new String(r.bytes(), UTF_8);
    }

    @Test
    void fieldsAreUnfoldedAndKeepTheirOctets() {
        String h = "Subject: a\r\n  folded\r\nX-Empty:\r\nTo: b\r\n\r\n";
        byte[] c = (h + "body").getBytes(UTF_8);
        List<ImapEnvelope.Field> f = ImapEnvelope.fields(c, h.length());
        assertThat(f).containsExactly(new ImapEnvelope.Field("Subject", "a  folded", 0, 22),
                new ImapEnvelope.Field("X-Empty", "", 22, 32), new ImapEnvelope.Field("To", "b", 32, 39));
        assertThat(ImapEnvelope.value(f, "subject")).isEqualTo("a  folded");
        assertThat(ImapEnvelope.value(f, "Cc")).isNull();
        assertThat(new String(ImapEnvelope.headerFields(c, h.length(), List.of("SUBJECT"), false), UTF_8))
                .isEqualTo("Subject: a\r\n  folded\r\n\r\n");
        assertThat(new String(ImapEnvelope.headerFields(c, h.length(), List.of("subject"), true), UTF_8))
                .isEqualTo("X-Empty:\r\nTo: b\r\n\r\n");
    }

    @Test
    void aHeaderWithoutEmptyLineOrColon() {
        byte[] c = "Subject: x\r\nnonsense".getBytes(UTF_8);
        assertThat(ImapEnvelope.fields(c, c.length)).containsExactly(new ImapEnvelope.Field("Subject", "x", 0, 12),
                new ImapEnvelope.Field("nonsense", "", 12, 20));
    }

    @Test
    void fullEnvelope() {
        String h = "Date: Tue, 3 Jun 2008 11:05:30 +0200\r\nSubject: Re: \"quoted\" \\ back\r\n"
                + "From: \"Alice A.\" <alice@example.org>\r\nSender: sec@example.org\r\nReply-To: \r\n"
                + "To: Bob <bob@example.net>, carol@example.net (Carol)\r\nCc: undisclosed-recipients:;\r\n"
                + "Bcc: Team: dan@example.net, \"E, F\" <ef@example.net>;\r\n"
                + "In-Reply-To: <0@x>\r\nMessage-ID: <1@x>\r\n";
        assertThat(envelope(h)).isEqualTo("(\"Tue, 3 Jun 2008 11:05:30 +0200\" \"Re: \\\"quoted\\\" \\\\ back\" "
                + "((\"Alice A.\" NIL \"alice\" \"example.org\")) ((NIL NIL \"sec\" \"example.org\")) "
                + "((\"Alice A.\" NIL \"alice\" \"example.org\")) "
                + "((\"Bob\" NIL \"bob\" \"example.net\")(NIL NIL \"carol\" \"example.net\")) "
                + "((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) "
                + "((NIL NIL \"Team\" NIL)(NIL NIL \"dan\" \"example.net\")(\"E, F\" NIL \"ef\" \"example.net\")(NIL NIL NIL NIL)) "
                + "\"<0@x>\" \"<1@x>\")");
    }

    @Test
    void emptyHeaderAndEightBitText() {
        assertThat(envelope("X: y\r\n")).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
        assertThat(envelope("Subject: Gr\u00fc\u00dfe\r\nFrom: local-only\r\n"))
                .isEqualTo("(NIL {7}\r\nGr\u00fc\u00dfe ((NIL NIL \"local-only\" NIL)) ((NIL NIL \"local-only\" NIL)) "
                        + "((NIL NIL \"local-only\" NIL)) NIL NIL NIL NIL NIL)");
    }

    @Test
    void splittingAddressLists() {
        assertThat(ImapEnvelope.split("a@b, \"x, y\" <c@d>, (c, d) e@f ,, g@h"))
                .containsExactly("a@b", "\"x, y\" <c@d>", "(c, d) e@f", "g@h");
        assertThat(ImapEnvelope.split("\"a \\\" , b\" <x@y>")).containsExactly("\"a \\\" , b\" <x@y>");
        assertThat(ImapEnvelope.split("")).isEmpty();
    }

    @Test
    void nstrings() {
        ImapResponse r = new ImapResponse();
        ImapEnvelope.nstring(null, r);
        r.text(" ");
        ImapEnvelope.nstring("", r);
        r.text(" ");
        ImapEnvelope.nstring("tab\there", r);
        assertThat(new String(r.bytes(), UTF_8)).isEqualTo("NIL \"\" {8}\r\ntab\there");
    }

    @Test
    void internalDates() {
        byte[] gmt = "Date: Mon, 1 Jan 2024 00:00:00 GMT\r\n\r\n".getBytes(UTF_8);
        assertThat(ImapEnvelope.internalDate(gmt, gmt.length)).isEqualTo("01-Jan-2024 00:00:00 +0000");
        byte[] none = "Subject: x\r\n\r\n".getBytes(UTF_8);
        assertThat(ImapEnvelope.internalDate(none, none.length)).isEqualTo("01-Jan-1970 00:00:00 +0000");
    }
}

package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DotStuffingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void leadingDotIsDoubledAndTerminatorAppended() {
        assertThat(s(DotStuffing.encode(b("Hi\r\n.hidden\r\n..two\r\n"))))
                .isEqualTo("Hi\r\n..hidden\r\n...two\r\n.\r\n");
    }

    @Test
    void lineThatIsJustADotIsStuffed() {
        assertThat(s(DotStuffing.encode(b("a\r\n.\r\nb\r\n")))).isEqualTo("a\r\n..\r\nb\r\n.\r\n");
        assertThat(DotStuffing.wireLines(b("a\r\n.\r\nb"))).containsExactly("a", "..", "b", ".");
    }

    @Test
    void bareLfAndBareCrAreNormalisedToCrlf() {
        assertThat(s(DotStuffing.encode(b("a\nb\rc\r\nd\n\n")))).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\n.\r\n");
    }

    @Test
    void finalCrlfIsAddedWhenMissing() {
        assertThat(s(DotStuffing.encode(b("no newline")))).isEqualTo("no newline\r\n.\r\n");
        assertThat(s(DotStuffing.encode(b(".")))).isEqualTo("..\r\n.\r\n");
    }

    @Test
    void emptyContentIsJustTheTerminator() {
        assertThat(s(DotStuffing.encode(new byte[0]))).isEqualTo(".\r\n");
        assertThat(DotStuffing.wireLines(new byte[0])).containsExactly(".");
    }

    @Test
    void dataDecoderUnstuffsAndStopsRightAfterTheTerminator() {
        byte[] wire = b("Subject: x\r\n\r\n..dot\r\n..\r\nend\r\n.\r\nQUIT\r\n");
        DataDecoder d = new DataDecoder(1000);
        int consumed = d.feed(wire, 0, wire.length);
        assertThat(consumed).isEqualTo(wire.length - "QUIT\r\n".length());
        assertThat(d.isComplete()).isTrue();
        assertThat(s(d.content())).isEqualTo("Subject: x\r\n\r\n.dot\r\n.\r\nend\r\n");
        assertThat(d.size()).isEqualTo(d.content().length);
        assertThat(d.feed(wire, consumed, wire.length - consumed)).as("nothing consumed once complete").isZero();
    }

    @Test
    void dataDecoderByteByByte() {
        byte[] wire = b("a\r\n.b\r\n.\r\nMAIL");
        DataDecoder d = new DataDecoder(0);
        int total = 0;
        for (int i = 0; i < wire.length && !d.isComplete(); i++) {
            total += d.feed(wire, i, 1);
        }
        assertThat(total).isEqualTo(wire.length - 4);
        assertThat(s(d.content())).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void terminatorSplitAcrossChunksIsNotSeenEarly() {
        DataDecoder d = new DataDecoder(0);
        d.feed(b("x\r\n."));
        assertThat(d.isComplete()).isFalse();
        d.feed(b("y\r\n.\r"));
        assertThat(d.isComplete()).isFalse();
        assertThat(d.feed(b("\n"))).isEqualTo(1);
        assertThat(d.isComplete()).isTrue();
        assertThat(s(d.content())).isEqualTo("x\r\ny\r\n");
    }

    @Test
    void anEmptyMessageEndsAtOnce() {
        DataDecoder d = new DataDecoder(0);
        d.feed(b(".\r\n"));
        assertThat(d.isComplete()).isTrue();
        assertThat(d.content()).isEmpty();
    }

    @Test
    void onlyCrlfDotCrlfEndsTheDataSoNoSecondMessageCanBeSmuggledIn() {
        // the end-of-data variants of the 2023 "SMTP smuggling" attacks: each is content here, so the
        // MAIL FROM after it is a line of the first message, not a second transaction
        for (String fake : new String[] {"\r\n.\n", "\n.\r\n", "\n.\n"}) {
            DataDecoder d = new DataDecoder(0);
            String wire = "Subject: outer\r\n\r\nbody" + fake + "MAIL FROM:<ceo@example.net>\r\n";
            assertThat(d.feed(b(wire))).as(fake).isEqualTo(wire.length());
            assertThat(d.isComplete()).as(fake).isFalse();
            assertThat(s(d.content())).as(fake).contains("MAIL FROM:<ceo@example.net>\r\n");
            d.feed(b("tail\r\n.\r\nQUIT\r\n"));
            assertThat(d.isComplete()).as(fake).isTrue();
            assertThat(s(d.content())).as(fake).endsWith("tail\r\n");
        }
        // the decoder still takes bare LF lines as lines (normalised to CRLF), for observers (proxy, capture); it
        // records the bare LF, which the server refuses (SmtpServerBareLineEndTest)
        DataDecoder lf = new DataDecoder(0);
        lf.feed(b("a\nb\r\n.\r\n"));
        assertThat(lf.isComplete()).isTrue();
        assertThat(s(lf.content())).isEqualTo("a\r\nb\r\n");
        assertThat(lf.bareLineEnd()).isEqualTo("LF");
    }

    @Test
    void theFirstBareLfOrBareCrIsRecordedWithTheLinesAsTheyCame() {
        DataDecoder lf = new DataDecoder(0);
        lf.feed(b("a\r\n..b\r\n.c\nd\n.\r\n"));
        assertThat(lf.bareLineEnd()).isEqualTo("LF");
        assertThat(lf.bareLineNumber()).isEqualTo(3);
        assertThat(lf.linesToBareLineEnd()).containsExactly("a", "..b", ".c");
        DataDecoder cr = new DataDecoder(0);
        cr.feed(b("a\r\nb\r"));
        assertThat(cr.bareLineEnd()).as("a CR at the end of a chunk may still be a CRLF").isNull();
        cr.feed(b("c\r\n.\r\n"));
        assertThat(cr.bareLineEnd()).isEqualTo("CR");
        assertThat(cr.bareLineNumber()).isEqualTo(2);
        assertThat(cr.linesToBareLineEnd()).containsExactly("a", "b");
        DataDecoder crlf = new DataDecoder(0);
        crlf.feed(b("a\r"));
        crlf.feed(b("\n.\r"));
        crlf.feed(b("\n"));
        assertThat(crlf.isComplete()).isTrue();
        assertThat(crlf.bareLineEnd()).isNull();
        assertThat(crlf.linesToBareLineEnd()).isEmpty();
    }

    @Test
    void textLineOf1000OctetsIsAcceptedAnd1001Flagged() {
        DataDecoder ok = new DataDecoder(0);
        ok.feed(b("x".repeat(998) + "\r\n.\r\n"));
        assertThat(ok.isComplete()).isTrue();
        assertThat(ok.lineTooLong()).isFalse();
        DataDecoder bad = new DataDecoder(0);
        bad.feed(b("x".repeat(999) + "\r\n.\r\n"));
        assertThat(bad.isComplete()).isTrue();
        assertThat(bad.lineTooLong()).isTrue();
    }

    @Test
    void contentBeyondMaxSizeIsCountedButNotStored() {
        DataDecoder d = new DataDecoder(10);
        byte[] wire = b("0123456789abcdef\r\nmore\r\n.\r\n");
        assertThat(d.feed(wire)).isEqualTo(wire.length);
        assertThat(d.isComplete()).isTrue();
        assertThat(d.sizeExceeded()).isTrue();
        assertThat(d.size()).isEqualTo(24);
        assertThat(d.content()).hasSize(10);
    }

    @Test
    void roundTripEncodeThenDecodeGivesNormalisedContent() {
        Random random = new Random(5321L);
        byte[] alphabet = b("ab.\r\n\u00e9 ");
        for (int trial = 0; trial < 300; trial++) {
            byte[] content = new byte[random.nextInt(200)];
            for (int i = 0; i < content.length; i++) {
                content[i] = alphabet[random.nextInt(alphabet.length)];
            }
            byte[] wire = DotStuffing.encode(content);
            byte[] withTail = Arrays.copyOf(wire, wire.length + 6);
            System.arraycopy(b("QUIT\r\n"), 0, withTail, wire.length, 6);
            DataDecoder d = new DataDecoder(0);
            int consumed = 0;
            while (consumed < withTail.length && !d.isComplete()) {
                int len = Math.min(withTail.length - consumed, 1 + random.nextInt(17));
                consumed += d.feed(withTail, consumed, len);
            }
            assertThat(consumed).isEqualTo(wire.length);
            assertThat(d.content()).as("trial %d", trial).isEqualTo(normalise(content));
        }
    }

    private static byte[] normalise(byte[] content) {
        String iso = new String(content, StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        if (!iso.isEmpty() && !iso.endsWith("\r\n")) {
            iso += "\r\n";
        }
        return iso.getBytes(StandardCharsets.ISO_8859_1);
    }
}

package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImapLineReaderTest {

    private static List<ImapLineReader.Item> feed(ImapLineReader r, String s) {
        List<ImapLineReader.Item> out = new ArrayList<>();
        for (byte b : s.getBytes(UTF_8)) {
            ImapLineReader.Item item = r.accept(b);
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    @Test
    void aLineWithLiteralsComesAsPieces() {
        ImapLineReader r = new ImapLineReader();
        List<ImapLineReader.Item> items = feed(r, "a LOGIN {3}\r\nbob {2+}\r\n\r\n\r\nb NOOP\n");
        assertThat(items).hasSize(3);
        assertThat(items.get(0)).isInstanceOf(ImapLineReader.Continue.class);
        ImapLineReader.Command c = (ImapLineReader.Command) items.get(1);
        assertThat(c.texts()).containsExactly("a LOGIN {3}", " {2+}", "");
        assertThat(c.literals()).extracting(b -> new String(b, UTF_8)).containsExactly("bob", "\r\n");
        assertThat(((ImapLineReader.Command) items.get(2)).texts()).containsExactly("b NOOP");
    }

    @Test
    void anEmptyLiteralStillNeedsTheContinuation() {
        ImapLineReader r = new ImapLineReader();
        List<ImapLineReader.Item> items = feed(r, "a X {0}\r\n\r\n");
        assertThat(items.get(0)).isInstanceOf(ImapLineReader.Continue.class);
        ImapLineReader.Command c = (ImapLineReader.Command) items.get(1);
        assertThat(c.literals()).hasSize(1);
        assertThat(c.literals().get(0)).isEmpty();
    }

    @Test
    void literalMarkers() {
        assertThat(ImapLineReader.literalMarker("a {12}")).isEqualTo(2);
        assertThat(ImapLineReader.literalMarker("a {12+}")).isEqualTo(2);
        assertThat(ImapLineReader.literalMarker("{1}")).isZero();
        assertThat(ImapLineReader.literalMarker("a {}")).isEqualTo(-1);
        assertThat(ImapLineReader.literalMarker("a {+}")).isEqualTo(-1);
        assertThat(ImapLineReader.literalMarker("a {1x}")).isEqualTo(-1);
        assertThat(ImapLineReader.literalMarker("a 12}")).isEqualTo(-1);
        assertThat(ImapLineReader.literalMarker("a {12} ")).isEqualTo(-1);
        assertThat(ImapLineReader.literalMarker("}")).isEqualTo(-1);
    }

    @Test
    void tagsOfRefusedLines() {
        assertThat(ImapLineReader.tagOf("a1 LOGIN")).isEqualTo("a1");
        assertThat(ImapLineReader.tagOf("a1")).isEqualTo("a1");
        assertThat(ImapLineReader.tagOf("+x LOGIN")).isEqualTo("*");
        assertThat(ImapLineReader.tagOf(" LOGIN")).isEqualTo("*");
    }

    @Test
    void resetForgetsAHalfReadLiteral() {
        ImapLineReader r = new ImapLineReader();
        feed(r, "a LOGIN {10}\r\nbo");
        r.reset();
        List<ImapLineReader.Item> items = feed(r, "b NOOP\r\n");
        assertThat(items).hasSize(1);
        assertThat(((ImapLineReader.Command) items.get(0)).texts()).containsExactly("b NOOP");
    }

    @Test
    void otherLimitsForTheClient() {
        ImapLineReader r = new ImapLineReader(5, 3, 1);
        assertThat(feed(r, "12345\r\n")).hasSize(1).first().isInstanceOf(ImapLineReader.Command.class);
        assertThat(feed(r, "123456\r\n")).containsExactly(new ImapLineReader.Refused("123456", "Command line too long", false));
        assertThat(feed(r, "* {4}\r\n")).containsExactly(new ImapLineReader.Refused("*", "Literal too large", false));
        assertThat(feed(r, "* {1}\r\nx{1}\r\n")).containsExactly(new ImapLineReader.Continue(),
                new ImapLineReader.Refused("*", "Too many literals", false));
    }
}

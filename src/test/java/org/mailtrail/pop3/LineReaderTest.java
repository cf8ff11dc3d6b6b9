package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void cutsAtLineFeedsAndDropsTheCrBeforeThem() {
        LineReader r = new LineReader(10);
        r.feed("ab\r\ncd\nef\rgh\r\nrest".getBytes(UTF_8));
        assertThat(r.next().text()).isEqualTo("ab");
        assertThat(r.next().text()).isEqualTo("cd");
        assertThat(r.next().text()).isEqualTo("ef\rgh");
        assertThat(r.next()).isNull();
        r.feed("\r".getBytes(UTF_8));
        assertThat(r.next()).isNull();
        r.feed("\n".getBytes(UTF_8));
        LineReader.Line line = r.next();
        assertThat(line.text()).isEqualTo("rest");
        assertThat(line.tooLong()).isFalse();
        assertThat(line.bytes()).isEqualTo("rest".getBytes(UTF_8));
    }

    @Test
    void aLineOfTheLimitPassesOneOverIsDroppedWhole() {
        LineReader r = new LineReader(4);
        r.feed("1234\r\n12345\r\n123456789\nok\n1234\n".getBytes(UTF_8));
        assertThat(r.next().text()).isEqualTo("1234");
        LineReader.Line over = r.next();
        assertThat(over.tooLong()).isTrue();
        assertThat(over.bytes()).isEmpty();
        assertThat(r.next().tooLong()).isTrue();
        assertThat(r.next().text()).isEqualTo("ok");
        assertThat(r.next().text()).isEqualTo("1234");
        assertThat(r.next()).isNull();
    }

    @Test
    void growsForLongLinesWithinTheLimit() {
        LineReader r = new LineReader(1000);
        String s = "x".repeat(1000);
        r.feed((s + "\r\n").getBytes(UTF_8));
        assertThat(r.next().text()).isEqualTo(s);
    }

    @Test
    void clearForgetsLinesAndPartialLines() {
        LineReader r = new LineReader(4);
        r.feed("ab\ncd".getBytes(UTF_8));
        r.clear();
        r.feed("ef\n".getBytes(UTF_8));
        assertThat(r.next().text()).isEqualTo("ef");
        r.feed("123456".getBytes(UTF_8));
        r.clear();
        r.feed("12\n".getBytes(UTF_8));
        LineReader.Line l = r.next();
        assertThat(l.tooLong()).isFalse();
        assertThat(l.text()).isEqualTo("12");
    }
}

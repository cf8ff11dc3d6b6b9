package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * A zone file with old Mac line ends (a lone CR) or Windows ones (CRLF): every error names the line an editor shows,
 * whichever part of the reader finds it (found by the fuzzing run: a reported line lay beyond the file).
 */
class ZoneLineEndingsTest {
    private static final String SOA = "$ORIGIN example.net.\n$TTL 3600\n"
            + "@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n";

    private static int line(String text) {
        return catchThrowableOfType(() -> WorldZones.parse(text, "z.zone"), ZoneFileException.class).line();
    }

    @Test
    void aRecordOfTheWrongClassIsFoundOnItsOwnLine() {
        String unix = SOA + "; a comment\nmx1 3600 CH A 192.0.2.1\n";
        assertThat(line(unix)).isEqualTo(5);
        assertThat(line(unix.replace("\n", "\r"))).as("lone CR").isEqualTo(5);
        assertThat(line(unix.replace("\n", "\r\n"))).as("CRLF").isEqualTo(5);
    }

    @Test
    void aSyntaxErrorIsFoundOnItsOwnLine() {
        String unix = "; one\n; two\n\n @@@@ \n";
        assertThat(line(unix)).isEqualTo(4);
        assertThat(line(unix.replace("\n", "\r"))).isEqualTo(4);
        assertThat(line(unix.replace("\n", "\r\n"))).isEqualTo(4);
    }
}

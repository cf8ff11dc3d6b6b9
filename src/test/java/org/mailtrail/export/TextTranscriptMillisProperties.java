package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The hand-written duration text says exactly what String.format said before it (the transcripts stay byte-identical). */
class TextTranscriptMillisProperties {

    @Property(tries = 2000)
    void underAMinuteIsMillisecondsWithThreeDecimals(@ForAll @LongRange(min = -59_999_999L, max = 59_999_999L) long micros) {
        assertThat(TextTranscript.millis(micros)).isEqualTo(String.format(Locale.ROOT, "%.3f ms", micros / 1000.0));
    }

    @Property(tries = 500)
    void fromAMinuteOnIsMinutesAndSeconds(@ForAll @LongRange(min = 60_000_000L, max = 86_400_000_000L) long micros) {
        assertThat(TextTranscript.millis(micros)).isEqualTo(String.format(Locale.ROOT, "%d min %d s",
                micros / 60_000_000L, micros / 1_000_000L % 60));
    }

    @Test
    void edges() {
        assertThat(TextTranscript.millis(0)).isEqualTo("0.000 ms");
        assertThat(TextTranscript.millis(7)).isEqualTo("0.007 ms");
        assertThat(TextTranscript.millis(-500)).isEqualTo("-0.500 ms");
        assertThat(TextTranscript.millis(12_345)).isEqualTo("12.345 ms");
        assertThat(TextTranscript.millis(59_999_999)).isEqualTo("59999.999 ms");
        assertThat(TextTranscript.millis(60_000_000)).isEqualTo("1 min 0 s");
    }
}

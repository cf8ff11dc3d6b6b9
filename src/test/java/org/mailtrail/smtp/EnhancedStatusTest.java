package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EnhancedStatusTest {
    /** The RFC 3463 syntax as a regular expression, as the parser was first written. */
    private static final Pattern SYNTAX = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: |\\z)");

    private static Optional<EnhancedStatus> byRegex(String text) {
        Matcher m = SYNTAX.matcher(text);
        return m.find() ? Optional.of(new EnhancedStatus(Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    @Test
    void parseAgreesWithTheRegularExpression() {
        Random r = new Random(7);
        String alphabet = "2345.0919 x.";
        int found = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            Optional<EnhancedStatus> expected = byRegex(s);
            assertThat(EnhancedStatus.parse(s)).as(s).isEqualTo(expected);
            found += expected.isPresent() ? 1 : 0;
        }
        assertThat(found).isGreaterThan(100);
    }

    @Test
    void typicalReplies() {
        assertThat(EnhancedStatus.parse("2.1.5 Ok")).contains(new EnhancedStatus(2, 1, 5));
        assertThat(EnhancedStatus.parse("5.7.1 <x@y>: Relay access denied")).contains(new EnhancedStatus(5, 7, 1));
        assertThat(EnhancedStatus.parse("2.0.0")).contains(new EnhancedStatus(2, 0, 0));
        assertThat(EnhancedStatus.parse("2.0.0.")).isEmpty();
        assertThat(EnhancedStatus.parse("Ok")).isEmpty();
        assertThat(EnhancedStatus.parse("")).isEmpty();
        assertThat(EnhancedStatus.parse("2..0")).isEmpty();
        assertThat(EnhancedStatus.parse("2.١.0")).isEmpty(); // only ASCII digits
    }
}

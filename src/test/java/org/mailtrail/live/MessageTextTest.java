package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void crlfLinesSplitsAsStringSplitDoes() {
        for (String s : new String[] {"", "\r\n", "a", "a\r\n", "Received: from x\r\n\tby y\r\n", "\r\na", "a\r\n\r\n",
            "a\rb\nc\r\n", "\r\n\r\n"}) {
            assertThat(MessageText.crlfLines(s)).as(s).containsExactlyElementsOf(Arrays.asList(s.split("\r\n")));
        }
        Random r = new Random(5321);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                b.append("\r\na".charAt(r.nextInt(3)));
            }
            String s = b.toString();
            assertThat(MessageText.crlfLines(s)).as(s).containsExactlyElementsOf(Arrays.asList(s.split("\r\n")));
        }
    }

    private static String subject(String header) {
        return MessageText.subjectOf((header + "\r\n\r\nbody\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theSubjectIsShownAsAReaderSeesIt() {
        assertThat(subject("From: a@example.org\r\nSubject: Lunch on Friday?")).isEqualTo("Lunch on Friday?");
        // RFC 2047 encoded words, as Angus Mail and most clients write non-ASCII subjects; folded
        assertThat(subject("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=")).isEqualTo("Grüße aus Köln");
        assertThat(subject("subject: =?UTF-8?B?TWl0dGFnZXNzZW4gYW0gRnJlaXRhZz8=?=\r\n =?ISO-8859-1?Q?_=FCbermorgen?="))
                .isEqualTo("Mittagessen am Freitag? übermorgen");
        // SMTPUTF8: the header itself in UTF-8
        assertThat(subject("Subject: Grüße")).isEqualTo("Grüße");
        // a decoded CR or LF (or any control character) never makes a second line
        assertThat(subject("Subject: =?UTF-8?Q?one=0D=0Atwo=00?=")).isEqualTo("one  two ");
        // an unknown charset or a malformed word: the text as it came
        assertThat(subject("Subject: =?X-NO-SUCH-CHARSET?Q?abc?=")).isEqualTo("=?X-NO-SUCH-CHARSET?Q?abc?=");
        assertThat(subject("Subject: =?UTF-8?Q?unfinished")).isEqualTo("=?UTF-8?Q?unfinished");
        assertThat(subject("From: a@example.org")).isEmpty();
    }
}

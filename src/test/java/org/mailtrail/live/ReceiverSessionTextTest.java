package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiverSessionTextTest {
    @Test
    void crlfLinesSplitsAsStringSplitDoes() {
        for (String s : new String[] {"", "\r\n", "a", "a\r\n", "Received: from x\r\n\tby y\r\n", "\r\na", "a\r\n\r\n",
            "a\rb\nc\r\n", "\r\n\r\n"}) {
            assertThat(ReceiverSession.crlfLines(s)).as(s).containsExactlyElementsOf(Arrays.asList(s.split("\r\n")));
        }
        Random r = new Random(5321);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(12); k > 0; k--) {
                b.append("\r\na".charAt(r.nextInt(3)));
            }
            String s = b.toString();
            assertThat(ReceiverSession.crlfLines(s)).as(s).containsExactlyElementsOf(Arrays.asList(s.split("\r\n")));
        }
    }
}

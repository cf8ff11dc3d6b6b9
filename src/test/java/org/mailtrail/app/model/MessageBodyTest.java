package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The text of a received message for the Message form: its first plain part, and nothing for what cannot be read. */
class MessageBodyTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstPlainPartDecodedWithPlainLineEnds() {
        assertThat(MessageBody.textOf(bytes("Subject: a\r\n\r\nline one\r\nline two\r\n"))).isEqualTo(
                "line one\nline two\n");
        assertThat(MessageBody.textOf(bytes("Subject: a\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
                + "boundary=\"o\"\r\n\r\n--o\r\nContent-Type: multipart/alternative; boundary=\"i\"\r\n\r\n--i\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "R3LDvMOfZQ==\r\n--i--\r\n--o--\r\n"))).as("nested, base64").isEqualTo("Grüße");
    }

    @Test
    void nothingForWhatCannotBeReadOrIsTooLong() {
        assertThat(MessageBody.textOf(null)).isEmpty();
        assertThat(MessageBody.textOf(new byte[0])).isEmpty();
        assertThat(MessageBody.textOf(bytes("Content-Type: image/png\r\n\r\nxxxx\r\n"))).isEmpty();
        String text = "x".repeat(MessageBody.MAX_READ - 40) + "\r\n";
        assertThat(MessageBody.textOf(bytes("Subject: a\r\n\r\n" + text))).as("just under the bound").hasSize(
                text.length() - 1);
        assertThat(MessageBody.textOf(bytes("Subject: a\r\n\r\n" + text + "more\r\n".repeat(20)))).as(
                "over it: no truncated text for Run to send").isEmpty();
    }
}

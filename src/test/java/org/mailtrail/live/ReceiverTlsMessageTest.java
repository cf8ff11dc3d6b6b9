package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** A failed read or write is said in words in the transcript, never as a Java exception's name (tester finding). */
class ReceiverTlsMessageTest {
    @Test
    void anExceptionWithoutAMessageIsSaidInWords() {
        assertThat(ReceiverTls.message(new AsynchronousCloseException())).isEqualTo(
                "the connection was closed while a read or write waited for the client (the server's time limit)");
        assertThat(ReceiverTls.message(new ClosedChannelException())).isEqualTo("the connection was already closed");
        assertThat(ReceiverTls.message(new EOFException())).isEqualTo("the connection ended");
        assertThat(ReceiverTls.message(new IOException())).isEqualTo("network error");
        assertThat(ReceiverTls.message(new IOException(" "))).isEqualTo("network error");
    }

    @Test
    void theSystemsOwnMessageIsKept() {
        assertThat(ReceiverTls.message(new IOException("Connection reset by peer"))).isEqualTo("Connection reset by peer");
    }
}

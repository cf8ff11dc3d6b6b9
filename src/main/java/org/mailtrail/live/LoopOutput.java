package org.mailtrail.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The output of a {@link ReceiverSession} while it is on an {@link EventLoop}: replies collect here and
 * {@link #flush()} writes what the socket takes without waiting; what it does not take stays pending, and the
 * session moves to a thread to send it (or, on the store pool, {@link #flushWaiting()} waits for the socket).
 */
final class LoopOutput extends OutputStream {
    private final SocketChannel channel;
    private byte[] buf = new byte[512];
    private int len;

    LoopOutput(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    @Override
    public void flush() throws IOException {
        if (len == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        while (b.hasRemaining() && channel.write(b) > 0) {
            // the socket takes what fits in its send buffer
        }
        int left = b.remaining();
        System.arraycopy(buf, len - left, buf, 0, left);
        len = left;
    }

    /**
     * Writes every pending byte, waiting for the socket to take them: only off the loop (on the store pool). A client
     * that does not read is cut off by the receiver's watchdog, and the write then fails.
     */
    void flushWaiting() throws IOException {
        flush();
        if (len == 0) {
            return;
        }
        try (Selector waiting = Selector.open()) {
            channel.register(waiting, SelectionKey.OP_WRITE); // beside its loop's key: a channel may have several
            while (len > 0) {
                waiting.select(1_000);
                waiting.selectedKeys().clear();
                if (!channel.isOpen()) {
                    throw new ClosedChannelException();
                }
                flush();
            }
        }
    }

    /** Bytes the socket has not taken yet. */
    int pending() {
        return len;
    }

    /** The pending bytes, handed over to blocking I/O; none are left here. */
    byte[] take() {
        byte[] rest = Arrays.copyOf(buf, len);
        len = 0;
        return rest;
    }
}

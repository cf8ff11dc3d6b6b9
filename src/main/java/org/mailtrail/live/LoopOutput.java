package org.mailtrail.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The output of a {@link ReceiverSession} while it is on an {@link EventLoop}: replies collect here and
 * {@link #flush()} writes what the socket takes without waiting; what it does not take stays pending, and the
 * session moves to a thread to send it.
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

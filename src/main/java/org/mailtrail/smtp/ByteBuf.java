package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A minimal growable byte array used by the decoders (package-private, no I/O). */
final class ByteBuf {
    private byte[] bytes;
    private int length;

    ByteBuf(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    void append(byte b) {
        ensure(length + 1);
        bytes[length++] = b;
    }

    void append(byte[] src, int off, int len) {
        ensure(length + len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
    }

    int length() {
        return length;
    }

    byte get(int i) {
        return bytes[i];
    }

    void clear() {
        length = 0;
    }

    /** The first {@code len} bytes decoded as UTF-8 (malformed input becomes U+FFFD). */
    String decode(int len) {
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}

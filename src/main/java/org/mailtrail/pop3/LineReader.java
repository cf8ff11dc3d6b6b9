package org.mailtrail.pop3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Cuts received bytes into lines (RFC 1939 §3: CRLF-terminated; a bare LF is tolerated). A line longer than the
 * limit is dropped as it arrives and reported once, as {@code tooLong}, when its LF comes.
 */
final class LineReader {

    /** One received line without its line end. */
    record Line(byte[] bytes, boolean tooLong) {
        /** The line decoded as UTF-8 (malformed input becomes U+FFFD). */
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final int maxOctets;
    private final ArrayDeque<Line> ready = new ArrayDeque<>();
    private byte[] current = new byte[128];
    private int length;
    private boolean discarding;

    /** A reader for lines of at most {@code maxOctets} octets, line end not counted. */
    LineReader(int maxOctets) {
        this.maxOctets = maxOctets;
    }

    void feed(byte[] data) {
        for (byte b : data) {
            if (b == '\n') {
                int n = length > 0 && current[length - 1] == '\r' ? length - 1 : length;
                boolean tooLong = discarding || n > maxOctets;
                ready.add(new Line(tooLong ? new byte[0] : Arrays.copyOf(current, n), tooLong));
                length = 0;
                discarding = false;
            } else if (!discarding) {
                if (length > maxOctets) { // one more octet than allowed is room for the CR of CRLF
                    discarding = true;
                    length = 0;
                } else {
                    if (length == current.length) {
                        current = Arrays.copyOf(current, length * 2);
                    }
                    current[length++] = b;
                }
            }
        }
    }

    /** The next complete line, or null. */
    Line next() {
        return ready.poll();
    }

    /** Forgets every byte received so far (after STLS, RFC 2595 §4: they came in clear text). */
    void clear() {
        ready.clear();
        length = 0;
        discarding = false;
    }
}

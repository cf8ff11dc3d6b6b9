package org.mailtrail.capture;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one direction's bytes into lines (CRLF, a bare LF tolerated), as the protocol decoders' own line readers do
 * (RFC 5321 §2.3.8, RFC 1939 §3, RFC 3501 §2.2); a line over {@code max} octets is cut there (the rest is dropped) so
 * that a stream without line ends costs bounded memory.
 */
final class Lines {
    private final int max;
    private byte[] buf = new byte[128];
    private int len;
    private boolean cut;

    Lines(int max) {
        this.max = max;
    }

    /** Adds one byte; a complete line (without its line end) when it ends one, else null. */
    String feed(byte b) {
        if (b == '\n') {
            int n = len > 0 && buf[len - 1] == '\r' ? len - 1 : len;
            String s = new String(buf, 0, n, StandardCharsets.UTF_8) + (cut ? " [...]" : "");
            len = 0;
            cut = false;
            return s.replace('\r', ' ');
        }
        if (len >= max) {
            cut = true;
            return null;
        }
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, Math.min(max, len * 2));
        }
        buf[len++] = b;
        return null;
    }

    /** True while a line has begun. */
    boolean partial() {
        return len > 0;
    }

    /** The line begun, and forgets it. */
    String rest() {
        String s = new String(buf, 0, len, StandardCharsets.UTF_8).replace('\r', ' ');
        len = 0;
        cut = false;
        return s;
    }
}

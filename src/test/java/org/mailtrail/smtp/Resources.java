package org.mailtrail.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test helper: reads test resources of this package. */
final class Resources {
    private Resources() {
    }

    static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply lines of a peer transcript (one wire line each, no CRLF). */
    static List<String> peerReplyLines(String peer) {
        return List.of(text("peers/" + peer + ".replies.txt").split("\n", -1)).subList(0,
                (int) text("peers/" + peer + ".replies.txt").chars().filter(c -> c == '\n').count());
    }

    /** The reply lines joined with CRLF, as on the wire. */
    static byte[] peerReplyBytes(String peer) {
        return (String.join("\r\n", peerReplyLines(peer)) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}

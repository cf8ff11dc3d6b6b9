package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Client-side encoding of message content for the DATA phase (RFC 5321 §4.5.2, §2.3.8).
 *
 * <p>Bare LF and bare CR line ends become CRLF, a final CRLF is added if missing, a line
 * starting with {@code "."} gets one more {@code "."}, and the terminator {@code ".\r\n"} is
 * appended (so the data ends with CRLF.CRLF).
 */
public final class DotStuffing {
    private DotStuffing() {
    }

    /** The wire form of {@code messageContent}, terminator included. */
    public static byte[] encode(byte[] messageContent) {
        ByteBuf out = new ByteBuf(messageContent.length + messageContent.length / 32 + 8);
        forEachLine(messageContent, (from, to) -> {
            if (to > from && messageContent[from] == '.') {
                out.append((byte) '.');
            }
            out.append(messageContent, from, to - from);
            out.append((byte) '\r');
            out.append((byte) '\n');
        });
        out.append((byte) '.');
        out.append((byte) '\r');
        out.append((byte) '\n');
        return out.toArray();
    }

    /** The wire lines without CRLF, dot-stuffed, ending with the terminating {@code "."}; UTF-8 decoded. */
    public static List<String> wireLines(byte[] messageContent) {
        List<String> lines = new ArrayList<>();
        forEachLine(messageContent, (from, to) -> {
            String s = new String(messageContent, from, to - from, StandardCharsets.UTF_8);
            lines.add(s.startsWith(".") ? "." + s : s);
        });
        lines.add(".");
        return lines;
    }

    /** Receives one line as the range {@code [from, to)} of the content, without its line end. */
    private interface LineVisitor {
        void line(int from, int to);
    }

    /** Splits at CRLF, bare LF or bare CR; a last line without a line end is included. */
    private static void forEachLine(byte[] content, LineVisitor visitor) {
        int start = 0;
        int i = 0;
        while (i < content.length) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                visitor.line(start, i);
                i += (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < content.length) {
            visitor.line(start, content.length);
        }
    }
}

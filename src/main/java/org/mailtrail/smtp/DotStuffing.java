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
        for (byte[] line : splitLines(messageContent)) {
            if (line.length > 0 && line[0] == '.') {
                out.append((byte) '.');
            }
            out.append(line, 0, line.length);
            out.append((byte) '\r');
            out.append((byte) '\n');
        }
        out.append((byte) '.');
        out.append((byte) '\r');
        out.append((byte) '\n');
        return out.toArray();
    }

    /** The wire lines without CRLF, dot-stuffed, ending with the terminating {@code "."}; UTF-8 decoded. */
    public static List<String> wireLines(byte[] messageContent) {
        List<String> lines = new ArrayList<>();
        for (byte[] line : splitLines(messageContent)) {
            String s = new String(line, StandardCharsets.UTF_8);
            lines.add(s.startsWith(".") ? "." + s : s);
        }
        lines.add(".");
        return lines;
    }

    /** Splits at CRLF, bare LF or bare CR; a last line without a line end is included. */
    static List<byte[]> splitLines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < content.length) {
            byte b = content[i];
            if (b == '\r' || b == '\n') {
                byte[] line = new byte[i - start];
                System.arraycopy(content, start, line, 0, line.length);
                lines.add(line);
                i += (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < content.length) {
            byte[] line = new byte[content.length - start];
            System.arraycopy(content, start, line, 0, line.length);
            lines.add(line);
        }
        return lines;
    }
}

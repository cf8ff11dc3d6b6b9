package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Server-side byte state machine for the DATA phase (RFC 5321 §4.5.2, §4.5.3.1.6).
 *
 * <p>Theory of operation: bytes are examined one at a time with three facts remembered
 * per line: its length so far, whether it began with {@code "."}, and whether the previous
 * byte was a CR. At each LF the line ends: a line that is exactly {@code "."} terminates the
 * data (the decoder stops right after its LF, so following pipelined bytes are left for the
 * command parser) if, and only if, it and the line before it ended with CRLF: the end of data is
 * {@code <CRLF>.<CRLF>} and nothing else (RFC 5321 §4.1.1.4). Otherwise one leading {@code "."} is
 * removed (un-stuffing) and the line is stored with CRLF. A bare LF never completes an end-of-data
 * sequence: {@code <CRLF>.<LF>}, {@code <LF>.<CRLF>} and {@code <LF>.<LF>} are content, so a second
 * message cannot be smuggled into the first (the "SMTP smuggling" of 2023, where servers disagreeing
 * on the end of data let one DATA carry two envelopes). RFC 5321 §2.3.8 allows CR and LF only
 * together as CRLF: the first bare LF (ending a line) or bare CR (a CR followed by anything but LF,
 * kept as content) is recorded by {@link #bareLineEnd()}, with its line, for the server to refuse
 * the message ({@link SmtpServer}); decoding goes on as before, so that an observer (the proxy, a
 * capture) sees the conversation to its end. Lines over 1000 octets incl. CRLF set
 * {@link #lineTooLong()}; content beyond {@code maxSize} is counted but not stored and sets
 * {@link #sizeExceeded()}. Feeding never throws on bad input.
 */
public final class DataDecoder {

    /** RFC 5321 §4.5.3.1.6: text line limit including CRLF. */
    public static final int MAX_TEXT_LINE_OCTETS = 1000;

    private final long maxSize;
    private final ByteBuf content = new ByteBuf(4096);
    private long size;
    private long lineOctets;
    private boolean firstDot;
    private boolean pendingCr;
    private boolean previousLineCrlf = true; // the DATA command line ended with CRLF
    private boolean complete;
    private boolean lineTooLong;
    private boolean sizeExceeded;
    /** Lines ended so far, and where the current one begins in the content. */
    private long lines;
    private int lineStart;
    private String bareLineEnd;
    private long bareLineNumber;
    private List<String> bareLines;

    /** A decoder that stores at most {@code maxSize} octets of content (0 or less: no limit). */
    public DataDecoder(long maxSize) {
        this.maxSize = maxSize <= 0 ? Long.MAX_VALUE : maxSize;
    }

    /** Consumes bytes up to and including the terminating CRLF.CRLF; returns how many were consumed. */
    public int feed(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + data.length);
        }
        int i = off;
        while (i < off + len && !complete) {
            byte b = data[i++];
            if (b == '\n') {
                endLine();
                continue;
            }
            if (pendingCr) {
                pendingCr = false;
                bare("CR");
                store((byte) '\r');
            }
            lineOctets++;
            if (b == '\r') {
                pendingCr = true;
            } else if (lineOctets == 1 && b == '.') {
                firstDot = true;
            } else {
                store(b);
            }
        }
        return i - off;
    }

    /** Convenience for {@code feed(data, 0, data.length)}. */
    public int feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** True once the terminating {@code "."} line was consumed. */
    public boolean isComplete() {
        return complete;
    }

    /** The un-stuffed content with CRLF line ends, without the terminator (truncated if the size was exceeded). */
    public byte[] content() {
        return content.toArray();
    }

    /** True if any line was longer than 1000 octets including CRLF (RFC 5321 §4.5.3.1.6). */
    public boolean lineTooLong() {
        return lineTooLong;
    }

    /** Octets of un-stuffed content received so far, including ones not stored. */
    public long size() {
        return size;
    }

    /** True if the content outgrew the maximum size (RFC 1870: the server replies 552). */
    public boolean sizeExceeded() {
        return sizeExceeded;
    }

    /**
     * The first line end that was not CRLF (RFC 5321 §2.3.8): {@code "LF"} for a bare LF, {@code "CR"} for a CR not
     * followed by LF; null while every line ended with CRLF.
     */
    public String bareLineEnd() {
        return bareLineEnd;
    }

    /** The number of the data line (from 1) that {@link #bareLineEnd()} ended or held; 0 if none. */
    public long bareLineNumber() {
        return bareLineNumber;
    }

    /**
     * The data as it came on the wire up to the {@link #bareLineEnd()}: the lines before it (each had its CRLF) and
     * the line with it, as far as it came before the bare CR or LF (lines the size limit cut are cut here too);
     * empty if there is none.
     */
    public List<String> linesToBareLineEnd() {
        return bareLines == null ? List.of() : bareLines;
    }

    private void bare(String which) {
        if (bareLineEnd != null) {
            return;
        }
        bareLineEnd = which;
        bareLineNumber = lines + 1;
        byte[] all = content.toArray();
        List<String> before = DotStuffing.wireLines(Arrays.copyOf(all, Math.min(lineStart, all.length)));
        List<String> out = new ArrayList<>(before.subList(0, before.size() - 1)); // without the "." of the end
        String line = lineStart < all.length ? new String(all, lineStart, all.length - lineStart,
                StandardCharsets.UTF_8) : "";
        out.add(firstDot ? "." + line : line); // as it came: with its stuffing dot
        bareLines = List.copyOf(out);
    }

    private void endLine() {
        if (!pendingCr) {
            bare("LF");
        }
        // a pending CR is the CR of CRLF; lineOctets counts it already
        long octets = pendingCr ? lineOctets + 1 : lineOctets + 2;
        boolean crlf = pendingCr;
        boolean onlyDot = firstDot && lineOctets - (crlf ? 1 : 0) == 1;
        pendingCr = false;
        if (onlyDot && crlf && previousLineCrlf) {
            complete = true;
            return;
        }
        previousLineCrlf = crlf;
        if (octets > MAX_TEXT_LINE_OCTETS) {
            lineTooLong = true;
        }
        store((byte) '\r');
        store((byte) '\n');
        lineOctets = 0;
        firstDot = false;
        lines++;
        lineStart = content.length();
    }

    private void store(byte b) {
        size++;
        if (size > maxSize) {
            sizeExceeded = true;
            return;
        }
        content.append(b);
    }
}

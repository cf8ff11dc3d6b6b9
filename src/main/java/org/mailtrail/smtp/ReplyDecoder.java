package org.mailtrail.smtp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Incremental decoder of SMTP replies from a byte stream (RFC 5321 §4.2, §4.5.3.1.5).
 *
 * <p>Theory of operation: {@link #feed} splits bytes into lines at once (so memory stays bounded),
 * and each finished line is parsed as {@code code SP text}, {@code code - text} or a bare
 * {@code code}. Continuation lines ({@code code-}) are collected until a last line; the
 * finished reply is queued as {@link DecodeResult.Complete}. {@link #next()} pops the queue
 * or answers {@link DecodeResult.NeedMoreData}.
 *
 * <ul>
 *   <li>Line ends: CRLF; a bare LF is tolerated as a line end too (counted by {@link #bareLfCount()}).</li>
 *   <li>Text is decoded as UTF-8, malformed bytes become U+FFFD (never an error).</li>
 *   <li>Errors: invalid code (not 3 digits 2xx..5xx, bad separator), codes that differ between
 *       lines of one reply, a CR inside a line (CR only as part of CRLF, RFC 5321 §2.3.8), and a
 *       line over {@link #maxLineOctets()} (default 512 incl. CRLF, RFC 5321 §4.5.3.1.5). An over-long line is reported as soon as it passes the limit,
 *       and its remaining bytes are discarded up to the next LF, so a 10 MB line costs no memory.</li>
 *   <li>Resynchronisation: after an Error, the reply in progress is discarded and decoding
 *       continues with the next line as the start of a new reply.</li>
 * </ul>
 * Feeding never throws on bad input.
 */
public final class ReplyDecoder {

    /** The RFC 5321 §4.5.3.1.5 reply line limit, including CRLF. */
    public static final int DEFAULT_MAX_LINE_OCTETS = 512;
    /** Never buffer more than this many bytes of one line, whatever the limit. */
    public static final int HARD_CAP = 64 * 1024;

    private static final DecodeResult NEED_MORE_DATA = new DecodeResult.NeedMoreData();

    private final int maxLineOctets;
    private final ByteBuf line = new ByteBuf(128);
    private final Deque<DecodeResult> ready = new ArrayDeque<>();
    private final List<String> pendingTexts = new ArrayList<>();
    private final List<String> pendingRaw = new ArrayList<>();
    private int pendingCode = -1;
    private long lineOctets;
    private boolean discarding;
    private int bareLfCount;

    /** A decoder with the RFC limit of 512 octets per reply line. */
    public ReplyDecoder() {
        this(DEFAULT_MAX_LINE_OCTETS);
    }

    /** A decoder with a custom (more lenient) line limit, capped at {@link #HARD_CAP}. */
    public ReplyDecoder(int maxLineOctets) {
        if (maxLineOctets < 5) {
            throw new IllegalArgumentException("maxLineOctets must be at least 5");
        }
        this.maxLineOctets = Math.min(maxLineOctets, HARD_CAP);
    }

    /** The line limit in octets including CRLF. */
    public int maxLineOctets() {
        return maxLineOctets;
    }

    /** Feeds all of {@code data}. */
    public void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    /** Feeds {@code len} bytes of {@code data} from {@code off}. */
    public void feed(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + data.length);
        }
        for (int i = off; i < off + len; i++) {
            byte b = data[i];
            if (b == '\n') {
                endOfLine();
                continue;
            }
            lineOctets++;
            if (discarding) {
                continue;
            }
            // content octets + CRLF must fit; a CR only needs room for the LF after it
            if (lineOctets + (b == '\r' ? 1 : 2) > maxLineOctets) {
                tooLong();
                continue;
            }
            line.append(b);
        }
    }

    /** The next decoded result; {@link DecodeResult.NeedMoreData} when nothing is complete. */
    public DecodeResult next() {
        DecodeResult r = ready.poll();
        return r != null ? r : NEED_MORE_DATA;
    }

    /** True if bytes of an unfinished line or reply, or undelivered results, are held. */
    public boolean hasBufferedData() {
        return line.length() > 0 || lineOctets > 0 || !pendingRaw.isEmpty() || !ready.isEmpty();
    }

    /** How many lines ended with a bare LF instead of CRLF (tolerated, RFC 5321 §2.3.8 says CRLF). */
    public int bareLfCount() {
        return bareLfCount;
    }

    private void tooLong() {
        String preview = line.decode(line.length());
        line.clear();
        discarding = true;
        fail("reply line longer than " + maxLineOctets + " octets (RFC 5321 §4.5.3.1.5)", preview);
    }

    private void endOfLine() {
        if (discarding) {
            discarding = false;
            lineOctets = 0;
            return;
        }
        int n = line.length();
        if (n > 0 && line.get(n - 1) == '\r') {
            n--;
        } else {
            bareLfCount++;
        }
        String raw = line.decode(n);
        line.clear();
        lineOctets = 0;
        parseLine(raw);
    }

    private void parseLine(String raw) {
        if (raw.length() < 3 || !isDigit(raw.charAt(0)) || !isDigit(raw.charAt(1)) || !isDigit(raw.charAt(2))) {
            fail("reply line does not start with a three-digit code (RFC 5321 §4.2)", raw);
            return;
        }
        int code = Integer.parseInt(raw, 0, 3, 10);
        if (code < 200 || code > 599) {
            fail("reply code " + code + " is outside 2yz..5yz (RFC 5321 §4.2.1)", raw);
            return;
        }
        boolean last;
        String text;
        if (raw.length() == 3) {
            last = true;
            text = "";
        } else if (raw.charAt(3) == ' ') {
            last = true;
            text = raw.substring(4);
        } else if (raw.charAt(3) == '-') {
            last = false;
            text = raw.substring(4);
        } else {
            fail("reply code must be followed by a space, '-' or the line end (RFC 5321 §4.2)", raw);
            return;
        }
        if (raw.indexOf('\r') >= 0) {
            // "250 OK\r\r\n": a Reply line must not hold CR, so this is malformed input, not an exception
            fail("reply line holds a CR that is not part of CRLF (RFC 5321 §2.3.8)", raw);
            return;
        }
        if (pendingCode >= 0 && pendingCode != code) {
            fail("reply line code " + code + " differs from " + pendingCode
                    + " on the previous lines of the same reply (RFC 5321 §4.2.1)", raw);
            return;
        }
        pendingCode = code;
        pendingTexts.add(text);
        pendingRaw.add(raw);
        if (last) {
            ready.add(new DecodeResult.Complete(new Reply(code, pendingTexts), pendingRaw));
            resetReply();
        }
    }

    private void fail(String message, String offending) {
        ready.add(new DecodeResult.Error(message, offending));
        resetReply();
    }

    private void resetReply() {
        pendingCode = -1;
        pendingTexts.clear();
        pendingRaw.clear();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

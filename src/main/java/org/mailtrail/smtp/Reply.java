package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One SMTP reply: a three-digit code and one or more text lines (RFC 5321 §4.2).
 *
 * <p>{@code lines} hold the text after {@code "code-"} / {@code "code "}; a bare
 * {@code "250"} or {@code "250 "} line has the text {@code ""}.
 */
public record Reply(int code, List<String> lines) {

    /** Validates the code (200..599) and lines (non-empty, no CR/LF). */
    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code must be three digits 200..599 (RFC 5321 §4.2), got " + code);
        }
        if (lines == null || lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs at least one line (RFC 5321 §4.2)");
        }
        for (String line : lines) {
            if (line == null) {
                throw new IllegalArgumentException("reply line must not be null");
            }
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reply line must not contain CR or LF: " + Text.visible(line));
            }
        }
        lines = List.copyOf(lines);
    }

    /** Builds a reply; no lines gives one empty line. */
    public static Reply of(int code, String... lines) {
        return new Reply(code, lines.length == 0 ? List.of("") : List.of(lines));
    }

    /** The first digit: 2 done, 3 intermediate, 4 transient failure, 5 permanent failure (RFC 5321 §4.2.1). */
    public int codeClass() {
        return code / 100;
    }

    /** 2yz: positive completion (RFC 5321 §4.2.1). */
    public boolean isPositive() {
        return codeClass() == 2;
    }

    /** 3yz: positive intermediate, e.g. 354 (RFC 5321 §4.2.1). */
    public boolean isIntermediate() {
        return codeClass() == 3;
    }

    /** 4yz: transient negative completion, try again later (RFC 5321 §4.2.1). */
    public boolean isTransient() {
        return codeClass() == 4;
    }

    /** 5yz: permanent negative completion (RFC 5321 §4.2.1). */
    public boolean isPermanent() {
        return codeClass() == 5;
    }

    /** The RFC 3463 enhanced status code at the start of the first line, if any. */
    public Optional<EnhancedStatus> enhancedStatus() {
        return EnhancedStatus.parse(lines.get(0));
    }

    /** The lines as sent on the wire, without CRLF: {@code "250-a"}, ..., {@code "250 last"}. */
    public List<String> wireLines() {
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            char sep = i == lines.size() - 1 ? ' ' : '-';
            out.add(code + String.valueOf(sep) + lines.get(i));
        }
        return out;
    }

    /** The wire form: every wire line followed by CRLF, UTF-8 encoded. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < lines.size(); i++) {
            sb.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The texts joined with {@code "\n"}. */
    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public String toString() {
        return String.join(" / ", wireLines());
    }
}

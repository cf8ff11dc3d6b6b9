package org.mailtrail.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mailtrail.engine.SimulationResult;

/**
 * What a file holds, told by its content and not its name, wherever a session is opened ({@code export}, Session →
 * Open…): a Mail Trail session log (JSON, read as before), a capture (pcap or pcapng magic number), or a text
 * transcript of a mail dialogue. Anything else is refused with a message that says what was expected.
 */
public final class SessionFiles {
    /** How much of the start of a file is looked at. */
    static final int HEAD = 64 * 1024;

    /** What a file holds. */
    public enum Kind {
        SESSION_JSON, CAPTURE, TRANSCRIPT, UNKNOWN
    }

    private SessionFiles() {
    }

    /** The kind of a file, from its first bytes. */
    public static Kind kind(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return kind(in.readNBytes(HEAD));
        }
    }

    /** The kind of content that starts with {@code head}. */
    public static Kind kind(byte[] head) {
        if (CaptureReader.looksLikeCapture(head)) {
            return Kind.CAPTURE;
        }
        int i = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        if (i < head.length && head[i] == '{') {
            return Kind.SESSION_JSON;
        }
        for (byte b : head) {
            if (b == 0) {
                return Kind.UNKNOWN; // binary
            }
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return TranscriptImport.looksLikeTranscript(text) ? Kind.TRANSCRIPT : Kind.UNKNOWN;
    }

    /**
     * Reads a capture or a transcript ({@code kind} from {@link #kind(Path)}); a session log is read by
     * {@code JsonSession} as before. Bad or foreign content gives a {@link CaptureFormatException}.
     */
    public static SimulationResult read(Path file, Kind kind) throws IOException, CaptureFormatException {
        String name = file.toString();
        switch (kind) {
            case CAPTURE:
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                    return CaptureImport.read(in, name);
                }
            case TRANSCRIPT:
                try (InputStreamReader r = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
                        .newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
                    return TranscriptImport.read(r, name);
                }
            default:
                throw new CaptureFormatException(name, "", "not a Mail Trail session log (JSON), a capture (pcap,"
                        + " pcapng) or a mail transcript (swaks, C:/S:, -> / <-, >>> / <<<, smtplib debug output)");
        }
    }
}

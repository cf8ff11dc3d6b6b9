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

    /** The first line of each session in a store's day log, with the session's id. */
    private static final java.util.regex.Pattern STORED = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(TranscriptImport.OWN_SESSION) + " (\\d{8}T\\d{6}Z-[0-9a-f]{6}-\\d{6}) - .*");

    /** The names a session file may have (as the app's file chooser offers them): {@code .json}, captures, texts. */
    public static final java.util.List<String> NAMES = java.util.List.of(".json", ".pcap", ".pcapng", ".cap", ".txt",
            ".log");

    /** True when {@code name} ends as a session file's name does ({@link #NAMES}, in any case). */
    public static boolean openableName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return NAMES.stream().anyMatch(n::endsWith);
    }

    /**
     * The file to open for {@code file}: itself, unless it is a day's log of text transcripts that {@code serve
     * --store} or {@code proxy --store} keeps ({@code sessions/YYYY-MM-DD.log}). A log of one session whose JSON file
     * is beside it gives that JSON file — the whole session, hosts and times, where its text gives only a transcript;
     * a log of several sessions is refused with the JSON file of one to open instead.
     */
    public static Path openable(Path file) throws IOException, CaptureFormatException {
        if (kind(file) != Kind.TRANSCRIPT) {
            return file;
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(TranscriptImport.OWN_SESSION)) {
                    java.util.regex.Matcher m = STORED.matcher(line);
                    if (!m.matches()) {
                        return file; // Mail Trail's own text of another session: read as a transcript
                    }
                    ids.add(m.group(1));
                }
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        String kept = null;
        for (String id : ids) {
            if (dir != null && Files.isRegularFile(dir.resolve(id + ".json"))) {
                kept = id;
                break;
            }
        }
        if (ids.size() == 1) {
            return kept != null ? dir.resolve(kept + ".json") : file;
        }
        if (ids.size() > 1) {
            throw new CaptureFormatException(file.toString(), "", "a log of " + ids.size() + " Mail Trail sessions, "
                    + "as serve --store and proxy --store keep a day's text transcripts: open one session's JSON file "
                    + "instead" + (kept != null ? ", e.g. " + kept + ".json in the same folder"
                    : "; none of their JSON files (" + ids.get(0) + ".json …) is in the same folder (copied"
                    + " elsewhere, or removed by --keep-sessions), so open one from the store's sessions folder, or"
                    + " copy one session's transcript into a file of its own to open it as a transcript"));
        }
        return file;
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

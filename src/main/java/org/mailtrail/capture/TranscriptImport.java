package org.mailtrail.capture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Printable;

/**
 * Opens a text transcript of a mail session as people paste them: swaks output ({@code <-}, {@code ->}, {@code <~},
 * {@code ~>}, {@code <**}, {@code ===}, {@code ***} lines), {@code C:}/{@code S:} transcripts (Mail Trail's own text
 * export too, whose clock lines give the times), plain {@code -> / <-} and {@code >>> / <<<} logs, and Python
 * smtplib's {@code set_debuglevel(1)} output ({@code send: b'...'}, {@code reply: b'...'}). Each side's lines are fed
 * as bytes to the same decoders a capture goes through ({@link SmtpConversation}, {@link MailboxConversation}), so
 * the steps, explanations and pipelined groups are the same; lines that are neither side are kept as notes. A
 * transcript has no times of its own (unless it is Mail Trail's): a step takes a millisecond when the side changes.
 */
public final class TranscriptImport {
    /** Lines read at most; a longer text is cut with a note. */
    static final int MAX_LINES = 200_000;
    private static final Pattern CLOCK = Pattern.compile("^(\\d+):(\\d\\d):(\\d\\d)\\.(\\d{6})  (.*)$");
    private static final Pattern SWAKS_TRYING = Pattern.compile("^=== Trying (.+):(\\d+)\\.\\.\\.$");
    private static final Pattern SWAKS_TLS = Pattern.compile("^=== TLS started with cipher ([^:]+):([^:]+)(:.*)?$");
    private static final Pattern CLIENT = Pattern.compile("^\\s*(?:->|~>|>>>|C:) ?(.*)$");
    private static final Pattern SERVER = Pattern.compile("^\\s*(?:<-|<~|<\\*\\*|<<<|S:) *(.*)$");
    private static final Pattern PY = Pattern.compile("^(send|reply): b?(['\"])(.*)\\2$");
    /** The first line of a session in Mail Trail's own text. */
    static final String OWN_SESSION = "Mail Trail session:";
    private static final Pattern PY_INFO = Pattern.compile("^(reply: retcode|data: \\(|connect: |send: )");

    private final String file;
    private final CaptureEvents events = new CaptureEvents();
    private ConnectionSteps steps;
    private Conversation conversation;
    private String serverAddr = "unknown";
    private int serverPort = 0;
    private int connections;
    private long time;
    private Boolean lastSide;
    private long recognised;
    private boolean clocked;
    /** The line before was Mail Trail's own "Outcome:" (its indented lines follow, not part of the dialogue). */
    private boolean outcome;
    /** The id in the first of Mail Trail's own session headers, if one was met. */
    private String firstSession;

    private TranscriptImport(String file) {
        this.file = file;
        events.transcript();
    }

    /** True when a text looks like a transcript: some of its first lines are one side or the other. */
    public static boolean looksLikeTranscript(String head) {
        int client = 0;
        int server = 0;
        for (String line : head.split("\r?\n", 200)) {
            Matcher py = PY.matcher(line);
            if (py.matches()) {
                if (py.group(1).equals("send")) {
                    client++;
                } else {
                    server++;
                }
            } else if (SERVER.matcher(line).matches() && !line.isBlank()) {
                server++;
            } else if (CLIENT.matcher(line).matches() && !line.isBlank()) {
                client++;
            }
        }
        return client > 0 && server > 0;
    }

    /** Reads a transcript; text that holds no dialogue is refused. */
    public static SimulationResult read(Reader in, String file) throws IOException, CaptureFormatException {
        TranscriptImport t = new TranscriptImport(file);
        BufferedReader r = new BufferedReader(in);
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            if (++n > MAX_LINES) {
                t.events.sessionNote("the transcript is cut after " + MAX_LINES + " lines", t.time);
                break;
            }
            if (line.startsWith(OWN_SESSION)) {
                String id = line.substring(OWN_SESSION.length()).strip().split(" ", 2)[0];
                if (t.firstSession != null) {
                    throw new CaptureFormatException(file, "line " + n, "a second Mail Trail session starts here ("
                            + id + "): this is a log of several sessions, as serve --store and proxy keep a day's"
                            + " transcripts; open one session's JSON file instead (e.g. " + t.firstSession
                            + ".json from the same folder)");
                }
                t.firstSession = id;
            }
            t.line(line.length() > 100_000 ? line.substring(0, 100_000) : line);
        }
        if (t.recognised == 0) {
            throw new CaptureFormatException(file, "line 1", "no client or server lines found (not a transcript:"
                    + " expected swaks output, C:/S: lines, -> / <- or >>> / <<< lines, or smtplib debug output)");
        }
        t.end();
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        return t.events.result("transcript", name, "Transcript " + name + ": " + t.connections + " connection"
                + (t.connections == 1 ? "" : "s"), file, Instant.EPOCH, "");
    }

    private void line(String line) {
        if (outcome && (line.startsWith("  ") || line.isBlank())) {
            return; // Mail Trail's own outcome lines ("  bob@example.net  DELIVERED …"): the outcome is the dialogue's
        }
        outcome = line.startsWith("Outcome:");
        Matcher clock = CLOCK.matcher(line);
        if (clock.matches()) { // Mail Trail's own text: the time of the next step
            clocked = true;
            time = ((Long.parseLong(clock.group(1)) * 60 + Long.parseLong(clock.group(2))) * 60
                    + Long.parseLong(clock.group(3))) * 1_000_000 + Long.parseLong(clock.group(4));
            return;
        }
        Matcher py = PY.matcher(line);
        if (py.matches()) {
            side(py.group(1).equals("send"), pythonBytes(py.group(3)));
            return;
        }
        Matcher s = SERVER.matcher(line);
        if (s.matches() && !line.isBlank()) {
            side(false, (s.group(1) + "\r\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher c = CLIENT.matcher(line);
        if (c.matches() && !line.isBlank()) {
            side(true, (c.group(1) + "\r\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        note(line);
    }

    private void note(String line) {
        String text = line.strip();
        if (text.isEmpty() || PY_INFO.matcher(text).find() || isOwnHeader(text)) {
            return;
        }
        Matcher trying = SWAKS_TRYING.matcher(text);
        if (trying.matches()) {
            end();
            serverAddr = trying.group(1);
            serverPort = Integer.parseInt(trying.group(2).length() > 5 ? "0" : trying.group(2));
            serverPort = serverPort > 65535 ? 0 : serverPort;
        }
        Matcher tls = SWAKS_TLS.matcher(text);
        if (tls.matches()) {
            events.tlsFromTranscript(Printable.of(tls.group(1)), Printable.of(tls.group(2)));
        }
        if (text.startsWith("=== Connection closed") || text.startsWith("TCP close ")) {
            end();
        }
        if (text.startsWith("TCP ") || text.startsWith("TLS negotiated") || text.startsWith("DNS ")) {
            return; // the steps Mail Trail's own text summarises are rebuilt from the dialogue
        }
        if (steps != null) {
            events.note(steps, "capture.note", text, time);
        } else {
            events.sessionNote(text, time);
        }
    }

    private static boolean isOwnHeader(String t) {
        return t.startsWith(OWN_SESSION) || t.startsWith("World:") || t.startsWith("Message:")
                || t.startsWith("=== Route:") || t.startsWith("Outcome:") || t.startsWith("Figures:");
    }

    private void side(boolean fromClient, byte[] bytes) {
        recognised++;
        if (lastSide != null && lastSide != fromClient && !ownClock()) {
            time += 1000;
        }
        lastSide = fromClient;
        if (conversation == null) {
            start(bytes, fromClient);
        }
        conversation.data(fromClient, bytes, time);
    }

    private boolean ownClock() {
        return clocked;
    }

    private void start(byte[] first, boolean fromClient) {
        Recognise.Kind k = Recognise.of(first, fromClient, fromClient ? 0 : serverPort, fromClient ? serverPort : 0);
        String protocol = k == null || k.encrypted() || k.protocol().equals("dns") ? "smtp" : k.protocol();
        String id = "c" + (++connections);
        String mailbox = protocol.equals("smtp") ? null : protocol;
        steps = new ConnectionSteps(events, id, "client", "unknown", 0, "server", serverAddr, serverPort, mailbox);
        events.host("client", "mua", "unknown");
        events.host("server", Recognise.role(protocol, serverPort), serverAddr);
        conversation = mailbox == null ? new SmtpConversation(steps, events)
                : new MailboxConversation(steps, events, mailbox);
    }

    private void end() {
        if (conversation != null) {
            conversation.finish(time);
            steps.close(time, time, true);
        }
        conversation = null;
        steps = null;
    }

    /** The bytes of a Python bytes or str literal's body ({@code \r}, {@code \n}, {@code \t}, {@code \xNN}, …). */
    static byte[] pythonBytes(String s) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                byte[] u = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(u, 0, u.length);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> b.write('\r');
                case 'n' -> b.write('\n');
                case 't' -> b.write('\t');
                case '0' -> b.write(0);
                case 'x' -> {
                    if (i + 2 < s.length() + 0 && isHex(s.charAt(i + 1)) && i + 2 < s.length() && isHex(s.charAt(i + 2))) {
                        b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        b.write('\\');
                        b.write('x');
                    }
                }
                default -> b.write(e);
            }
        }
        return b.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}

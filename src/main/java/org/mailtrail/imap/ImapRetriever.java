package org.mailtrail.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted IMAP client without I/O (h11 style) that fetches one message of INBOX (RFC 3501).
 *
 * <p>Theory of operation: the transport passes received bytes to {@link #receiveData} and calls {@link #nextEvent()}
 * until NeedData or Finished. Each greeting or tagged completion yields one {@link ImapClientEvent.Response} with
 * the untagged responses before it, then the client's reaction: a {@link ImapClientEvent.Send}, a
 * {@link ImapClientEvent.StartTls} or a {@link ImapClientEvent.Finished}. Tags are a1, a2, ... in order.
 *
 * <p>Script: greeting → STARTTLS when {@code useTls} and the greeting's capabilities list it (§6.2.1; after the
 * handshake the capabilities are asked again, §6.2.1) → CAPABILITY → LOGIN (§6.2.3; refused on LOGINDISABLED) →
 * SELECT INBOX → FETCH n BODY[] (n = the newest, the EXISTS count, when 0 was asked for; this sets \Seen as a mail
 * client reading it would) → LOGOUT. A greeting without capabilities is followed by CAPABILITY first, and STARTTLS
 * after it if listed. TLS wanted but not offered: the client goes on in clear text, as opportunistic STARTTLS in
 * SMTP. User name and password are sent as atoms or quoted strings; with 8-bit characters as LITERAL+ literals
 * (RFC 7888), which the server must offer. A NO or BAD: LOGOUT, then Finished with the error. A line that is no
 * IMAP response, or too long: Finished at once, nothing more is sent.
 */
public final class ImapRetriever {

    /** The longest response line accepted, literals not counted. */
    public static final int MAX_LINE_OCTETS = 65_536;
    /** The largest literal (message) accepted. */
    public static final int MAX_LITERAL_OCTETS = 64 << 20;

    private enum State { GREETING, CAPABILITY, STARTTLS, TLS_HANDSHAKE, LOGIN, SELECT, FETCH, LOGOUT, FINISHED }

    private static final ImapClientEvent NEED_DATA = new ImapClientEvent.NeedData();
    private static final ImapLineReader.Command TOO_LONG = new ImapLineReader.Command(List.of(), List.of());
    private static final Pattern EXISTS = Pattern.compile("\\* (\\d{1,10}) EXISTS");
    private static final Pattern FETCH = Pattern.compile("\\* (\\d{1,10}) FETCH \\(.*", Pattern.DOTALL);
    private static final Pattern CAPABILITY_CODE = Pattern.compile("\\[CAPABILITY ([^\\]]*)\\]",
            Pattern.CASE_INSENSITIVE);

    private final String user;
    private final String password;
    private final int messageNumber;
    private final boolean useTls;
    private final ImapLineReader reader = new ImapLineReader(MAX_LINE_OCTETS, MAX_LITERAL_OCTETS, 64);
    private final Deque<ImapClientEvent> events = new ArrayDeque<>();
    private final List<String> lines = new ArrayList<>();
    private final Deque<ImapLineReader.Command> pending = new ArrayDeque<>();
    private Set<String> capabilities;
    private State state = State.GREETING;
    private int tagCounter;
    private String tag;
    private boolean tlsActive;
    private boolean preauth;
    private boolean triedTls;
    private boolean peerClosed;
    private int exists = -1;
    private int target;
    private byte[] fetched;
    private byte[] content;
    private String error;
    private ImapClientEvent.Finished finished;

    /** A client fetching message {@code messageNumber} of INBOX (0 = the newest); {@code useTls}: STARTTLS if offered. */
    public ImapRetriever(String user, String password, int messageNumber, boolean useTls) {
        if (user == null || user.isEmpty() || !printable(user)) {
            throw new IllegalArgumentException("user must be non-empty, without control characters");
        }
        if (password == null || password.isEmpty() || !printable(password)) {
            throw new IllegalArgumentException("password must be non-empty, without control characters");
        }
        if (messageNumber < 0) {
            throw new IllegalArgumentException("messageNumber must be 0 (the newest) or positive");
        }
        this.user = user;
        this.password = password;
        this.messageNumber = messageNumber;
        this.useTls = useTls;
    }

    /** Bytes received from the server. */
    public void receiveData(byte[] data) {
        if (state == State.FINISHED) {
            throw new IllegalStateException("receiveData after the session finished");
        }
        if (peerClosed) {
            throw new IllegalStateException("receiveData after connectionClosed()");
        }
        if (state == State.TLS_HANDSHAKE) {
            throw new IllegalStateException("receiveData during the TLS handshake; call tlsEstablished() first");
        }
        for (byte b : data) {
            ImapLineReader.Item item = reader.accept(b);
            if (item instanceof ImapLineReader.Command) {
                pending.add((ImapLineReader.Command) item);
            } else if (item instanceof ImapLineReader.Refused) {
                pending.add(TOO_LONG); // a protocol error when its turn comes
            }
        }
    }

    /** The next event; NeedData when more bytes are needed; Finished (repeatedly) once done. */
    public ImapClientEvent nextEvent() {
        while (events.isEmpty()) {
            if (state == State.FINISHED) {
                return finished;
            }
            if (state == State.TLS_HANDSHAKE || pending.isEmpty()) {
                if (peerClosed && state != State.TLS_HANDSHAKE) {
                    onClosed();
                    continue;
                }
                return NEED_DATA;
            }
            onLine(pending.poll());
        }
        return events.poll();
    }

    /** The transport finished the TLS handshake after StartTls; the client asks for the capabilities again. */
    public void tlsEstablished() {
        if (state != State.TLS_HANDSHAKE) {
            throw new IllegalStateException("tlsEstablished() is only allowed after StartTls, not in state " + state);
        }
        tlsActive = true;
        capabilities = null; // RFC 3501 §6.2.1: forget what was learnt in clear text
        send("CAPABILITY", State.CAPABILITY);
    }

    /** The server closed the connection (or the transport lost it). */
    public void connectionClosed() {
        peerClosed = true;
    }

    /** True once Finished has been produced. */
    public boolean isFinished() {
        return state == State.FINISHED;
    }

    /** True if TLS protects the session. */
    public boolean tlsActive() {
        return tlsActive;
    }

    private void onLine(ImapLineReader.Command line) {
        if (line == TOO_LONG) {
            finish(null, "response line or literal too long");
            return;
        }
        String first = line.texts().get(0);
        lines.addAll(ImapResponse.displayLines(wire(line)));
        if (state == State.GREETING) {
            onGreeting(first);
            return;
        }
        if (first.startsWith("* ") || first.startsWith("+")) {
            untagged(line, first);
            return;
        }
        if (!first.startsWith(tag + " ")) {
            finish(null, "not an IMAP response: " + visible(first));
            return;
        }
        String status = first.substring(tag.length() + 1).split(" ", 2)[0].toUpperCase(Locale.ROOT);
        if (!status.equals("OK") && !status.equals("NO") && !status.equals("BAD")) {
            finish(null, "not an IMAP status response: " + visible(first));
            return;
        }
        onCompletion(status, first);
    }

    private void onGreeting(String first) {
        String upper = first.toUpperCase(Locale.ROOT);
        boolean ok = upper.startsWith("* OK");
        preauth = upper.startsWith("* PREAUTH");
        respond(ok || preauth, "greeting");
        if (!ok && !preauth) {
            finish(null, "the server refused the session: " + visible(first));
            return;
        }
        Matcher m = CAPABILITY_CODE.matcher(first);
        if (m.find()) {
            capabilities = words(m.group(1));
        }
        if (capabilities != null && wantTls()) {
            startTls();
        } else {
            send("CAPABILITY", State.CAPABILITY);
        }
    }

    private void untagged(ImapLineReader.Command line, String first) {
        String upper = first.toUpperCase(Locale.ROOT);
        if (upper.startsWith("* CAPABILITY ")) {
            capabilities = words(first.substring("* CAPABILITY ".length()));
        }
        Matcher m = EXISTS.matcher(upper);
        if (m.matches()) {
            exists = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(m.group(1)));
        }
        m = FETCH.matcher(upper);
        if (m.matches() && Long.parseLong(m.group(1)) == target) {
            for (int i = 0; i < line.literals().size(); i++) {
                String before = line.texts().get(i).substring(0, ImapLineReader.literalMarker(line.texts().get(i)));
                if (before.toUpperCase(Locale.ROOT).endsWith("BODY[] ")) {
                    fetched = line.literals().get(i);
                }
            }
        }
    }

    /** Every transition after the greeting lives here. */
    private void onCompletion(String status, String first) {
        boolean ok = status.equals("OK");
        respond(ok, !ok ? status.toLowerCase(Locale.ROOT) : kind());
        String why = ok ? null : "the server refused " + state + ": " + visible(first);
        switch (state) {
            case CAPABILITY:
                if (capabilities == null) {
                    capabilities = Set.of();
                }
                if (wantTls()) {
                    startTls();
                } else if (preauth) {
                    send("SELECT INBOX", State.SELECT);
                } else if (capabilities.contains("LOGINDISABLED")) {
                    logout("the server does not allow LOGIN here (LOGINDISABLED)");
                } else {
                    login();
                }
                break;
            case STARTTLS:
                if (ok) {
                    reader.reset();
                    pending.clear();
                    state = State.TLS_HANDSHAKE;
                    events.add(new ImapClientEvent.StartTls());
                } else {
                    logout(why);
                }
                break;
            case LOGIN:
                if (ok) {
                    send("SELECT INBOX", State.SELECT);
                } else {
                    logout(why);
                }
                break;
            case SELECT:
                onSelect(ok, why);
                break;
            case FETCH:
                if (ok && fetched != null) {
                    content = fetched;
                    logout(null);
                } else {
                    logout(ok ? "the FETCH response held no BODY[] of message " + target : why);
                }
                break;
            default: // LOGOUT
                finish(content, error);
        }
    }

    private void onSelect(boolean ok, String why) {
        if (!ok) {
            logout(why);
        } else if (exists < 0) {
            logout("the SELECT response held no EXISTS");
        } else if (exists == 0) {
            logout("INBOX is empty");
        } else if (messageNumber > exists) {
            logout("there is no message " + messageNumber + ", INBOX has " + exists);
        } else {
            target = messageNumber == 0 ? exists : messageNumber;
            send("FETCH " + target + " BODY[]", State.FETCH);
        }
    }

    private boolean wantTls() {
        return useTls && !tlsActive && !triedTls && !preauth && capabilities.contains("STARTTLS");
    }

    private void startTls() {
        triedTls = true;
        send("STARTTLS", State.STARTTLS);
    }

    private void login() {
        String u = argument(user);
        String p = argument(password);
        if (u == null || p == null) {
            logout("the user name or password has 8-bit characters and the server does not offer LITERAL+");
            return;
        }
        tag = "a" + (++tagCounter);
        String line = tag + " LOGIN " + u + " " + p;
        String shown = tag + " LOGIN " + (u.startsWith("{") ? ImapArgs.render(user) : u) + " " + ImapShownLine.HIDDEN;
        state = State.LOGIN;
        events.add(new ImapClientEvent.Send(line, shown, "LOGIN", (line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** An astring: an atom when possible, else quoted, else (8-bit) a LITERAL+ literal; null if none can be used. */
    private String argument(String s) {
        if (s.chars().allMatch(c -> ImapArgs.isAtomCharInt(c) || c == ']')) {
            return s;
        }
        if (s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (!capabilities.contains("LITERAL+")) {
            return null;
        }
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + s;
    }

    private void logout(String why) {
        error = why;
        send("LOGOUT", State.LOGOUT);
    }

    private void send(String command, State next) {
        tag = "a" + (++tagCounter);
        String line = tag + " " + command;
        state = next;
        events.add(new ImapClientEvent.Send(line, line, command.split(" ", 2)[0],
                (line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void respond(boolean ok, String kind) {
        events.add(new ImapClientEvent.Response(lines, ok, kind));
        lines.clear();
    }

    private String kind() {
        switch (state) {
            case CAPABILITY: return "capability";
            case STARTTLS: return "starttls";
            case SELECT: return "select";
            case FETCH: return "fetch";
            case LOGOUT: return "logout";
            default: return "ok"; // LOGIN
        }
    }

    private void onClosed() {
        boolean done = state == State.LOGOUT;
        String last = lines.isEmpty() ? "" : " after: " + visible(lines.get(lines.size() - 1));
        finish(done ? content : null, done ? error : "the server closed the connection" + last);
    }

    private void finish(byte[] message, String why) {
        state = State.FINISHED;
        finished = new ImapClientEvent.Finished(message, why);
        events.add(finished);
    }

    private static Set<String> words(String s) {
        Set<String> out = new HashSet<>();
        for (String w : s.trim().split(" +")) {
            out.add(w.toUpperCase(Locale.ROOT));
        }
        return out;
    }

    private static byte[] wire(ImapLineReader.Command line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < line.texts().size(); i++) {
            out.writeBytes(line.texts().get(i).getBytes(StandardCharsets.UTF_8));
            if (i < line.literals().size()) {
                out.writeBytes(new byte[] {'\r', '\n'});
                out.writeBytes(line.literals().get(i));
            }
        }
        return out.toByteArray();
    }

    private static boolean printable(String s) {
        return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The text with control characters shown as '?', cut at 200 characters, for error messages. */
    static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}

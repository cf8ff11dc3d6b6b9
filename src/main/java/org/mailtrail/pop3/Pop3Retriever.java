package org.mailtrail.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A scripted POP3 client without I/O (h11 style) that fetches one message and leaves it on the server (RFC 1939).
 *
 * <p>Theory of operation: the transport passes received bytes to {@link #receiveData} and calls {@link #nextEvent()}
 * until NeedData or Finished. Each complete response yields a {@link Pop3ClientEvent.Response}, then the client's
 * reaction: a {@link Pop3ClientEvent.Send}, a {@link Pop3ClientEvent.StartTls} or a {@link Pop3ClientEvent.Finished}.
 *
 * <p>Script: greeting → CAPA (RFC 2449 §5) → STLS when {@code useTls}, the server lists STLS and TLS is not active
 * yet (RFC 2595 §4; after the handshake the client goes on with USER: the capabilities it needs do not change) →
 * USER → PASS → STAT → RETR n (n = the newest when 0 was asked for) → QUIT. When TLS was wanted but not offered the
 * client goes on in clear text (as opportunistic STARTTLS in SMTP). A -ERR to STLS, USER, PASS, STAT or RETR, an
 * empty maildrop or a missing message: QUIT, then Finished with the error. A response that is neither +OK nor -ERR,
 * or a line over {@link #MAX_LINE_OCTETS}: Finished at once, nothing more is sent.
 */
public final class Pop3Retriever {

    /** The longest response line accepted (message lines included). */
    public static final int MAX_LINE_OCTETS = 65_536;

    private enum State { GREETING, CAPA, STLS, TLS_HANDSHAKE, USER, PASS, STAT, RETR, QUIT, FINISHED }

    private static final Pop3ClientEvent NEED_DATA = new Pop3ClientEvent.NeedData();

    private final String user;
    private final String password;
    private final int messageNumber;
    private final boolean useTls;
    private final LineReader reader = new LineReader(MAX_LINE_OCTETS);
    private final Deque<Pop3ClientEvent> events = new ArrayDeque<>();
    private final List<String> multiLine = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private State state = State.GREETING;
    private boolean inMultiLine;
    private boolean tlsActive;
    private boolean peerClosed;
    private byte[] content;
    private String error;
    private Pop3ClientEvent.Finished finished;

    /** A client fetching message {@code messageNumber} (0 = the newest); {@code useTls}: STLS when offered. */
    public Pop3Retriever(String user, String password, int messageNumber, boolean useTls) {
        if (user == null || user.isEmpty() || !printable(user) || user.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("user must be non-empty, without spaces or control characters");
        }
        if (password == null || password.isEmpty() || !printable(password)) {
            throw new IllegalArgumentException("password must be non-empty, without control characters");
        }
        if (("USER " + user).getBytes(StandardCharsets.UTF_8).length > Pop3Server.MAX_LINE_OCTETS - 2
                || ("PASS " + password).getBytes(StandardCharsets.UTF_8).length > Pop3Server.MAX_LINE_OCTETS - 2) {
            throw new IllegalArgumentException("user or password too long for a POP3 command line (RFC 2449 §4)");
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
        reader.feed(data);
    }

    /** The next event; NeedData when more bytes are needed; Finished (repeatedly) once done. */
    public Pop3ClientEvent nextEvent() {
        while (events.isEmpty()) {
            if (state == State.FINISHED) {
                return finished;
            }
            LineReader.Line line = state == State.TLS_HANDSHAKE ? null : reader.next();
            if (line == null) {
                if (peerClosed && state != State.TLS_HANDSHAKE) {
                    onClosed();
                    continue;
                }
                return NEED_DATA;
            }
            onLine(line);
        }
        return events.poll();
    }

    /** The transport finished the TLS handshake after StartTls; the client goes on with USER. */
    public void tlsEstablished() {
        if (state != State.TLS_HANDSHAKE) {
            throw new IllegalStateException("tlsEstablished() is only allowed after StartTls, not in state " + state);
        }
        tlsActive = true;
        reader.clear();
        send("USER " + user, "USER " + user, "USER", State.USER);
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

    private void onLine(LineReader.Line line) {
        if (line.tooLong()) {
            finish(null, "response line over " + MAX_LINE_OCTETS + " octets");
            return;
        }
        String text = line.text();
        if (inMultiLine) {
            multiLine.add(text);
            if (text.equals(".")) {
                inMultiLine = false;
                onResponse(multiLine, true);
            } else {
                byte[] b = line.bytes();
                int skip = b.length > 0 && b[0] == '.' ? 1 : 0; // RFC 1939 §3: remove the stuffed dot
                body.write(b, skip, b.length - skip);
                body.write('\r');
                body.write('\n');
            }
            return;
        }
        boolean ok = text.equals("+OK") || text.startsWith("+OK ");
        if (!ok && !text.equals("-ERR") && !text.startsWith("-ERR ")) {
            finish(null, "not a POP3 response: " + visible(text));
            return;
        }
        if (ok && (state == State.CAPA || state == State.RETR)) {
            multiLine.clear();
            multiLine.add(text);
            body.reset();
            inMultiLine = true;
            return;
        }
        onResponse(List.of(text), ok);
    }

    /** Every transition of the script lives here. */
    private void onResponse(List<String> lines, boolean ok) {
        String first = lines.get(0);
        events.add(new Pop3ClientEvent.Response(lines, ok, ok ? kind() : "err"));
        switch (state) {
            case GREETING:
                if (ok) {
                    send("CAPA", "CAPA", "CAPA", State.CAPA);
                } else {
                    finish(null, "the server refused the session: " + visible(first));
                }
                break;
            case CAPA:
                if (useTls && !tlsActive && ok && capabilities(lines).contains("STLS")) {
                    send("STLS", "STLS", "STLS", State.STLS);
                } else {
                    send("USER " + user, "USER " + user, "USER", State.USER);
                }
                break;
            case STLS:
                if (ok) {
                    reader.clear();
                    state = State.TLS_HANDSHAKE;
                    events.add(new Pop3ClientEvent.StartTls());
                } else {
                    quit("the server refused STLS: " + visible(first));
                }
                break;
            case USER:
                if (ok) {
                    send("PASS " + password, "PASS ********", "PASS", State.PASS);
                } else {
                    quit("the server refused USER: " + visible(first));
                }
                break;
            case PASS:
                if (ok) {
                    send("STAT", "STAT", "STAT", State.STAT);
                } else {
                    quit("the server refused the login: " + visible(first));
                }
                break;
            case STAT:
                onStat(ok, first);
                break;
            case RETR:
                if (ok) {
                    content = body.toByteArray();
                    quit(null);
                } else {
                    quit("the server refused RETR: " + visible(first));
                }
                break;
            default: // QUIT
                finish(content, error != null ? error : ok ? null : "QUIT failed: " + visible(first));
        }
    }

    private void onStat(boolean ok, String first) {
        if (!ok) {
            quit("the server refused STAT: " + visible(first));
            return;
        }
        String[] parts = first.split(" ");
        int count = parts.length >= 3 ? Pop3Server.number(parts[1]) : -1;
        if (count < 0) {
            quit("malformed STAT response: " + visible(first));
        } else if (count == 0) {
            quit("the maildrop is empty");
        } else if (messageNumber > count) {
            quit("there is no message " + messageNumber + ", the maildrop has " + count);
        } else {
            String retr = "RETR " + (messageNumber == 0 ? count : messageNumber);
            send(retr, retr, "RETR", State.RETR);
        }
    }

    private String kind() {
        switch (state) {
            case GREETING: return "greeting";
            case CAPA: return "capa";
            case STLS: return "stls";
            case STAT: return "stat";
            case RETR: return "retr";
            case QUIT: return "quit";
            default: return "ok"; // USER, PASS
        }
    }

    private static Set<String> capabilities(List<String> lines) {
        Set<String> caps = new HashSet<>();
        for (String l : lines.subList(1, lines.size() - 1)) {
            caps.add(l.split(" ", 2)[0].toUpperCase(Locale.ROOT));
        }
        return caps;
    }

    private void quit(String why) {
        error = why;
        send("QUIT", "QUIT", "QUIT", State.QUIT);
    }

    private void onClosed() {
        if (state == State.QUIT) {
            finish(content, error);
        } else {
            finish(null, "the server closed the connection" + (inMultiLine ? " in the middle of a response" : ""));
        }
    }

    private void send(String line, String shown, String verb, State next) {
        state = next;
        events.add(new Pop3ClientEvent.Send(line, shown, verb, (line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void finish(byte[] fetched, String why) {
        state = State.FINISHED;
        finished = new Pop3ClientEvent.Finished(fetched, why);
        events.add(finished);
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

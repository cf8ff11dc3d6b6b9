package org.mailtrail.pop3;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.mailbox.Maildrop;

/**
 * The POP3 server as a state machine without I/O (h11 style), one session per instance (RFC 1939, CAPA from
 * RFC 2449, STLS from RFC 2595, response codes from RFC 3206).
 *
 * <p>Theory of operation: {@link #start()} queues the greeting. {@link #receiveData} cuts the bytes into lines
 * (CRLF, bare LF tolerated; a line over 255 octets with its CRLF, RFC 2449 §4, is dropped and answered -ERR) and
 * answers each at once: a {@link Pop3ServerEvent.CommandReceived}, then exactly one {@link Pop3ServerEvent.Send};
 * pipelined commands (RFC 2449 §6.6) are thus answered in order. The transport drains events with
 * {@link #nextEvent()} until NeedData.
 *
 * <p>States (RFC 1939 §3): AUTHORIZATION (USER, PASS, QUIT, CAPA, STLS), TRANSACTION (STAT, LIST, UIDL, TOP, RETR,
 * DELE, RSET, NOOP, QUIT, CAPA) on a snapshot of the maildrop taken at login, UPDATE at QUIT in TRANSACTION (the
 * messages marked by DELE are expunged, §6) then Close. A session that ends any other way expunges nothing. STLS:
 * "+OK", then StartTls; bytes pipelined after STLS are dropped (they came in clear text) and the session stays in
 * AUTHORIZATION after {@link #tlsEstablished()}. With {@code plainAuthOnlyOverTls}, USER and PASS are refused with
 * {@code -ERR [AUTH]} until TLS is active and CAPA does not list USER. No reply echoes a client's argument except a
 * parsed number, so no CR or LF can be injected. After {@link #MAX_ERRORS} -ERR responses the server closes.
 */
public final class Pop3Server {

    /** The longest command line, CRLF included (RFC 2449 §4). */
    public static final int MAX_LINE_OCTETS = 255;
    /** -ERR responses tolerated before the server closes the connection. */
    public static final int MAX_ERRORS = 20;

    /** Settings of one server: its name, whether STLS is offered, whether TLS is on already, whether USER needs TLS. */
    public record Config(String hostname, boolean stlsOffered, boolean tlsActive, boolean plainAuthOnlyOverTls) {
        /** Checks the host name (it appears in replies). */
        public Config {
            if (hostname == null || hostname.isEmpty() || !hostname.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("hostname must be printable ASCII without spaces: " + hostname);
            }
        }
    }

    private enum State { NEW, AUTHORIZATION, TRANSACTION, TLS_HANDSHAKE, CLOSED }

    private static final Pop3ServerEvent NEED_DATA = new Pop3ServerEvent.NeedData();
    private static final Pop3ServerEvent CLOSE = new Pop3ServerEvent.Close();

    private final Config config;
    private final MailboxAccess access;
    private final Deque<Pop3ServerEvent> events = new ArrayDeque<>();
    private final LineReader reader = new LineReader(MAX_LINE_OCTETS - 2);
    private State state = State.NEW;
    private boolean tlsActive;
    private String user;
    private Pop3Transaction transaction;
    private int errors;

    /** A server session with the given settings, checking logins against {@code access}. */
    public Pop3Server(Config config, MailboxAccess access) {
        if (config == null || access == null) {
            throw new IllegalArgumentException("config and access are required");
        }
        this.config = config;
        this.access = access;
        this.tlsActive = config.tlsActive();
    }

    /** Queues the greeting (RFC 1939 §4). */
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("start() called twice");
        }
        state = State.AUTHORIZATION;
        send(Pop3Reply.ok(config.hostname() + " POP3 server ready"));
    }

    /** Bytes from the client; answered at once. */
    public void receiveData(byte[] bytes) {
        if (state == State.NEW) {
            throw new IllegalStateException("receiveData before start()");
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("receiveData after the session closed");
        }
        if (state == State.TLS_HANDSHAKE) {
            throw new IllegalStateException("receiveData during the TLS handshake; call tlsEstablished() first");
        }
        reader.feed(bytes);
        LineReader.Line line;
        while (state != State.CLOSED && state != State.TLS_HANDSHAKE && (line = reader.next()) != null) {
            if (line.tooLong()) {
                String shown = "(command line over " + MAX_LINE_OCTETS + " octets, discarded)";
                events.add(new Pop3ServerEvent.CommandReceived(shown, "", shown));
                send(Pop3Reply.err("line too long"));
            } else {
                onLine(line.text());
            }
        }
    }

    /** The next event; NeedData when waiting for the client; Close (repeatedly) once closed. */
    public Pop3ServerEvent nextEvent() {
        Pop3ServerEvent e = events.poll();
        if (e != null) {
            return e;
        }
        return state == State.CLOSED ? CLOSE : NEED_DATA;
    }

    /** The transport finished the TLS handshake after StartTls; the session is in AUTHORIZATION (RFC 2595 §4). */
    public void tlsEstablished() {
        if (state != State.TLS_HANDSHAKE) {
            throw new IllegalStateException("tlsEstablished() is only allowed after StartTls, not in state " + state);
        }
        tlsActive = true;
        user = null;
        state = State.AUTHORIZATION;
    }

    /** The client went away: the session ends without UPDATE, nothing is expunged (RFC 1939 §6). */
    public void connectionClosed() {
        state = State.CLOSED;
    }

    /** True once the session is over. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** True if TLS protects the session. */
    public boolean tlsActive() {
        return tlsActive;
    }

    /** True after a successful login (TRANSACTION state). */
    public boolean loggedIn() {
        return transaction != null;
    }

    /** A message number or line count: 1 to 9 decimal digits; -1 if it is not one (RFC 1939 §3). */
    static int number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }

    private void onLine(String line) {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : line.substring(sp + 1);
        boolean secret = (verb.equals("PASS") || verb.equals("AUTH") || verb.equals("APOP")) && sp >= 0;
        String shown = secret ? line.substring(0, sp) + " ********" : line;
        events.add(new Pop3ServerEvent.CommandReceived(line, verb, shown));
        List<String> args = new ArrayList<>();
        for (String a : rest.trim().split(" +")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        if (verb.isEmpty()) {
            send(Pop3Reply.err("empty command"));
        } else if (verb.equals("QUIT")) {
            quit(args);
        } else if (verb.equals("CAPA")) {
            send(args.isEmpty() ? capa() : Pop3Reply.err("CAPA takes no argument"));
        } else if (verb.equals("NOOP") && state == State.TRANSACTION) {
            send(args.isEmpty() ? Pop3Reply.ok("") : Pop3Reply.err("NOOP takes no argument"));
        } else if (state == State.AUTHORIZATION) {
            authorization(verb, rest, args);
        } else {
            transaction(verb, args);
        }
    }

    private void authorization(String verb, String rest, List<String> args) {
        switch (verb) {
            case "USER":
                if (loginRefusedWithoutTls()) {
                    return;
                }
                if (args.size() != 1) {
                    send(Pop3Reply.err("USER needs one user name"));
                    return;
                }
                user = args.get(0);
                send(Pop3Reply.ok("send PASS"));
                return;
            case "PASS":
                pass(rest);
                return;
            case "STLS":
                stls(args);
                return;
            case "STAT": case "LIST": case "UIDL": case "TOP": case "RETR": case "DELE": case "RSET": case "NOOP":
                send(Pop3Reply.err("not logged in; send USER and PASS first"));
                return;
            default:
                send(Pop3Reply.err("unknown command"));
        }
    }

    private void pass(String password) {
        if (loginRefusedWithoutTls()) {
            return;
        }
        String name = user;
        user = null; // RFC 1939 §7: PASS only right after a successful USER
        if (name == null) {
            send(Pop3Reply.err("send USER first"));
            return;
        }
        if (password.isEmpty()) {
            send(Pop3Reply.err("PASS needs a password"));
            return;
        }
        Maildrop maildrop = access.login(name, password);
        if (maildrop == null) {
            send(Pop3Reply.err("[AUTH] invalid user name or password"));
            return;
        }
        transaction = new Pop3Transaction(maildrop);
        state = State.TRANSACTION;
        send(Pop3Reply.ok(transaction.summary()));
    }

    private boolean loginRefusedWithoutTls() {
        if (config.plainAuthOnlyOverTls() && !tlsActive) {
            user = null;
            send(Pop3Reply.err("[AUTH] plain-text login refused without TLS; use STLS first"));
            return true;
        }
        return false;
    }

    private void stls(List<String> args) {
        if (!config.stlsOffered() || tlsActive) {
            send(Pop3Reply.err(tlsActive ? "TLS is already active" : "STLS not offered"));
        } else if (!args.isEmpty()) {
            send(Pop3Reply.err("STLS takes no argument"));
        } else {
            send(Pop3Reply.ok("Begin TLS negotiation"));
            events.add(new Pop3ServerEvent.StartTls());
            reader.clear(); // RFC 2595 §4 / CVE-2011-0411: drop clear-text bytes pipelined after STLS
            state = State.TLS_HANDSHAKE;
        }
    }

    private void transaction(String verb, List<String> args) {
        int n = args.size();
        switch (verb) {
            case "STAT":
                send(n == 0 ? transaction.stat() : Pop3Reply.err("STAT takes no argument"));
                return;
            case "LIST":
                send(n <= 1 ? transaction.list(args) : Pop3Reply.err("LIST takes at most one message number"));
                return;
            case "UIDL":
                send(n <= 1 ? transaction.uidl(args) : Pop3Reply.err("UIDL takes at most one message number"));
                return;
            case "RETR":
                send(n == 1 ? transaction.retr(args.get(0)) : Pop3Reply.err("RETR needs one message number"));
                return;
            case "TOP":
                send(n == 2 ? transaction.top(args.get(0), args.get(1))
                        : Pop3Reply.err("TOP needs a message number and a number of lines"));
                return;
            case "DELE":
                send(n == 1 ? transaction.dele(args.get(0)) : Pop3Reply.err("DELE needs one message number"));
                return;
            case "RSET":
                send(n == 0 ? transaction.rset() : Pop3Reply.err("RSET takes no argument"));
                return;
            case "USER": case "PASS": case "STLS": case "APOP": case "AUTH":
                send(Pop3Reply.err("already logged in"));
                return;
            default:
                send(Pop3Reply.err("unknown command"));
        }
    }

    private void quit(List<String> args) {
        if (!args.isEmpty()) {
            send(Pop3Reply.err("QUIT takes no argument"));
            return;
        }
        if (state != State.TRANSACTION) {
            send(Pop3Reply.ok(config.hostname() + " POP3 server signing off"));
            close();
            return;
        }
        int left;
        try {
            left = transaction.update();
        } catch (RuntimeException e) { // RFC 1939 §6: the store failed to remove a marked message
            send(Pop3Reply.err("[SYS/TEMP] some deleted messages not removed"));
            close();
            return;
        }
        send(Pop3Reply.ok(config.hostname() + " POP3 server signing off ("
                + (left == 0 ? "maildrop empty)" : left + (left == 1 ? " message left)" : " messages left)"))));
        close();
    }

    /** RFC 2449 §5 CAPA; STLS only while it can be used (RFC 2595 §4), USER only while a login may succeed. */
    private Pop3Reply capa() {
        Pop3Reply r = Pop3Reply.ok("Capability list follows").line("TOP").line("UIDL");
        if (!config.plainAuthOnlyOverTls() || tlsActive) {
            r.line("USER");
        }
        r.line("RESP-CODES").line("AUTH-RESP-CODE").line("PIPELINING");
        if (config.stlsOffered() && !tlsActive && state == State.AUTHORIZATION) {
            r.line("STLS");
        }
        return r.line("IMPLEMENTATION Mail-Trail").end();
    }

    private void send(Pop3Reply reply) {
        events.add(new Pop3ServerEvent.Send(reply.lines(), reply.bytes()));
        if (!reply.isOk() && state != State.CLOSED && ++errors >= MAX_ERRORS) {
            Pop3Reply bye = Pop3Reply.err("too many errors, closing");
            events.add(new Pop3ServerEvent.Send(bye.lines(), bye.bytes()));
            close();
        }
    }

    private void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        events.add(CLOSE);
    }
}

package org.mailtrail.imap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.mailbox.Maildrop;

/**
 * The IMAP server as a state machine without I/O (h11 style), one session per instance: an IMAP4rev1 subset
 * (RFC 3501) with one mailbox, INBOX, plus LITERAL+ (RFC 7888) and UNSELECT (RFC 3691).
 *
 * <p>Theory of operation: {@link #start()} queues the greeting with the capabilities. {@link #receiveData} feeds the
 * bytes to a {@link ImapLineReader}; a synchronizing literal is answered "+ Ready for literal data" at once (a
 * Send); each whole command yields a {@link ImapServerEvent.CommandReceived} and one Send holding every untagged
 * response and the tagged completion. The transport drains events with {@link #nextEvent()} until NeedData.
 *
 * <p>States (RFC 3501 §3): not authenticated (CAPABILITY, NOOP, LOGOUT, STARTTLS, LOGIN), authenticated (SELECT,
 * EXAMINE, LIST, LSUB, STATUS), selected ({@link ImapSelected}: FETCH, STORE, SEARCH and their UID forms, EXPUNGE,
 * CHECK, CLOSE, UNSELECT), logout. A command the grammar does not allow, an unknown one or one in the wrong state
 * gets a tagged BAD; a refused one (wrong password, LOGIN without TLS when {@code loginOnlyOverTls}, a missing
 * mailbox, STORE in a read-only one) a tagged NO. LOGINDISABLED is listed while LOGIN is refused (§6.2.3); STARTTLS
 * while it can be used (§6.2.1); bytes pipelined after STARTTLS are dropped. Replies echo the client's text only
 * as atoms or quoted strings, never CR or LF. After {@link #MAX_ERRORS} BAD or failed logins the server says BYE.
 */
public final class ImapServer {

    /** BAD responses and failed logins tolerated before BYE. */
    public static final int MAX_ERRORS = 20;

    /** Settings of one server: its name, whether STARTTLS is offered, whether TLS is on, whether LOGIN needs TLS. */
    public record Config(String hostname, boolean starttlsOffered, boolean tlsActive, boolean loginOnlyOverTls) {
        /** Checks the host name (it appears in responses). */
        public Config {
            if (hostname == null || hostname.isEmpty() || !hostname.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("hostname must be printable ASCII without spaces: " + hostname);
            }
        }
    }

    private enum State { NEW, NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, TLS_HANDSHAKE, CLOSED }

    private static final ImapServerEvent NEED_DATA = new ImapServerEvent.NeedData();
    private static final ImapServerEvent CLOSE = new ImapServerEvent.Close();

    private final Config config;
    private final MailboxAccess access;
    private final Deque<ImapServerEvent> events = new ArrayDeque<>();
    private final ImapLineReader reader = new ImapLineReader();
    private State state = State.NEW;
    private boolean tlsActive;
    private Maildrop maildrop;
    private ImapSelected selected;
    private int errors;

    /** A server session with the given settings, checking logins against {@code access}. */
    public ImapServer(Config config, MailboxAccess access) {
        if (config == null || access == null) {
            throw new IllegalArgumentException("config and access are required");
        }
        this.config = config;
        this.access = access;
        this.tlsActive = config.tlsActive();
    }

    /** Queues the greeting, {@code * OK [CAPABILITY ...] host ready} (RFC 3501 §7.1.1). */
    public void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("start() called twice");
        }
        state = State.NOT_AUTHENTICATED;
        send(new ImapResponse().line("* OK [CAPABILITY " + capabilities() + "] " + config.hostname() + " ready"));
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
        for (int i = 0; i < bytes.length && state != State.CLOSED && state != State.TLS_HANDSHAKE; i++) {
            ImapLineReader.Item item = reader.accept(bytes[i]);
            if (item instanceof ImapLineReader.Command) {
                onCommand((ImapLineReader.Command) item);
            } else if (item instanceof ImapLineReader.Continue) {
                send(new ImapResponse().line("+ Ready for literal data"));
            } else if (item instanceof ImapLineReader.Refused) {
                ImapLineReader.Refused refused = (ImapLineReader.Refused) item;
                events.add(new ImapServerEvent.CommandReceived(refused.tag(), "", "(" + refused.reason() + ")"));
                ImapResponse r = new ImapResponse();
                bad(r, refused.tag(), refused.reason());
                if (refused.fatal()) {
                    r.line("* BYE " + refused.reason());
                }
                finish(r, refused.fatal());
            }
        }
    }

    /** The next event; NeedData when waiting for the client; Close (repeatedly) once closed. */
    public ImapServerEvent nextEvent() {
        ImapServerEvent e = events.poll();
        if (e != null) {
            return e;
        }
        return state == State.CLOSED ? CLOSE : NEED_DATA;
    }

    /** The transport finished the TLS handshake after StartTls; the session is still not authenticated. */
    public void tlsEstablished() {
        if (state != State.TLS_HANDSHAKE) {
            throw new IllegalStateException("tlsEstablished() is only allowed after StartTls, not in state " + state);
        }
        tlsActive = true;
        state = State.NOT_AUTHENTICATED;
    }

    /** The client went away; the session is over (nothing is expunged, RFC 3501 §6.4.2 needs CLOSE). */
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

    private String capabilities() {
        boolean before = state == State.NOT_AUTHENTICATED;
        return "IMAP4rev1" + (before && config.starttlsOffered() && !tlsActive ? " STARTTLS" : "")
                + (before && loginDisabled() ? " LOGINDISABLED" : "") + " LITERAL+ UNSELECT";
    }

    private boolean loginDisabled() {
        return config.loginOnlyOverTls() && !tlsActive;
    }

    private void onCommand(ImapLineReader.Command command) {
        ImapArgs args = new ImapArgs(command);
        String tag = args.takeWhile(c -> c != ' ');
        ImapResponse r = new ImapResponse();
        if (!ImapArgs.isTag(tag)) {
            events.add(new ImapServerEvent.CommandReceived("*", "", ImapShownLine.of(command, "*", "")));
            bad(r, "*", "Missing or invalid tag");
            finish(r, false);
            return;
        }
        String verb = args.take(' ') ? args.takeWhile(ImapArgs::isAtomCharInt).toUpperCase(Locale.ROOT) : "";
        if (verb.equals("UID") && args.take(' ')) {
            verb = "UID " + args.takeWhile(ImapArgs::isAtomCharInt).toUpperCase(Locale.ROOT);
        }
        events.add(new ImapServerEvent.CommandReceived(tag, verb, ImapShownLine.of(command, tag, verb)));
        String after = "";
        try {
            after = dispatch(tag, verb, args, r);
        } catch (ImapParseException e) {
            r = new ImapResponse();
            bad(r, tag, e.getMessage());
        }
        finish(r, after.equals("LOGOUT"));
        if (after.equals("STARTTLS")) {
            events.add(new ImapServerEvent.StartTls());
            reader.reset(); // RFC 3501 §6.2.1 / CVE-2011-0411: drop clear-text bytes pipelined after STARTTLS
            state = State.TLS_HANDSHAKE;
        }
    }

    /** Runs one command; returns what must happen after its response is sent ("", "LOGOUT" or "STARTTLS"). */
    private String dispatch(String tag, String verb, ImapArgs args, ImapResponse r) throws ImapParseException {
        switch (verb) {
            case "CAPABILITY":
                args.end();
                r.line("* CAPABILITY " + capabilities());
                break;
            case "NOOP":
                args.end();
                if (selected != null) {
                    selected.sync(r);
                }
                break;
            case "LOGOUT":
                args.end();
                r.line("* BYE " + config.hostname() + " logging out");
                ok(r, tag, verb);
                return "LOGOUT";
            case "STARTTLS":
                args.end();
                if (state != State.NOT_AUTHENTICATED) {
                    throw new ImapParseException("STARTTLS is only allowed before login");
                }
                if (!config.starttlsOffered() || tlsActive) {
                    throw new ImapParseException(tlsActive ? "TLS is already active" : "STARTTLS is not offered");
                }
                r.line(tag + " OK Begin TLS negotiation now");
                return "STARTTLS";
            case "LOGIN":
                login(tag, args, r);
                return "";
            case "AUTHENTICATE":
                notAuthenticated();
                r.line(tag + " NO Unsupported authentication mechanism");
                return "";
            case "SELECT": case "EXAMINE":
                authenticated();
                args.sp();
                String name = args.astring();
                args.end();
                select(tag, name, verb.equals("EXAMINE"), r);
                return "";
            case "LIST": case "LSUB": case "STATUS":
                authenticated();
                ImapMailboxes.run(verb, args, maildrop, r);
                break;
            default:
                if (!ImapSelectedCommands.VERBS.contains(verb)) {
                    throw new ImapParseException("Unknown command");
                }
                if (selected == null) {
                    throw new ImapParseException(maildrop == null ? "Not logged in" : "No mailbox selected");
                }
                if (!ImapSelectedCommands.run(tag, verb, args, selected, r)) {
                    return "";
                }
                if (verb.equals("CLOSE") || verb.equals("UNSELECT")) {
                    selected = null;
                    state = State.AUTHENTICATED;
                }
        }
        ok(r, tag, verb);
        return "";
    }

    private void login(String tag, ImapArgs args, ImapResponse r) throws ImapParseException {
        notAuthenticated();
        args.sp();
        String user = args.astring();
        args.sp();
        String password = args.astring();
        args.end();
        if (loginDisabled()) {
            r.line(tag + " NO [PRIVACYREQUIRED] LOGIN is disabled without TLS, use STARTTLS first");
            return;
        }
        Maildrop found = access.login(user, password);
        if (found == null) {
            r.line(tag + " NO [AUTHENTICATIONFAILED] Invalid user name or password");
            errors++;
            return;
        }
        maildrop = found;
        state = State.AUTHENTICATED;
        r.line(tag + " OK LOGIN completed");
    }

    private void select(String tag, String name, boolean examine, ImapResponse r) {
        selected = null; // RFC 3501 §6.3.1: a failed SELECT leaves no mailbox selected
        state = State.AUTHENTICATED;
        if (!name.equalsIgnoreCase("INBOX")) {
            r.line(tag + " NO [NONEXISTENT] No such mailbox, only INBOX");
            return;
        }
        selected = new ImapSelected(maildrop, examine);
        state = State.SELECTED;
        selected.selectResponses(r);
        r.line(tag + " OK " + (examine ? "[READ-ONLY] EXAMINE" : "[READ-WRITE] SELECT") + " completed");
    }

    private void notAuthenticated() throws ImapParseException {
        if (state != State.NOT_AUTHENTICATED) {
            throw new ImapParseException("Already logged in");
        }
    }

    private void authenticated() throws ImapParseException {
        if (maildrop == null) {
            throw new ImapParseException("Not logged in");
        }
    }

    private static void ok(ImapResponse r, String tag, String verb) {
        r.line(tag + " OK " + verb + " completed");
    }

    private void bad(ImapResponse r, String tag, String reason) {
        r.line(tag + " BAD " + reason);
        errors++;
    }

    /** Sends the response; closes after it when asked to or when the errors are too many. */
    private void finish(ImapResponse r, boolean close) {
        if (!close && errors >= MAX_ERRORS) {
            r.line("* BYE Too many errors");
            close = true;
        }
        send(r);
        if (close) {
            state = State.CLOSED;
            events.add(CLOSE);
        }
    }

    private void send(ImapResponse r) {
        events.add(new ImapServerEvent.Send(r.lines(), r.bytes()));
    }
}

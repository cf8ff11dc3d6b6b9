package org.mailtrail.smtp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The SMTP server as a state machine without I/O (h11 style), one session per instance (RFC 5321 §3, §4).
 *
 * <p>Theory of operation: {@link #start()} queues the greeting. {@link #receiveData} processes the
 * bytes at once: in command mode they are cut into lines (CRLF; lines over 512
 * octets are discarded as they arrive and answered {@code 500 5.5.0}), each line yields a
 * {@link ServerEvent.CommandReceived} and exactly one reply {@link ServerEvent.Send}; pipelined
 * commands in one chunk (RFC 2920) are thus answered in order. After a 354 the bytes go to a
 * {@link DataDecoder} until CRLF.CRLF; the rest of the chunk is read as commands again. The
 * transport drains events with {@link #nextEvent()} until NeedData.
 *
 * <p>Enforced here, before the {@link ServerPolicy} is asked: command sequence (503 5.5.1; DATA
 * with no accepted recipient: 554 5.5.1), syntax (500 5.5.2 / 501 5.5.4), SIZE (552 5.3.4, RFC 1870),
 * recipients beyond the maximum (452 4.5.3, RFC 5321 §4.5.3.1.10), a data text line over 1000
 * octets (554 5.6.0, chosen because the content, not a command, is at fault; §4.5.3.1.6), and
 * after 20 errors {@code 421 4.7.0} and Close (as Postfix's smtpd_hard_error_limit). A bare LF or bare CR in a
 * command line or the data (RFC 5321 §2.3.8) gets {@code 521 5.5.2} and Close at once, with a
 * {@link ServerEvent.BareLineEnd}; such a message is never passed on ({@link #refuseBareLineEnd}). STARTTLS
 * (RFC 3207): 220, then StartTls; bytes pipelined after STARTTLS are discarded (they arrived in
 * clear text) and after {@link #tlsEstablished()} a new EHLO is required. Enhanced status codes
 * are stripped from every reply when the config turns them off (RFC 2034); every reply text goes out as ASCII. AUTH (RFC 4954, PLAIN and LOGIN) is run
 * by {@link ServerAuth} when the config offers it; the answers to its challenges are reported as {@code ********}.
 *
 * <p>The transaction (RFC 5321 §3.3) is reported as typed events, so that no transport parses a command again:
 * {@link ServerEvent.TransactionStarted} for a MAIL answered 2xx, {@link ServerEvent.RecipientAccepted} or
 * {@link ServerEvent.RecipientRefused} for each RCPT that names a recipient, {@link ServerEvent.MessageReceived}
 * for a complete message, each just before the Send of its reply; and one {@link ServerEvent.TransactionReset} per
 * transaction when it ends (RSET, EHLO/HELO or QUIT before their reply, the end of the data after the final reply,
 * the server closing on errors, the connection lost).
 */
public final class SmtpServer {

    /** Errors tolerated before 421 (Postfix smtpd_hard_error_limit default). */
    public static final int MAX_ERRORS = 20;

    private static final ServerEvent NEED_DATA = new ServerEvent.NeedData();
    private static final ServerEvent CLOSE = new ServerEvent.Close();

    private final ServerConfig config;
    private final ServerPolicy policy;
    private final Deque<ServerEvent> events = new ArrayDeque<>();
    private final CommandLines lines = new CommandLines();
    private final List<String> recipients = new ArrayList<>();
    private ServerState state = ServerState.GREETING;
    private boolean noService;
    private boolean tlsActive;
    private String heloName;
    private boolean esmtp;
    private String reversePath;
    private DataDecoder data;
    private int errors;
    private final ServerAuth auth;

    /** A server session with the given settings and decisions. */
    public SmtpServer(ServerConfig config, ServerPolicy policy) {
        if (config == null || policy == null) {
            throw new IllegalArgumentException("config and policy are required");
        }
        this.config = config;
        this.policy = policy;
        this.tlsActive = config.tlsActive();
        this.auth = new ServerAuth(config, policy);
    }

    /** Queues the greeting (RFC 5321 §4.3.1); 554 means "no service here", 421 closes at once. */
    public void start() {
        if (state != ServerState.GREETING) {
            throw new IllegalStateException("start() called twice");
        }
        Reply greeting = policy.onConnect();
        if (greeting == null) {
            greeting = Reply.of(220, config.greetingText());
        }
        state = ServerState.AWAIT_HELO;
        send(greeting);
        if (greeting.code() == 421) {
            close();
        } else if (greeting.code() != 220) {
            noService = true; // RFC 5321 §3.1: wait for QUIT, answer 503 to everything else
        }
    }

    /** Bytes from the client; processed at once into events. */
    public void receiveData(byte[] bytes) {
        if (state == ServerState.GREETING) {
            throw new IllegalStateException("receiveData before start()");
        }
        if (state == ServerState.CLOSED) {
            throw new IllegalStateException("receiveData after the session closed");
        }
        if (state == ServerState.TLS_HANDSHAKE) {
            throw new IllegalStateException("receiveData during the TLS handshake; call tlsEstablished() first");
        }
        int i = 0;
        while (i < bytes.length && state != ServerState.CLOSED && state != ServerState.TLS_HANDSHAKE) {
            if (state == ServerState.DATA) {
                i += data.feed(bytes, i, bytes.length - i);
                if (data.bareLineEnd() != null) {
                    events.add(new ServerEvent.DataReceived(data.linesToBareLineEnd()));
                    refuseBareLineEnd(new ServerEvent.BareLineEnd(data.bareLineEnd(), true, data.bareLineNumber()));
                } else if (data.isComplete()) {
                    endOfData();
                }
            } else {
                acceptCommandByte(bytes[i++]);
            }
        }
    }

    /** The next event; NeedData when waiting for the client; Close (repeatedly) once closed. */
    public ServerEvent nextEvent() {
        ServerEvent e = events.poll();
        if (e != null) {
            return e;
        }
        return state == ServerState.CLOSED ? CLOSE : NEED_DATA;
    }

    /** The transport finished the TLS handshake: the session restarts without EHLO (RFC 3207 §4.2). */
    public void tlsEstablished() {
        if (state != ServerState.TLS_HANDSHAKE) {
            throw new IllegalStateException("tlsEstablished() is only allowed after StartTls, not in state " + state);
        }
        tlsActive = true;
        heloName = null;
        esmtp = false;
        auth.reset();
        // RFC 3207 §4.2: everything learnt before TLS is forgotten; no transaction can be open (STARTTLS is refused
        // in one), so this emits nothing
        resetTransaction(ServerEvent.TransactionReset.RSET);
        state = ServerState.AWAIT_HELO;
    }

    /**
     * The client went away; the session is over (an unfinished transaction is dropped, RFC 5321 §3.8, and reported
     * as a {@link ServerEvent.TransactionReset}).
     */
    public void connectionClosed() {
        resetTransaction(ServerEvent.TransactionReset.CONNECTION_CLOSED);
        state = ServerState.CLOSED;
    }

    /** The current state. */
    public ServerState state() {
        return state;
    }

    /** True once the session is over. */
    public boolean isClosed() {
        return state == ServerState.CLOSED;
    }

    /** True if TLS protects the session. */
    public boolean tlsActive() {
        return tlsActive;
    }

    /** The user authenticated with AUTH (RFC 4954), or null. */
    public String authenticatedUser() {
        return auth.user();
    }

    /** Errors counted towards the 421 limit. */
    public int errorCount() {
        return errors;
    }

    private void acceptCommandByte(byte b) {
        String text = lines.feed(b);
        if (text != null && lines.bareLineEnd() != null) {
            // credentials are never shown: an answer to a 334 or an AUTH line (RFC 4954 §4)
            boolean hide = text != CommandLines.TOO_LONG && (auth.pending() || text.regionMatches(true, 0, "AUTH", 0, 4));
            events.add(new ServerEvent.CommandReceived(hide ? ServerAuth.HIDDEN : text, null));
            refuseBareLineEnd(new ServerEvent.BareLineEnd(lines.bareLineEnd(), false, 0));
        } else if (text == CommandLines.TOO_LONG) {
            events.add(new ServerEvent.CommandReceived(text, null));
            error(Reply.of(500, "5.5.0 Error: line too long"));
        } else if (text != null) {
            onCommandLine(text);
        }
    }

    /**
     * A bare LF or CR (RFC 5321 §2.3.8), the pattern of "SMTP smuggling": refused with 521 and the session closed, as
     * Postfix does with {@code smtpd_forbid_bare_newline = yes}; a message in progress ends with that reply, unstored.
     */
    private void refuseBareLineEnd(ServerEvent.BareLineEnd bare) {
        events.add(bare);
        data = null;
        send(Reply.of(521, "5.5.2 " + config.hostname() + " Error: bare <" + bare.which() + "> received"));
        resetTransaction(bare.inData() ? ServerEvent.TransactionReset.MESSAGE_END
                : ServerEvent.TransactionReset.CLOSING);
        close();
    }

    private void onCommandLine(String text) {
        if (auth.pending()) { // an answer to a 334 challenge, not a command (RFC 4954 §4)
            events.add(new ServerEvent.CommandReceived(ServerAuth.HIDDEN, null));
            authStep(auth.answer(text));
            return;
        }
        CommandParse parsed = Command.parse(text);
        if (parsed instanceof CommandParse.Error) {
            events.add(new ServerEvent.CommandReceived(text, null));
            error(((CommandParse.Error) parsed).reply());
            return;
        }
        Command cmd = ((CommandParse.Ok) parsed).command();
        events.add(new ServerEvent.CommandReceived(text, cmd)); // AUTH: the transport hides the initial response
        if (noService && !cmd.verb().equals("QUIT")) {
            error(Reply.of(503, "5.5.1 Error: no SMTP service here"));
            return;
        }
        switch (cmd.verb()) {
            case "EHLO":
            case "HELO":
                onHelo(cmd);
                break;
            case "MAIL":
                onMail(cmd);
                break;
            case "RCPT":
                onRcpt(cmd);
                break;
            case "DATA":
                onData();
                break;
            case "RSET":
                resetTransaction(ServerEvent.TransactionReset.RSET);
                state = heloName == null ? ServerState.AWAIT_HELO : ServerState.READY;
                send(Reply.of(250, "2.0.0 Ok"));
                break;
            case "NOOP":
                send(Reply.of(250, "2.0.0 Ok"));
                break;
            case "VRFY":
                send(Reply.of(252, "2.0.0 Cannot VRFY user, but will accept message and attempt delivery"));
                break;
            case "HELP":
                send(Reply.of(214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY"
                        + (config.offerStartTls() && !tlsActive ? " STARTTLS" : "")));
                break;
            case "QUIT":
                resetTransaction(ServerEvent.TransactionReset.QUIT); // RFC 5321 §4.1.1.10: no message comes of it
                send(orDefault(policy.onQuit(), Reply.of(221, "2.0.0 Bye")));
                close();
                break;
            case "STARTTLS":
                onStartTls();
                break;
            case "AUTH":
                authStep(auth.start(cmd.argument(), heloName != null && esmtp,
                        state == ServerState.MAIL || state == ServerState.RCPT, tlsActive));
                break;
            default: // EXPN
                error(Reply.of(502, "5.5.1 Error: command not implemented"));
        }
    }

    private void onHelo(Command cmd) {
        if (!ServerReplies.printableAscii(cmd.argument())) {
            // RFC 5321 §4.1.1.1: a domain or an address literal; a control or non-ASCII byte would end up in the
            // Received: line this server writes
            error(Reply.of(501, "5.5.2 Syntax: " + cmd.verb() + " hostname (printable ASCII only)"));
            return;
        }
        Reply r = policy.onHelo(cmd.verb(), cmd.argument());
        if (r == null) {
            r = cmd.verb().equals("EHLO") ? ServerReplies.ehlo(config, tlsActive) : Reply.of(250, config.hostname());
        }
        if (r.isPositive()) {
            // RFC 5321 §4.1.4: EHLO in a session resets the transaction
            resetTransaction(cmd.verb().equals("EHLO") ? ServerEvent.TransactionReset.EHLO
                    : ServerEvent.TransactionReset.HELO);
            heloName = cmd.argument();
            esmtp = cmd.verb().equals("EHLO");
            state = ServerState.READY;
        }
        send(r);
    }

    private void onMail(Command cmd) {
        if (heloName == null) {
            error(Reply.of(503, "5.5.1 Error: send HELO/EHLO first"));
            return;
        }
        if (state == ServerState.MAIL || state == ServerState.RCPT) {
            error(Reply.of(503, "5.5.1 Error: nested MAIL command"));
            return;
        }
        PathArgument arg = PathArgument.parse(cmd.argument(), "FROM:", true);
        Reply refused = ServerReplies.mailParameters(arg.params(), esmtp, config, tlsActive);
        if (refused != null) {
            if (refused.code() == 552) {
                send(refused); // too big is no client error
            } else {
                error(refused);
            }
            return;
        }
        Reply r = orDefault(policy.onMail(arg.path(), arg.params()), Reply.of(250, "2.1.0 Ok"));
        if (r.isPositive()) {
            reversePath = arg.path();
            state = ServerState.MAIL;
            events.add(new ServerEvent.TransactionStarted(arg.path(), arg.params()));
        }
        send(r);
    }

    private void onRcpt(Command cmd) {
        if (state != ServerState.MAIL && state != ServerState.RCPT) {
            error(Reply.of(503, "5.5.1 Error: need MAIL command"));
            return;
        }
        PathArgument arg = PathArgument.parse(cmd.argument(), "TO:", false); // valid: CommandParser checked it
        Reply badParams = ServerReplies.rcptParameters(arg.params());
        if (badParams != null) {
            error(badParams);
            return;
        }
        String rcpt = arg.path();
        if (recipients.size() >= config.maxRecipients()) {
            refuse(rcpt, Reply.of(452, "4.5.3 Error: too many recipients"));
            return;
        }
        Reply r = orDefault(policy.onRcpt(reversePath, rcpt), Reply.of(250, "2.1.5 Ok"));
        if (!r.isPositive()) {
            refuse(rcpt, r);
            return;
        }
        recipients.add(rcpt);
        state = ServerState.RCPT;
        events.add(new ServerEvent.RecipientAccepted(rcpt));
        send(r);
    }

    /** A refused recipient: the event and the reply carry the same reply, as it goes on the wire. */
    private void refuse(String rcpt, Reply reply) {
        Reply r = onTheWire(reply);
        events.add(new ServerEvent.RecipientRefused(rcpt, r));
        events.add(new ServerEvent.Send(r, r.toBytes()));
    }

    private void onData() {
        if (state == ServerState.MAIL) {
            error(Reply.of(554, "5.5.1 Error: no valid recipients"));
            return;
        }
        if (state != ServerState.RCPT) {
            error(Reply.of(503, "5.5.1 Error: need RCPT command"));
            return;
        }
        Reply r = policy.onData(transaction(new byte[0]));
        if (r == null) {
            r = Reply.of(354, "End data with <CR><LF>.<CR><LF>");
        }
        if (r.isIntermediate()) {
            data = new DataDecoder(config.maxMessageSize());
            state = ServerState.DATA;
        }
        send(r);
    }

    private void endOfData() {
        byte[] content = data.content();
        events.add(new ServerEvent.DataReceived(DotStuffing.wireLines(content)));
        Reply r;
        if (data.sizeExceeded()) {
            r = Reply.of(552, "5.3.4 Error: message file too big");
        } else if (data.lineTooLong()) {
            r = Reply.of(554, "5.6.0 Error: message has a text line longer than 1000 octets (RFC 5321 section 4.5.3.1.6)"); // replies are ASCII
        } else if (policy.dropAfterData(transaction(content))) {
            data = null; // no reply, no message: the line is cut before the server commits it (RFC 5321 §6.1)
            resetTransaction(ServerEvent.TransactionReset.CLOSING);
            close();
            return;
        } else {
            Transaction t = transaction(content);
            events.add(new ServerEvent.MessageReceived(t));
            r = orDefault(policy.onMessage(t), Reply.of(250, "2.0.0 Ok"));
        }
        data = null;
        state = ServerState.READY;
        send(r);
        resetTransaction(ServerEvent.TransactionReset.MESSAGE_END); // after the final reply, which belongs to it
    }

    private void onStartTls() {
        if (!config.offerStartTls() || tlsActive) {
            error(Reply.of(502, "5.5.1 Error: command not implemented"));
            return;
        }
        if (state == ServerState.MAIL || state == ServerState.RCPT) {
            error(Reply.of(503, "5.5.1 Error: MAIL transaction in progress"));
            return;
        }
        send(Reply.of(220, "2.0.0 Ready to start TLS"));
        events.add(new ServerEvent.StartTls());
        lines.clear(); // RFC 3207 §4.2 / CVE-2011-0411: drop clear-text bytes pipelined after STARTTLS
        state = ServerState.TLS_HANDSHAKE;
    }

    private void authStep(ServerAuth.Step step) {
        if (step.user() != null) {
            events.add(new ServerEvent.Authenticated(step.user()));
        }
        if (step.error()) {
            error(step.reply());
        } else {
            send(step.reply());
        }
    }

    private static Reply orDefault(Reply fromPolicy, Reply standard) {
        return fromPolicy != null ? fromPolicy : standard;
    }

    private Transaction transaction(byte[] content) {
        return new Transaction(heloName, esmtp, tlsActive, reversePath, recipients, content);
    }

    /** Forgets the transaction; emits a TransactionReset if one was open (a MAIL was accepted). */
    private void resetTransaction(String why) {
        if (reversePath != null) {
            events.add(new ServerEvent.TransactionReset(why));
        }
        reversePath = null;
        recipients.clear();
    }

    private void error(Reply reply) {
        send(reply);
        errors++;
        if (errors >= MAX_ERRORS && state != ServerState.CLOSED) {
            send(Reply.of(421, "4.7.0 " + config.hostname() + " Error: too many errors"));
            resetTransaction(ServerEvent.TransactionReset.CLOSING);
            close();
        }
    }

    private void close() {
        state = ServerState.CLOSED;
        events.add(new ServerEvent.Close());
    }

    private void send(Reply reply) {
        Reply r = onTheWire(reply);
        events.add(new ServerEvent.Send(r, r.toBytes()));
    }

    /** The reply as it goes out: ASCII only (RFC 5321 §4.2, no SMTPUTF8 replies), without enhanced codes when off. */
    private Reply onTheWire(Reply reply) {
        Reply r = ServerReplies.ascii(reply);
        return config.enhancedStatusCodes() ? r : ServerReplies.stripEnhanced(r);
    }
}

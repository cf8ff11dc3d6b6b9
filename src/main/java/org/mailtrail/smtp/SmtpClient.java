package org.mailtrail.smtp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The SMTP client as a state machine without I/O (h11 style), delivering one message (RFC 5321 §3).
 *
 * <p>Theory of operation: the transport passes received bytes to {@link #receiveData} and
 * then calls {@link #nextEvent()} until it answers {@link ClientEvent.NeedData} or
 * {@link ClientEvent.Finished}. Each complete reply yields a {@link ClientEvent.ReplyReceived}
 * followed by the client's reaction (a {@link ClientEvent.Send}, a {@link ClientEvent.StartTls},
 * a {@link ClientEvent.RecipientRejected} or {@link ClientEvent.Finished}). The state says which
 * reply the client waits for; every transition lives in {@link #onReply}, which hands each reply to the part that
 * owns the state: the opening (greeting, EHLO/HELO, STARTTLS) to {@code ClientHello}, AUTH to {@code ClientAuth},
 * MAIL, RCPT, DATA and the content to {@code MailTransaction} (a pipelined group to its {@code PipelinedGroup});
 * {@code RecipientLedger} keeps the per-recipient decisions and builds the outcome.
 *
 * <p>Flow: greeting 220 → EHLO (HELO if EHLO gets 500/502, §4.1.1.1) → STARTTLS when offered
 * and wanted (RFC 3207; EHLO again after the handshake) → AUTH when credentials are configured (RFC 4954, over
 * TLS only; PLAIN or LOGIN) → MAIL FROM (with SIZE=n when the
 * server advertises SIZE, RFC 1870) → one RCPT per recipient, waiting for each reply → DATA (or, when the
 * config asks for it and the server offers PIPELINING, MAIL, every RCPT and DATA as one group whose replies are
 * matched in order, RFC 2920) → 354 → the dot-stuffed content as one Send
 * (§4.5.2) → final reply → QUIT → 221 or close. A 421 ends the session at once (§3.8). A
 * reply of an unexpected class or undecodable bytes give a ProtocolError and a Finished
 * with every undecided recipient TRANSIENT; nothing more is sent. Finished is repeated by
 * further {@link #nextEvent()} calls. Misuse by the caller (e.g. data after Finished) throws
 * {@link IllegalStateException}; bad bytes from the server never throw.
 */
public final class SmtpClient {

    private static final DecodeResult NEED_MORE_DATA = new DecodeResult.NeedMoreData();
    private static final ClientEvent NEED_DATA = new ClientEvent.NeedData();

    private final ReplyDecoder decoder = new ReplyDecoder();
    private final Deque<ClientEvent> events = new ArrayDeque<>();
    private final RecipientLedger ledger;
    private final ClientHello hello;
    /** The AUTH exchange; null without credentials. */
    private final ClientAuth auth;
    private final MailTransaction transaction;
    private ClientState state = ClientState.AWAIT_GREETING;
    private boolean recipientsReached;
    private boolean refusedAtGreeting;
    private boolean securityFailed;
    private String stage = "the greeting";
    private Reply lastReply;
    private String pendingSummary;
    private ClientEvent.Finished finished;
    private boolean peerClosed;

    /** A client for one message to the envelope's recipients; {@code messageContent} is the RFC 5322 message. */
    public SmtpClient(ClientConfig config, Envelope envelope, byte[] messageContent) {
        if (config == null || envelope == null || messageContent == null) {
            throw new IllegalArgumentException("config, envelope and messageContent are required");
        }
        this.ledger = new RecipientLedger(envelope.recipients());
        this.hello = new ClientHello(this, config);
        this.auth = config.credentials() == null ? null : new ClientAuth(this, config.credentials());
        this.transaction = new MailTransaction(this, config.pipelining(), envelope, messageContent.clone(), ledger);
    }

    /** Bytes received from the server. */
    public void receiveData(byte[] data) {
        if (state == ClientState.FINISHED) {
            throw new IllegalStateException("receiveData after the session finished");
        }
        if (peerClosed) {
            throw new IllegalStateException("receiveData after connectionClosed()");
        }
        if (state == ClientState.TLS_HANDSHAKE) {
            throw new IllegalStateException("receiveData during the TLS handshake; call tlsEstablished() first");
        }
        decoder.feed(data);
    }

    /** The next event; NeedData when more bytes are needed; Finished (repeatedly) once done. */
    public ClientEvent nextEvent() {
        while (events.isEmpty()) {
            if (state == ClientState.FINISHED) {
                return finished;
            }
            DecodeResult r = state == ClientState.TLS_HANDSHAKE ? NEED_MORE_DATA : decoder.next();
            if (r instanceof DecodeResult.NeedMoreData) {
                if (peerClosed) {
                    onClosed();
                    continue;
                }
                return NEED_DATA;
            }
            if (r instanceof DecodeResult.Error) {
                DecodeResult.Error e = (DecodeResult.Error) r;
                protocolError("undecodable reply: " + e.message() + ": " + Text.visible(e.offendingLine()));
            } else {
                DecodeResult.Complete c = (DecodeResult.Complete) r;
                lastReply = c.reply();
                events.add(new ClientEvent.ReplyReceived(c.reply(), c.rawLines()));
                onReply(c.reply());
            }
        }
        return events.poll();
    }

    /** The transport finished the TLS handshake after a StartTls event: EHLO is sent again (RFC 3207 §4.2). */
    public void tlsEstablished() {
        requireState(ClientState.TLS_HANDSHAKE, "tlsEstablished");
        hello.tlsEstablished();
    }

    /** The TLS handshake failed; the connection is unusable, so the session ends with TRANSIENT. */
    public void tlsFailed(String why) {
        requireState(ClientState.TLS_HANDSHAKE, "tlsFailed");
        finish(Result.TRANSIENT, null, "TLS handshake failed: " + why);
    }

    /**
     * The peer closed or reset the connection. Replies already received are still processed
     * by {@link #nextEvent()} first; then undecided recipients become TRANSIENT. Ignored once finished.
     */
    public void connectionClosed() {
        peerClosed = true;
    }

    private void onClosed() {
        switch (state) {
            case FINISHED:
                return;
            case QUIT_SENT:
                finish(null, null, pendingSummary);
                return;
            case CONTENT_SENT:
                finish(Result.TRANSIENT, null, "connection closed after the final \".\" without a reply;"
                        + " the message may or may not have been delivered (RFC 5321 §6.1)");
                return;
            default:
                finish(Result.TRANSIENT, null, "connection closed by the server before it replied to " + stageText());
        }
    }

    /**
     * The transport gave up on the session (a timeout, a cancel, a write that failed): every undecided recipient
     * becomes TRANSIENT with {@code why}, and {@link #nextEvent()} answers Finished. Ignored once finished.
     */
    public void abort(String why) {
        if (state != ClientState.FINISHED) {
            events.clear();
            finish(Result.TRANSIENT, null, why);
        }
    }

    /** The current state. */
    public ClientState state() {
        return state;
    }

    /**
     * True if bytes from the server are held that the client has not acted on yet: a further reply, or part of one.
     * This client never pipelines, so when it is about to send a command such bytes were sent out of turn; the
     * transport, which knows when bytes arrived, decides what that means (RFC 5321 §4.2: one reply per command).
     */
    public boolean hasUnreadData() {
        return decoder.hasBufferedData();
    }

    /** True once the outcome is known. */
    public boolean isFinished() {
        return state == ClientState.FINISHED;
    }

    /** What the server advertised in its (latest) EHLO reply; empty before it, after HELO, or after STARTTLS. */
    public Optional<EhloInfo> ehloInfo() {
        return Optional.ofNullable(hello.ehloInfo());
    }

    /** True if EHLO was refused and HELO was used (RFC 5321 §4.1.1.1). */
    public boolean usedHeloFallback() {
        return hello.usedHeloFallback();
    }

    /** True if the session is protected by TLS. */
    public boolean tlsActive() {
        return hello.tlsActive();
    }

    /** The outcome once finished. */
    public Optional<Outcome> outcome() {
        return finished == null ? Optional.empty() : Optional.of(finished.outcome());
    }

    /** The message size announced with SIZE=n: the dot-stuffed content without the terminator. */
    public long messageSize() {
        return transaction.messageSize();
    }

    private void onReply(Reply reply) {
        if (reply.code() == 421 && state != ClientState.QUIT_SENT) {
            finish(Result.TRANSIENT, reply, "server is closing the connection: " + reply.text() + " (RFC 5321 §3.8)");
            return;
        }
        switch (state) {
            case AWAIT_GREETING:
                refusedAtGreeting = reply.isPermanent();
                hello.onGreeting(reply);
                break;
            case EHLO_SENT:
                hello.onEhloReply(reply);
                break;
            case HELO_SENT:
                hello.onHeloReply(reply);
                break;
            case STARTTLS_SENT:
                hello.onStartTlsReply(reply);
                break;
            case AUTH_SENT:
            case AUTH_USER_SENT:
            case AUTH_PASSWORD_SENT:
                auth.onReply(reply, state);
                break;
            case MAIL_SENT:
                transaction.onMailReply(reply);
                break;
            case RCPT_SENT:
                transaction.onRcptReply(reply);
                break;
            case DATA_SENT:
                transaction.onDataReply(reply);
                break;
            case PIPELINE_SENT:
                transaction.onPipelinedReply(reply);
                break;
            case CONTENT_SENT:
                transaction.onEndOfDataReply(reply);
                break;
            case QUIT_SENT:
                finish(null, null, pendingSummary);
                break;
            default:
                protocolError("a reply the client was not waiting for, after " + stageText());
        }
    }

    /** After the opening: AUTH when credentials are configured and not yet used, else MAIL. */
    void authOrMail() {
        if (auth != null && !auth.authenticated()) {
            auth.start(hello.tlsActive(), hello.ehloInfo());
        } else {
            startMail();
        }
    }

    /** True once AUTH succeeded (235). */
    public boolean authenticated() {
        return auth != null && auth.authenticated();
    }

    /** MAIL FROM: the mail transaction starts (RFC 5321 §3.3). */
    void startMail() {
        transaction.start(hello.ehloInfo());
    }

    /** Queues the data block (the content, or a lone dot) and waits for the reply to its end. */
    void sendData(ClientEvent.Send data) {
        emit(data, ClientState.CONTENT_SENT);
        stage = "end of DATA command";
    }

    /** Decides every undecided recipient with {@code result} and sends QUIT. */
    void failAndQuit(Result result, Reply reply, String summary) {
        ledger.decideRest(result, reply, summary);
        quit(summary);
    }

    /** Sends QUIT; {@code summary} becomes the outcome's once the server answers or closes. */
    void quit(String summary) {
        pendingSummary = summary;
        send(Command.quit(), ClientState.QUIT_SENT);
    }

    /** A reply that does not fit the state: a protocol error. */
    void unexpected(Reply reply, String expected) {
        protocolError("unexpected reply " + reply.code() + " to " + stageText() + " (expected " + expected
                + ", RFC 5321 §4.3.2)");
    }

    /** Emits a ProtocolError and finishes: nothing more is sent. */
    void protocolError(String message) {
        events.add(new ClientEvent.ProtocolError(message));
        if (state == ClientState.QUIT_SENT) {
            finish(null, null, pendingSummary);
        } else {
            finish(Result.TRANSIENT, null, "protocol error: " + message);
        }
    }

    /** Decides every undecided recipient with {@code result} (if non-null) and emits Finished. */
    private void finish(Result result, Reply reply, String summary) {
        Outcome outcome = ledger.outcome(result, reply, summary, lastReply);
        state = ClientState.FINISHED;
        finished = new ClientEvent.Finished(outcome);
        events.add(finished);
    }

    /** Sends {@code command} and waits in {@code next}; the stage follows the command (QUIT aside). */
    void send(Command command, ClientState next) {
        events.add(new ClientEvent.Send(command.toBytes(), List.of(command.toLine()), command));
        state = next;
        String verb = command.verb();
        if (verb.equals("RCPT")) {
            recipientsReached = true;
        }
        if (!verb.equals("QUIT")) {
            stage = verb + (verb.equals("MAIL") ? " FROM" : verb.equals("RCPT") ? " TO" : "") + " command";
        }
    }

    /** Queues {@code event} and waits in {@code next}. */
    void emit(ClientEvent event, ClientState next) {
        events.add(event);
        state = next;
    }

    /** Queues {@code event}; the state stays. */
    void emit(ClientEvent event) {
        events.add(event);
    }

    /**
     * True once a RCPT command was sent: from then on the server has decided (or is deciding) the recipients, so a
     * sender does not take the message to the next mail exchanger (RFC 5321 §5.1).
     */
    public boolean recipientsReached() {
        return recipientsReached;
    }

    /**
     * True once the server answered a RCPT command. Before that no recipient is decided and the message can not have
     * been taken, so a sender may still try the next mail exchanger after the connection broke (RFC 5321 §5.1).
     */
    public boolean recipientsDecided() {
        return ledger.rcptAnswered();
    }

    /**
     * True if the server refused the session in its greeting (a 5xx banner, RFC 5321 §3.1): like Postfix's
     * {@code smtp_skip_5xx_greeting}, a sender tries the next mail exchanger rather than bouncing at once.
     */
    public boolean refusedAtGreeting() {
        return refusedAtGreeting;
    }

    /**
     * True if the session ended because the client's TLS or AUTH requirements could not be met: TLS required but not
     * offered or refused, or credentials given but no AUTH over TLS with a mechanism the client knows. Nothing was
     * sent, and the server refused nothing, so a sender reports a local problem rather than a bounce. (Credentials
     * the server refuses with 535 are the server's answer, and stay a refusal.)
     */
    public boolean securityFailed() {
        return securityFailed;
    }

    /** Ends the session over an unmet TLS or AUTH requirement (see {@link #securityFailed()}). */
    void failSecurity(Reply reply, String summary) {
        securityFailed = true;
        failAndQuit(Result.TRANSIENT, reply, summary);
    }

    /** {@code the greeting}, {@code the RCPT TO command}: what the client last waited for, in words. */
    private String stageText() {
        return stage.startsWith("the ") ? stage : "the " + stage;
    }

    /** The last command sent before QUIT, in the words of a bounce ("RCPT TO command", "end of DATA command"). */
    public String stage() {
        return stage;
    }

    private void requireState(ClientState expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + "() is only allowed in state " + expected + ", not " + state);
        }
    }
}

package org.mailtrail.smtp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SMTP client as a state machine without I/O (h11 style), delivering one message (RFC 5321 §3).
 *
 * <p>Theory of operation: the transport passes received bytes to {@link #receiveData} and
 * then calls {@link #nextEvent()} until it answers {@link ClientEvent.NeedData} or
 * {@link ClientEvent.Finished}. Each complete reply yields a {@link ClientEvent.ReplyReceived}
 * followed by the client's reaction (a {@link ClientEvent.Send}, a {@link ClientEvent.StartTls},
 * a {@link ClientEvent.RecipientRejected} or {@link ClientEvent.Finished}). The state says which
 * reply the client waits for; every transition lives in {@link #onReply}.
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

    private final ClientConfig config;
    private final Envelope envelope;
    private final byte[] wireContent;
    private final byte[] messageContent;
    private final ReplyDecoder decoder = new ReplyDecoder();
    private final Deque<ClientEvent> events = new ArrayDeque<>();
    private final Map<String, RecipientStatus> decided = new LinkedHashMap<>();
    private final List<String> acceptedAtRcpt = new ArrayList<>();
    private ClientState state = ClientState.AWAIT_GREETING;
    private boolean recipientsReached;
    private String stage = "the greeting";
    private boolean tlsActive;
    private boolean usedHeloFallback;
    private EhloInfo ehloInfo;
    private int rcptIndex;
    private Reply lastReply;
    private String pendingSummary;
    private ClientEvent.Finished finished;
    private boolean peerClosed;
    private boolean authenticated;
    private String authMechanism;
    /** In a pipelined group: how many replies are still due before the one to DATA (MAIL, then each RCPT). */
    private int pipelineDue;
    private Reply mailRefused;
    private boolean emptyData;

    /** A client for one message to the envelope's recipients; {@code messageContent} is the RFC 5322 message. */
    public SmtpClient(ClientConfig config, Envelope envelope, byte[] messageContent) {
        if (config == null || envelope == null || messageContent == null) {
            throw new IllegalArgumentException("config, envelope and messageContent are required");
        }
        this.config = config;
        this.envelope = envelope;
        this.messageContent = messageContent.clone();
        this.wireContent = DotStuffing.encode(messageContent);
        this.tlsActive = config.tlsAlreadyActive();
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
        tlsActive = true;
        ehloInfo = null;
        send(Command.ehlo(config.heloName()), ClientState.EHLO_SENT);
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
                finish(Result.TRANSIENT, null, "connection closed by the server in state " + state);
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
        return Optional.ofNullable(ehloInfo);
    }

    /** True if EHLO was refused and HELO was used (RFC 5321 §4.1.1.1). */
    public boolean usedHeloFallback() {
        return usedHeloFallback;
    }

    /** True if the session is protected by TLS. */
    public boolean tlsActive() {
        return tlsActive;
    }

    /** The outcome once finished. */
    public Optional<Outcome> outcome() {
        return finished == null ? Optional.empty() : Optional.of(finished.outcome());
    }

    /** The message size announced with SIZE=n: the dot-stuffed content without the terminator. */
    public long messageSize() {
        return wireContent.length - 3L;
    }

    private void onReply(Reply reply) {
        if (reply.code() == 421 && state != ClientState.QUIT_SENT) {
            finish(Result.TRANSIENT, reply, "server is closing the connection: " + reply.text() + " (RFC 5321 §3.8)");
            return;
        }
        switch (state) {
            case AWAIT_GREETING:
                if (reply.code() == 220) {
                    send(Command.ehlo(config.heloName()), ClientState.EHLO_SENT);
                } else if (reply.isTransient() || reply.isPermanent()) {
                    failAndQuit(resultOf(reply), reply, "server refused the session at greeting: " + reply.text());
                } else {
                    unexpected(reply, "220 greeting");
                }
                break;
            case EHLO_SENT:
                if (reply.isPositive()) {
                    ehloInfo = EhloInfo.parse(reply);
                    afterHello();
                } else if (reply.code() == 500 || reply.code() == 502) {
                    usedHeloFallback = true;
                    send(Command.helo(config.heloName()), ClientState.HELO_SENT);
                } else if (reply.isTransient() || reply.isPermanent()) {
                    failAndQuit(resultOf(reply), reply, "EHLO refused: " + reply.text());
                } else {
                    unexpected(reply, "250 to EHLO");
                }
                break;
            case HELO_SENT:
                if (reply.isPositive()) {
                    afterHello();
                } else if (reply.isTransient() || reply.isPermanent()) {
                    failAndQuit(resultOf(reply), reply, "HELO refused: " + reply.text());
                } else {
                    unexpected(reply, "250 to HELO");
                }
                break;
            case STARTTLS_SENT:
                if (reply.code() == 220) {
                    if (decoder.hasBufferedData()) {
                        protocolError("server sent more data after 220 to STARTTLS (RFC 3207 §4.2: possible injection)");
                        return;
                    }
                    state = ClientState.TLS_HANDSHAKE;
                    events.add(new ClientEvent.StartTls());
                } else if (reply.isTransient() || reply.isPermanent()) {
                    if (config.tls() == TlsMode.REQUIRE) {
                        failAndQuit(Result.TRANSIENT, reply, "TLS required but STARTTLS was refused: " + reply.text());
                    } else {
                        authOrMail();
                    }
                } else {
                    unexpected(reply, "220 to STARTTLS");
                }
                break;
            case AUTH_SENT:
            case AUTH_USER_SENT:
            case AUTH_PASSWORD_SENT:
                onAuthReply(reply);
                break;
            case MAIL_SENT:
                if (reply.isPositive()) {
                    sendRcpt();
                } else if (reply.isTransient() || reply.isPermanent()) {
                    failAndQuit(resultOf(reply), reply, "MAIL FROM refused: " + reply.text());
                } else {
                    unexpected(reply, "250 to MAIL");
                }
                break;
            case RCPT_SENT:
                onRcptReply(reply);
                break;
            case DATA_SENT:
                if (reply.isIntermediate()) {
                    sendContent();
                } else if (reply.isTransient() || reply.isPermanent()) {
                    decideAccepted(resultOf(reply), reply, "DATA refused");
                    quit("DATA refused: " + reply.text());
                } else {
                    unexpected(reply, "354 to DATA");
                }
                break;
            case PIPELINE_SENT:
                onPipelinedReply(reply);
                break;
            case CONTENT_SENT:
                if (emptyData) {
                    if (mailRefused != null) {
                        failAndQuit(resultOf(mailRefused), mailRefused, "MAIL FROM refused: " + mailRefused.text());
                    } else {
                        quit("no recipient accepted");
                    }
                } else if (reply.isPositive()) {
                    decideAccepted(Result.ACCEPTED, reply, "accepted; the server took responsibility (RFC 5321 §6.1)");
                    quit("delivered to " + acceptedAtRcpt.size() + " of " + envelope.recipients().size() + " recipient(s)");
                } else if (reply.isTransient() || reply.isPermanent()) {
                    decideAccepted(resultOf(reply), reply, "message refused after data");
                    quit("message refused after data: " + reply.text());
                } else {
                    unexpected(reply, "reply to the end of data");
                }
                break;
            case QUIT_SENT:
                finish(null, null, pendingSummary);
                break;
            default:
                protocolError("reply received in state " + state);
        }
    }

    private void afterHello() {
        boolean offered = ehloInfo != null && ehloInfo.startTls();
        if (!tlsActive && config.tls() != TlsMode.OFF && offered) {
            send(Command.startTls(), ClientState.STARTTLS_SENT);
        } else if (!tlsActive && config.tls() == TlsMode.REQUIRE) {
            failAndQuit(Result.TRANSIENT, null, "TLS required but the server does not offer STARTTLS (RFC 3207)");
        } else {
            authOrMail();
        }
    }

    private void authOrMail() {
        if (config.credentials() != null && !authenticated) {
            startAuth();
        } else {
            startMail();
        }
    }

    /**
     * AUTH (RFC 4954) over TLS only: PLAIN with an initial response (RFC 4616) if offered, else LOGIN. Without TLS,
     * without AUTH in the EHLO reply or without a common mechanism the client sends nothing and gives up; a retry
     * with the same settings could not do better, so that is a permanent failure.
     */
    private void startAuth() {
        if (!tlsActive) {
            failAndQuit(Result.PERMANENT, null, "credentials are only sent over TLS, and this session is not"
                    + " encrypted (RFC 4954 §4: use STARTTLS first)");
            return;
        }
        java.util.Set<String> offered = ehloInfo == null ? java.util.Set.of() : ehloInfo.authMechanisms();
        if (offered.isEmpty()) {
            failAndQuit(Result.PERMANENT, null, "the server does not offer AUTH (RFC 4954 §3), but credentials were given");
        } else if (offered.contains("PLAIN")) {
            authMechanism = "PLAIN";
            String response = base64("\0" + config.credentials().user() + "\0" + config.credentials().password());
            send(Command.auth("PLAIN", response), ClientState.AUTH_SENT);
        } else if (offered.contains("LOGIN")) {
            authMechanism = "LOGIN";
            send(Command.auth("LOGIN", null), ClientState.AUTH_SENT);
        } else {
            failAndQuit(Result.PERMANENT, null, "no common AUTH mechanism: the server offers " + String.join(" ", offered)
                    + ", the client knows PLAIN and LOGIN");
        }
    }

    private void onAuthReply(Reply reply) {
        if (reply.code() == 235) {
            authenticated = true;
            startMail();
        } else if (reply.code() == 334) {
            if (state == ClientState.AUTH_PASSWORD_SENT) {
                unexpected(reply, "235 after the credentials");
            } else if (authMechanism.equals("PLAIN")) {
                // the server ignored or did not want the initial response: send it again as the answer (RFC 4954 §4)
                authAnswer(base64("\0" + config.credentials().user() + "\0" + config.credentials().password()),
                        ClientState.AUTH_PASSWORD_SENT);
            } else if (state == ClientState.AUTH_SENT) {
                authAnswer(base64(config.credentials().user()), ClientState.AUTH_USER_SENT);
            } else {
                authAnswer(base64(config.credentials().password()), ClientState.AUTH_PASSWORD_SENT);
            }
        } else if (reply.isTransient() || reply.isPermanent()) {
            failAndQuit(resultOf(reply), reply, "authentication failed: " + reply.text() + " (RFC 4954 §6)");
        } else {
            unexpected(reply, "235 or 334 to AUTH");
        }
    }

    private void authAnswer(String line, ClientState next) {
        events.add(new ClientEvent.Send((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                List.of(line), null, true));
        state = next;
    }

    private static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** True once AUTH succeeded (235). */
    public boolean authenticated() {
        return authenticated;
    }

    private void startMail() {
        OptionalLong max = ehloInfo == null ? OptionalLong.empty() : ehloInfo.maxSize();
        if (max.isPresent() && max.getAsLong() > 0 && messageSize() > max.getAsLong()) {
            failAndQuit(Result.PERMANENT, null, "message of " + messageSize() + " octets exceeds the server's SIZE limit of "
                    + max.getAsLong() + " (RFC 1870 §6); not sent");
            return;
        }
        Command mail = ehloInfo != null && ehloInfo.supports("SIZE")
                ? Command.mailFrom(envelope.reversePath(), "SIZE=" + messageSize())
                : Command.mailFrom(envelope.reversePath());
        if (config.pipelining() && ehloInfo != null && ehloInfo.pipelining()) {
            // RFC 2920 §3.1: MAIL, the RCPTs and DATA as one group, DATA last; the replies come in the same order
            send(mail, ClientState.PIPELINE_SENT);
            for (String r : envelope.recipients()) {
                send(Command.rcptTo(r), ClientState.PIPELINE_SENT);
            }
            send(Command.data(), ClientState.PIPELINE_SENT);
            pipelineDue = 1 + envelope.recipients().size();
            rcptIndex = 0;
            return;
        }
        send(mail, ClientState.MAIL_SENT);
    }

    /** A reply within a pipelined group: MAIL's, then one per RCPT in order, then DATA's (RFC 2920 §3.1). */
    private void onPipelinedReply(Reply reply) {
        if (!(reply.isPositive() || reply.isIntermediate() || reply.isTransient() || reply.isPermanent())) {
            unexpected(reply, "a reply to the pipelined MAIL, RCPT or DATA");
            return;
        }
        if (pipelineDue == 1 + envelope.recipients().size()) { // MAIL
            pipelineDue--;
            if (!reply.isPositive()) {
                mailRefused = reply; // the RCPT and DATA replies that follow are sequence errors: read, not counted
            }
            return;
        }
        if (pipelineDue > 0) { // one RCPT
            pipelineDue--;
            String rcpt = envelope.recipients().get(rcptIndex++);
            if (mailRefused == null) {
                noteRcptReply(rcpt, reply);
            }
            return;
        }
        // DATA
        boolean nothingToSend = mailRefused != null || acceptedAtRcpt.isEmpty();
        if (reply.isIntermediate()) {
            if (nothingToSend) {
                // the server took DATA although nothing was accepted: end it at once with a lone dot (RFC 2920 §3.1)
                emptyData = true;
                events.add(new ClientEvent.Send(".\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        List.of("."), null));
                state = ClientState.CONTENT_SENT;
                stage = "end of DATA command";
            } else {
                sendContent();
            }
        } else if (mailRefused != null) {
            failAndQuit(resultOf(mailRefused), mailRefused, "MAIL FROM refused: " + mailRefused.text());
        } else if (acceptedAtRcpt.isEmpty()) {
            quit("no recipient accepted");
        } else if (reply.isTransient() || reply.isPermanent()) {
            decideAccepted(resultOf(reply), reply, "DATA refused");
            quit("DATA refused: " + reply.text());
        } else {
            unexpected(reply, "354 to DATA");
        }
    }

    private void sendRcpt() {
        send(Command.rcptTo(envelope.recipients().get(rcptIndex)), ClientState.RCPT_SENT);
    }

    /** Notes the reply to one recipient's RCPT; false (after a protocol error) when it is no reply to RCPT. */
    private boolean noteRcptReply(String rcpt, Reply reply) {
        if (reply.isPositive()) {
            acceptedAtRcpt.add(rcpt);
        } else if (reply.isTransient() || reply.isPermanent()) {
            decided.put(rcpt, new RecipientStatus(resultOf(reply), reply, "refused at RCPT"));
            events.add(new ClientEvent.RecipientRejected(rcpt, reply));
        } else {
            unexpected(reply, "250 to RCPT");
            return false;
        }
        return true;
    }

    /** The dot-stuffed message as one Send, after 354 (RFC 5321 §4.5.2). */
    private void sendContent() {
        events.add(new ClientEvent.Send(wireContent.clone(), DotStuffing.wireLines(messageContent), null));
        state = ClientState.CONTENT_SENT;
        stage = "end of DATA command";
    }

    private void onRcptReply(Reply reply) {
        if (!noteRcptReply(envelope.recipients().get(rcptIndex), reply)) {
            return;
        }
        rcptIndex++;
        if (rcptIndex < envelope.recipients().size()) {
            sendRcpt();
        } else if (acceptedAtRcpt.isEmpty()) {
            quit("no recipient accepted");
        } else {
            send(Command.data(), ClientState.DATA_SENT);
        }
    }

    private void decideAccepted(Result result, Reply reply, String note) {
        for (String r : acceptedAtRcpt) {
            decided.put(r, new RecipientStatus(result, reply, note));
        }
    }

    private void failAndQuit(Result result, Reply reply, String summary) {
        for (String r : envelope.recipients()) {
            decided.putIfAbsent(r, new RecipientStatus(result, reply, summary));
        }
        quit(summary);
    }

    private void quit(String summary) {
        pendingSummary = summary;
        send(Command.quit(), ClientState.QUIT_SENT);
    }

    private void unexpected(Reply reply, String expected) {
        protocolError("unexpected reply " + reply.code() + " in state " + state + " (expected " + expected + ", RFC 5321 §4.3.2)");
    }

    private void protocolError(String message) {
        events.add(new ClientEvent.ProtocolError(message));
        if (state == ClientState.QUIT_SENT) {
            finish(null, null, pendingSummary);
        } else {
            finish(Result.TRANSIENT, null, "protocol error: " + message);
        }
    }

    /** Decides every undecided recipient with {@code result} (if non-null) and emits Finished. */
    private void finish(Result result, Reply reply, String summary) {
        Map<String, RecipientStatus> all = new LinkedHashMap<>();
        for (String r : envelope.recipients()) {
            RecipientStatus s = decided.get(r);
            if (s == null) {
                s = new RecipientStatus(result == null ? Result.TRANSIENT : result, reply, summary);
            }
            all.put(r, s);
        }
        state = ClientState.FINISHED;
        finished = new ClientEvent.Finished(new Outcome(all, lastReply, summary));
        events.add(finished);
    }

    private void send(Command command, ClientState next) {
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

    /**
     * True once a RCPT command was sent: from then on the server has decided (or is deciding) the recipients, so a
     * sender does not take the message to the next mail exchanger (RFC 5321 §5.1).
     */
    public boolean recipientsReached() {
        return recipientsReached;
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

    private static Result resultOf(Reply reply) {
        return reply.isPermanent() ? Result.PERMANENT : Result.TRANSIENT;
    }
}

package org.mailtrail.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.smtp.ClientConfig;
import org.mailtrail.smtp.ClientEvent;
import org.mailtrail.smtp.ClientState;
import org.mailtrail.smtp.Envelope;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.SmtpClient;

/**
 * One SMTP session of a {@link LiveSender} over an open {@link SenderLink}: the sans-IO {@link SmtpClient} decides,
 * this pump only carries its bytes, with a deadline for every reply ({@link SmtpTimeouts}) and every write, and puts
 * each command and reply on the timeline. Pipelines MAIL, RCPT and DATA when the server offers it (RFC 2920), as a
 * real MTA does, and refuses a reply the client did not wait for (RFC 5321 §4.2).
 */
final class ClientPump {
    /** How the session went: the client's outcome, whether a RCPT was sent, and whether the network failed it. */
    record Result(Outcome outcome, boolean rcptAnswered, boolean refusedAtGreeting, boolean securityFailed,
                  boolean network) {
    }

    private final LiveSender.Options options;
    private final LiveRecorder recorder;
    private final StepGate gate;
    private final AtomicBoolean cancelled;
    private final ClientTlsHandshake tls;
    private final byte[] content;

    ClientPump(LiveSender.Options options, LiveRecorder recorder, StepGate gate, AtomicBoolean cancelled,
               ClientTlsHandshake tls, byte[] content) {
        this.options = options;
        this.recorder = recorder;
        this.gate = gate;
        this.cancelled = cancelled;
        this.tls = tls;
        this.content = content;
    }

    /**
     * Runs the session for {@code rcpts} to its end. InterruptedException when the user cancelled it;
     * {@link ClientTlsHandshake.Failed} when the TLS handshake of implicit TLS failed (the connection is closed then).
     */
    Result run(SenderLink link, LiveConnection conn, SendTarget t, List<String> rcpts)
            throws InterruptedException, ClientTlsHandshake.Failed {
        String helo = options.helo() != null ? options.helo()
                : "[" + link.socket().getLocalAddress().getHostAddress() + "]";
        if (options.implicitTls()) {
            try {
                tls.handshake(link, conn, t);
            } catch (ClientTlsHandshake.Failed e) {
                conn.closed(true);
                throw e;
            }
        }
        SmtpClient client = new SmtpClient(new ClientConfig(helo, options.tls(), options.implicitTls(),
                options.credentials(), true), new Envelope(options.compose().from(), rcpts), content);
        boolean network = false;
        boolean serverClosed = false;
        long replyDeadline = 0; // System.nanoTime() by which the awaited reply must be complete; 0: not waiting yet
        Outcome outcome;
        byte[] buf = new byte[4096]; // replies are short (512 octets a line); a longer one takes another read
        ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
        List<ClientEvent.Send> pendingSends = new ArrayList<>();
        try {
            InputStream in = link.socket().getInputStream();
            OutputStream out = link.socket().getOutputStream();
            while (true) {
                ClientEvent ev = client.nextEvent();
                if (ev instanceof ClientEvent.Finished f) {
                    outcome = f.outcome();
                    break;
                } else if (ev instanceof ClientEvent.NeedData) {
                    if (pending.size() > 0) {
                        // the commands the client produced in one go leave together: one segment for a pipelined
                        // group (RFC 2920 §3.1 asks a client to send the group at once), one write otherwise
                        byte[] group = pending.toByteArray();
                        pending.reset();
                        long sentAt = recorder.now();
                        try {
                            link.write(out, group, options.timeouts().command());
                            for (ClientEvent.Send p : pendingSends) {
                                conn.command(sentAt, p.command(), p.lines(), p.authResponse(), p.secret());
                            }
                            pendingSends.clear();
                            replyDeadline = 0;
                        } catch (IOException e) {
                            checkCancelled();
                            sendFailed(conn, e, "RFC 5321 §4.5.3.2");
                            network = true;
                            client.abort("could not send to the server: " + e.getMessage());
                            continue;
                        }
                    }
                    Duration wait = options.timeouts().forReplyIn(client.state());
                    if (replyDeadline == 0) {
                        // one deadline for the whole reply, however many reads it takes (a trickle cannot stretch it)
                        replyDeadline = System.nanoTime() + wait.toNanos();
                    }
                    int n;
                    try {
                        n = link.read(in, buf, replyDeadline);
                    } catch (SocketTimeoutException e) {
                        String what = client.state() == ClientState.CONTENT_SENT
                                ? "no reply after the final \".\" within " + wait.toSeconds() + " s: the message may"
                                + " or may not have been delivered (RFC 5321 §6.1)"
                                : "no complete reply within " + wait.toSeconds() + " s while waiting for "
                                + awaited(client.state());
                        conn.error("smtp.timeout", SmtpTimeouts.rfcFor(client.state()), what, true);
                        network = client.state() != ClientState.CONTENT_SENT;
                        client.abort("timeout: " + what);
                        continue;
                    } catch (IOException e) {
                        checkCancelled();
                        conn.error("smtp.session.closed", client.state() == ClientState.CONTENT_SENT ? "RFC 5321 §6.1"
                                : "RFC 5321 §3.8", "connection lost while waiting for " + awaited(client.state()) + ": "
                                + e.getMessage(), true);
                        network = client.state() != ClientState.CONTENT_SENT;
                        client.connectionClosed();
                        serverClosed = true;
                        continue;
                    }
                    if (n < 0) {
                        checkCancelled();
                        if (client.state() == ClientState.CONTENT_SENT) {
                            conn.error("smtp.session.closed", "RFC 5321 §6.1", "the server closed the connection after"
                                    + " the final \".\" without a reply: the message may or may not have been"
                                    + " delivered, so it is not counted as delivered", true);
                        } else if (client.state() != ClientState.QUIT_SENT) {
                            conn.error("smtp.session.closed", "RFC 5321 §3.8", "the server closed the connection"
                                    + " while the client waited for " + awaited(client.state()), true);
                        }
                        conn.closed(false);
                        serverClosed = true;
                        network = client.state() != ClientState.QUIT_SENT
                                && client.state() != ClientState.CONTENT_SENT;
                        client.connectionClosed();
                    } else {
                        client.receiveData(Arrays.copyOf(buf, n));
                    }
                } else if (ev instanceof ClientEvent.ReplyReceived r) {
                    replyDeadline = 0;
                    conn.reply(recorder.now(), r.reply(), r.rawLines());
                } else if (ev instanceof ClientEvent.Send s) {
                    if (serverClosed) {
                        client.connectionClosed();
                        continue;
                    }
                    boolean quit = s.command() != null && s.command().verb().equals("QUIT");
                    if (!quit && client.hasUnreadData()) {
                        // Every reply this client waits for has arrived before it sends its next command (a pipelined
                        // group is sent before any of its replies is read): bytes already here were sent out of turn,
                        // and taking them as the next reply would pair every later reply with the wrong command (a 250
                        // sent with the 354 would even read as a delivery of data the server never saw). QUIT is fine.
                        String next = s.command() != null ? s.command().verb()
                                : s.authResponse() ? "AUTH answer" : "message data";
                        conn.error("smtp.protocol-error", "RFC 5321 §4.2", "the server sent more than one reply, or"
                                + " spoke before the client's " + next + ": unsolicited data (one reply per command,"
                                + " RFC 5321 §4.2, RFC 2920)", true);
                        network = true;
                        client.abort("protocol error: unsolicited data from the server before the client's " + next);
                        continue;
                    }
                    if (gate != StepGate.NONE) { // the command line never waits: no summary to build for it
                        gate.await(SmtpSteps.commandSummary(s.command(), s.lines(), s.authResponse()));
                    }
                    long time = recorder.now();
                    boolean block = s.command() == null && !s.authResponse();
                    if (!block) {
                        pending.write(s.bytes()); // sent, and put on the timeline, when the client next waits
                        pendingSends.add(s);
                        continue;
                    }
                    try {
                        link.write(out, s.bytes(), options.timeouts().block());
                    } catch (IOException e) {
                        checkCancelled();
                        sendFailed(conn, e, "RFC 5321 §4.5.3.2.5");
                        network = true;
                        client.abort("could not send to the server: " + e.getMessage());
                        continue;
                    }
                    replyDeadline = 0;
                    conn.command(time, s.command(), s.lines(), s.authResponse(), s.secret());
                } else if (ev instanceof ClientEvent.StartTls) {
                    try {
                        tls.handshake(link, conn, t);
                    } catch (ClientTlsHandshake.Failed e) {
                        client.tlsFailed(e.getMessage());
                        network = true;
                        continue;
                    }
                    in = link.socket().getInputStream();
                    out = link.socket().getOutputStream();
                    replyDeadline = 0;
                    client.tlsEstablished();
                } else if (ev instanceof ClientEvent.ProtocolError p) {
                    conn.error("smtp.protocol-error", "RFC 5321 §4.2", p.message(), true);
                    network = true;
                }
            }
        } catch (IOException e) {
            // getInputStream/getOutputStream on a socket that was closed under us
            checkCancelled();
            conn.error("smtp.session.closed", "RFC 5321 §3.8", "connection lost: " + e.getMessage(), true);
            client.abort("connection lost: " + e.getMessage());
            outcome = client.outcome().orElseThrow();
            network = true;
        }
        if (!serverClosed) {
            conn.closed(true);
        }
        // when an attempt is final: the client's own word, as in the simulation and the lab (DeliveryAgent)
        return new Result(outcome, client.recipientsDecided(), client.refusedAtGreeting(), client.securityFailed(),
                network);
    }

    /** A write failed: the server stopped reading ({@code timeoutRfc}), or the connection broke. */
    private static void sendFailed(LiveConnection conn, IOException e, String timeoutRfc) {
        if (e instanceof SocketTimeoutException) {
            conn.error("smtp.timeout", timeoutRfc, "the server stopped reading: " + e.getMessage(), true);
        } else {
            conn.error("smtp.session.closed", "RFC 5321 §3.8", "could not send: " + e.getMessage(), false);
        }
    }

    /** The user's Stop closed the socket: the failure it caused is no failure of the server. */
    private void checkCancelled() throws InterruptedException {
        if (cancelled.get()) {
            throw new InterruptedException("cancelled");
        }
    }

    /** What the client waits for in {@code state}, in words. */
    static String awaited(ClientState state) {
        switch (state) {
            case AWAIT_GREETING:
                return "the greeting";
            case EHLO_SENT:
                return "the reply to EHLO";
            case HELO_SENT:
                return "the reply to HELO";
            case STARTTLS_SENT:
                return "the reply to STARTTLS";
            case AUTH_SENT:
            case AUTH_USER_SENT:
            case AUTH_PASSWORD_SENT:
                return "the reply to AUTH";
            case MAIL_SENT:
                return "the reply to MAIL FROM";
            case RCPT_SENT:
                return "the reply to RCPT TO";
            case DATA_SENT:
                return "the reply to DATA";
            case CONTENT_SENT:
                return "the reply to the final \".\"";
            case QUIT_SENT:
                return "the reply to QUIT";
            default:
                return "a reply (state " + state + ")";
        }
    }
}

package org.mailtrail.live;

import java.util.List;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.TimelineEvent;

/**
 * One real TCP connection as the timeline shows it, seen from either end: the times this program can measure,
 * with the steps written by the core's {@link ConnectionSteps} (the same summaries, keys, RFC sections and details
 * as the simulation and the lab), so every exporter and view reads a live session as it reads a simulated one.
 *
 * <p>The kernel does the handshake, so its three packets are shown from what the program can measure: SYN when
 * connect() starts, SYN-ACK half a round trip later, ACK when connect() returns. A command is shown leaving when it
 * is written and arriving half a round trip later; a reply arriving when its last line was read.
 */
public final class LiveConnection {
    private final LiveRecorder recorder;
    private final ConnectionSteps steps;
    private volatile long halfRtt;
    /** When the last command was sent (client) or read (server): no reply is shown as starting before it. */
    private volatile long lastCommand = Long.MIN_VALUE;

    /** A connection between {@code client} at clientAddr:clientPort and {@code server} at serverAddr:serverPort. */
    public LiveConnection(LiveRecorder recorder, String id, String client, String clientAddr, int clientPort,
                          String server, String serverAddr, int serverPort) {
        this.recorder = recorder;
        this.steps = new ConnectionSteps(recorder, id, client, clientAddr, clientPort, server, serverAddr, serverPort);
    }

    public String client() {
        return steps.client();
    }

    public String server() {
        return steps.server();
    }

    /** The server as {@code name [address]:port}. */
    public String target() {
        return steps.target();
    }

    /** The details of a packet in one direction. */
    public Details details(boolean fromClient) {
        return steps.details(fromClient);
    }

    /** Half the measured round trip, in microseconds. */
    public long halfRtt() {
        return halfRtt;
    }

    /** The handshake of a connection that started at {@code started} and is open now. */
    public void opened(long started, String purpose) {
        long now = recorder.now();
        halfRtt = Math.max(0, (now - started) / 2);
        steps.syn(started, started + halfRtt);
        steps.synAck(started + halfRtt, now);
        steps.ack(now, now + halfRtt, purpose);
    }

    /** A connection seen from the server: it was accepted now (the handshake is already done). */
    public void accepted() {
        accepted(recorder.now());
    }

    /** A connection seen from the server that was accepted at {@code time} (it may have waited for a slot since). */
    public void accepted(long time) {
        steps.syn(time, time);
        steps.synAck(time, time);
        steps.ack(time, time, null);
    }

    /**
     * The connection could not be opened: {@code reason} is {@code refused}, {@code timeout} or {@code unreachable};
     * {@code why} says it in words.
     */
    public void failed(long started, String reason, String why) {
        long now = recorder.now();
        steps.syn(started, started);
        if (reason.equals("refused")) {
            steps.refused(started, now, List.of(steps.arrow(false, "RST, ACK"), why));
        } else {
            steps.failed(started, now, reason, reason.equals("timeout")
                    ? "TCP connect to " + target() + " timed out"
                    : "TCP connect to " + target() + " failed: " + why, List.of(why));
        }
    }

    /**
     * A command or data block written by the client at {@code time}; {@code secret} marks AUTH lines for redaction.
     */
    public TimelineEvent command(long time, Command command, List<String> lines, boolean authResponse, boolean secret) {
        lastCommand = Math.max(lastCommand, time);
        return steps.command(time, time + halfRtt, command, lines, authResponse, secret);
    }

    /**
     * A reply that was complete at {@code time} (read by the client, or written by the server). Control characters
     * in its text are shown escaped ({@link #printable}), so a server cannot drive a terminal through the transcript.
     */
    public TimelineEvent reply(long time, Reply reply, List<String> raw) {
        List<String> shown = org.mailtrail.timeline.Printable.all(raw);
        // the reply left the server about half a round trip before it was complete here, but not before the
        // command it answers was sent: the round trip is estimated from the TCP connect, which can be slower
        long start = Math.min(time, Math.max(time - halfRtt, lastCommand));
        return steps.reply(start, time, reply, shown);
    }

    /** Text from the network made safe to show; see {@link org.mailtrail.timeline.Printable#of}. */
    public static String printable(String s) {
        return org.mailtrail.timeline.Printable.of(s);
    }

    /** TLS is up: protocol, cipher suite, the certificate's subject and the trust verdict (RFC 3207). */
    public void tls(long started, String protocol, String cipher, String subject, String verdict) {
        subject = printable(subject); // from the server's certificate
        verdict = printable(verdict);
        steps.tls(started, recorder.now(), protocol, cipher, subject, verdict,
                List.of("protocol: " + protocol, "cipher: " + cipher, "certificate: " + subject, "verdict: " + verdict,
                        "(the rest of this session is encrypted on the wire)"));
    }

    /** Something went wrong on this connection: a timeout, garbage, a failed handshake, a reset. */
    public void error(String key, String rfc, String message, boolean fromServerSide) {
        error(recorder.now(), key, rfc, message, fromServerSide);
    }

    /** {@link #error(String, String, String, boolean)} at {@code time}. */
    public void error(long time, String key, String rfc, String message, boolean fromServerSide) {
        message = printable(message);
        steps.error(time, key, rfc, "Error: " + message, message, fromServerSide);
    }

    /** The connection is closed by the client ({@code byClient}) or the server. */
    public void closed(boolean byClient) {
        long now = recorder.now();
        steps.close(now, now + halfRtt, byClient);
    }
}

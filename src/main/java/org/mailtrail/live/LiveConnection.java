package org.mailtrail.live;

import java.util.List;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * One real TCP connection as the timeline shows it, seen from either end: the client's and the server's names,
 * addresses and ports, and the steps on it. The same detail keys as simulation ({@code proto}, {@code conn},
 * {@code srcAddr}, {@code srcPort}, {@code dstAddr}, {@code dstPort}), so every exporter and view reads a live
 * session as it reads a simulated one.
 *
 * <p>The kernel does the handshake, so its three packets are shown from what the program can measure: SYN when
 * connect() starts, SYN-ACK half a round trip later, ACK when connect() returns. A command is shown leaving when it
 * is written and arriving half a round trip later; a reply arriving when its last line was read.
 */
public final class LiveConnection {
    private final LiveRecorder recorder;
    private final String id;
    private final String client;
    private final String clientAddr;
    private final int clientPort;
    private final String server;
    private final String serverAddr;
    private final int serverPort;
    private final Details fromClient;
    private final Details fromServer;
    private volatile long halfRtt;
    /** When the last command was sent (client) or read (server): no reply is shown as starting before it. */
    private volatile long lastCommand = Long.MIN_VALUE;

    /** A connection between {@code client} at clientAddr:clientPort and {@code server} at serverAddr:serverPort. */
    public LiveConnection(LiveRecorder recorder, String id, String client, String clientAddr, int clientPort,
                          String server, String serverAddr, int serverPort) {
        this.recorder = recorder;
        this.id = id;
        this.client = client;
        this.clientAddr = clientAddr;
        this.clientPort = clientPort;
        this.server = server;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        this.fromClient = endpoints(clientAddr, clientPort, serverAddr, serverPort);
        this.fromServer = endpoints(serverAddr, serverPort, clientAddr, clientPort);
    }

    private Details endpoints(String srcAddr, int srcPort, String dstAddr, int dstPort) {
        return Details.builder().put("proto", "tcp").put("conn", id).put("srcAddr", srcAddr)
                .put("srcPort", Integer.toString(srcPort)).put("dstAddr", dstAddr).put("dstPort", Integer.toString(dstPort))
                .build();
    }

    public String client() {
        return client;
    }

    public String server() {
        return server;
    }

    /** The server as {@code name [address]:port}. */
    public String target() {
        return server + " [" + serverAddr + "]:" + serverPort;
    }

    /** The details of a packet in one direction. */
    public Details details(boolean fromClient) {
        return fromClient ? this.fromClient : fromServer;
    }

    /** Half the measured round trip, in microseconds. */
    public long halfRtt() {
        return halfRtt;
    }

    private String arrow(boolean fromClient, String flags) {
        return fromClient
                ? clientAddr + ":" + clientPort + " > " + serverAddr + ":" + serverPort + " [" + flags + "]"
                : serverAddr + ":" + serverPort + " > " + clientAddr + ":" + clientPort + " [" + flags + "]";
    }

    /** The handshake of a connection that started at {@code started} and is open now. */
    public void opened(long started, String purpose) {
        long now = recorder.now();
        halfRtt = Math.max(0, (now - started) / 2);
        recorder.add(started, started + halfRtt, EventKind.TCP_SYN, client, server, "TCP SYN to " + target(),
                List.of(arrow(true, "SYN")), "tcp.syn", "RFC 9293 §3.5", fromClient);
        recorder.add(started + halfRtt, now, EventKind.TCP_SYN_ACK, server, client, "TCP SYN-ACK from " + target(),
                List.of(arrow(false, "SYN, ACK")), "tcp.synack", "RFC 9293 §3.5", fromServer);
        recorder.add(now, now + halfRtt, EventKind.TCP_ACK, client, server,
                "TCP ACK: connected to " + target() + " (" + purpose + ")", List.of(arrow(true, "ACK")), "tcp.ack",
                "RFC 9293 §3.5", fromClient);
    }

    /** A connection seen from the server: it was accepted now (the handshake is already done). */
    public void accepted() {
        long now = recorder.now();
        recorder.add(now, now, EventKind.TCP_SYN, client, server, "TCP SYN to " + target(),
                List.of(arrow(true, "SYN")), "tcp.syn", "RFC 9293 §3.5", fromClient);
        recorder.add(now, now, EventKind.TCP_SYN_ACK, server, client, "TCP SYN-ACK from " + target(),
                List.of(arrow(false, "SYN, ACK")), "tcp.synack", "RFC 9293 §3.5", fromServer);
        recorder.add(now, now, EventKind.TCP_ACK, client, server, "TCP ACK: " + client + " connected to " + target(),
                List.of(arrow(true, "ACK")), "tcp.ack", "RFC 9293 §3.5", fromClient);
    }

    /**
     * The connection could not be opened: {@code reason} is {@code refused}, {@code timeout} or {@code unreachable};
     * {@code why} says it in words.
     */
    public void failed(long started, String reason, String why) {
        long now = recorder.now();
        recorder.add(started, started, EventKind.TCP_SYN, client, server, "TCP SYN to " + target(),
                List.of(arrow(true, "SYN")), "tcp.syn", "RFC 9293 §3.5", fromClient);
        boolean refused = reason.equals("refused");
        String summary = refused ? "TCP connection to " + target() + " refused"
                : reason.equals("timeout") ? "TCP connect to " + target() + " timed out"
                : "TCP connect to " + target() + " failed: " + why;
        recorder.add(started, now, EventKind.TCP_FAILED, refused ? server : client, refused ? client : server, summary,
                List.of(refused ? arrow(false, "RST, ACK") : why, why), "tcp.failed." + reason, "RFC 5321 §5.1",
                Details.builder().putAll(refused ? fromServer : fromClient).put("reason", reason).build());
    }

    /**
     * A command or data block written by the client at {@code time}; {@code secret} marks AUTH lines for redaction.
     */
    public TimelineEvent command(long time, Command command, List<String> lines, boolean authResponse, boolean secret) {
        Details.Builder d = Details.builder().putAll(fromClient);
        if (command != null) {
            d.put("verb", command.verb());
        }
        if (secret) {
            d.put(SmtpSteps.SECRET, "auth");
        }
        lastCommand = Math.max(lastCommand, time);
        return recorder.add(time, time + halfRtt, EventKind.SMTP_COMMAND, client, server,
                SmtpSteps.commandSummary(command, lines, authResponse), lines,
                SmtpSteps.commandKey(command, authResponse), SmtpSteps.commandRfc(command, authResponse), d.build());
    }

    /**
     * A reply that was complete at {@code time} (read by the client, or written by the server). Control characters
     * in its text are shown escaped ({@link #printable}), so a server cannot drive a terminal through the transcript.
     */
    public TimelineEvent reply(long time, Reply reply, List<String> raw) {
        Details.Builder d = Details.builder().putAll(fromServer).put("code", Integer.toString(reply.code()));
        reply.enhancedStatus().ifPresent(es -> d.put("enhanced", es.toString()));
        List<String> shown = raw.stream().map(LiveConnection::printable).toList();
        // the reply left the server about half a round trip before it was complete here, but not before the
        // command it answers was sent: the round trip is estimated from the TCP connect, which can be slower
        long start = Math.min(time, Math.max(time - halfRtt, lastCommand));
        return recorder.add(start, time, EventKind.SMTP_REPLY, server, client,
                SmtpSteps.replySummary(reply, shown), shown, SmtpSteps.replyKey(reply), "RFC 5321 §4.2", d.build());
    }

    /** Text from the network made safe to show; see {@link org.mailtrail.timeline.Printable#of}. */
    public static String printable(String s) {
        return org.mailtrail.timeline.Printable.of(s);
    }

    /** TLS is up: protocol, cipher suite, the certificate's subject and the trust verdict (RFC 3207). */
    public void tls(long started, String protocol, String cipher, String subject, String verdict) {
        subject = printable(subject); // from the server's certificate
        verdict = printable(verdict);
        long now = recorder.now();
        Details d = Details.builder().putAll(fromClient).put("protocol", protocol).put("cipher", cipher)
                .put("certificate", subject).put("verdict", verdict).build();
        recorder.add(started, now, EventKind.TLS_NEGOTIATED, client, server,
                "TLS negotiated with " + server + ": " + protocol + ", " + cipher,
                List.of("protocol: " + protocol, "cipher: " + cipher, "certificate: " + subject, "verdict: " + verdict,
                        "(the rest of this session is encrypted on the wire)"),
                "tls.negotiated", "RFC 3207 §4", d);
    }

    /** Something went wrong on this connection: a timeout, garbage, a failed handshake, a reset. */
    public void error(String key, String rfc, String message, boolean fromServerSide) {
        message = printable(message);
        recorder.local(EventKind.PROTOCOL_ERROR, fromServerSide ? server : client, "Error: " + message,
                List.of(message), key, rfc, fromServerSide ? fromServer : fromClient);
    }

    /** The connection is closed by the client ({@code byClient}) or the server. */
    public void closed(boolean byClient) {
        long now = recorder.now();
        recorder.add(now, now + halfRtt, EventKind.TCP_CLOSE, byClient ? client : server, byClient ? server : client,
                "TCP close " + client + " - " + server, List.of(arrow(byClient, "FIN, ACK")), "tcp.close",
                "RFC 9293 §3.6", byClient ? fromClient : fromServer);
    }
}

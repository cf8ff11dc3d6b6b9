package org.mailtrail.engine;

import java.util.List;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The one place that writes the steps of a TCP connection on a journey: the handshake, a failure, each SMTP command
 * and reply, the TLS hand-over, an error and the close, with their summaries, explanation keys, RFC sections and
 * details ({@code proto}, {@code conn}, {@code srcAddr}, {@code srcPort}, {@code dstAddr}, {@code dstPort}, and
 * {@code verb}, {@code code}, {@code enhanced}, …). The transport says when each step began and ended (virtual time
 * in the simulation, measured time in the lab and live mode); what a step says is the same everywhere, in the manner
 * of OkHttp's EventListener.
 */
public final class ConnectionSteps {
    private final Journal journal;
    private final String client;
    private final String clientAddr;
    private final int clientPort;
    private final String server;
    private final String serverAddr;
    private final int serverPort;
    private final Details fromClient;
    private final Details fromServer;
    private final String mailboxProtocol;
    /** The port of the service as the world knows it (587 for submission) where the real port differs (the lab). */
    private int servicePort = -1;

    /**
     * The steps of connection {@code id} from {@code client} at clientAddr:clientPort to {@code server}; a connection
     * to a POP3 or IMAP port (110, 995, 143, 993) is a mailbox connection.
     */
    public ConnectionSteps(Journal journal, String id, String client, String clientAddr, int clientPort, String server,
                           String serverAddr, int serverPort) {
        this(journal, id, client, clientAddr, clientPort, server, serverAddr, serverPort, protocolOfPort(serverPort));
    }

    /**
     * The steps of a connection whose protocol is known whatever its port ({@code mailboxProtocol}: pop3, imap, or
     * null for SMTP), as in the lab, where the servers listen on ports of their own.
     */
    public ConnectionSteps(Journal journal, String id, String client, String clientAddr, int clientPort, String server,
                           String serverAddr, int serverPort, String mailboxProtocol) {
        this.mailboxProtocol = mailboxProtocol;
        this.journal = journal;
        this.client = client;
        this.clientAddr = clientAddr;
        this.clientPort = clientPort;
        this.server = server;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        String cPort = Integer.toString(clientPort);
        String sPort = Integer.toString(serverPort);
        this.fromClient = Details.builder().put(Details.PROTO, "tcp").put(Details.CONN, id)
                .put(Details.SRC_ADDR, clientAddr).put(Details.SRC_PORT, cPort).put(Details.DST_ADDR, serverAddr)
                .put(Details.DST_PORT, sPort).build();
        this.fromServer = Details.builder().put(Details.PROTO, "tcp").put(Details.CONN, id)
                .put(Details.SRC_ADDR, serverAddr).put(Details.SRC_PORT, sPort).put(Details.DST_ADDR, clientAddr)
                .put(Details.DST_PORT, cPort).build();
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
    public Details details(boolean fromClientSide) {
        return fromClientSide ? fromClient : fromServer;
    }

    /** {@code 192.0.2.10:40013 > 192.0.2.25:587 [SYN]}. */
    public String arrow(boolean fromClientSide, String flags) {
        return fromClientSide
                ? clientAddr + ":" + clientPort + " > " + serverAddr + ":" + serverPort + " [" + flags + "]"
                : serverAddr + ":" + serverPort + " > " + clientAddr + ":" + clientPort + " [" + flags + "]";
    }

    /**
     * Names the port of the service in the world (25, 587, 110, 143) when the connection goes to another one, as in the
     * lab: the SYN then carries it as {@link Details#SERVICE_PORT}, so that the step's phase and headers say
     * "submission, port 587" and not the lab's 2587.
     */
    public ConnectionSteps servicePort(int worldPort) {
        this.servicePort = worldPort;
        return this;
    }

    public void syn(long time, long end) {
        Details d = fromClient;
        if (servicePort > 0 && servicePort != serverPort) {
            Details.Builder b = Details.builder();
            fromClient.forEach(b::put);
            d = b.put(Details.SERVICE_PORT, Integer.toString(servicePort)).build();
        }
        journal.add(time, end, EventKind.TCP_SYN, client, server, "TCP SYN to " + target(),
                List.of(arrow(true, "SYN")), "tcp.syn", "RFC 9293 §3.5", d);
    }

    public void synAck(long time, long end) {
        journal.add(time, end, EventKind.TCP_SYN_ACK, server, client, "TCP SYN-ACK from " + target(),
                List.of(arrow(false, "SYN, ACK")), "tcp.synack", "RFC 9293 §3.5", fromServer);
    }

    /** The client's ACK: the connection is open, for {@code purpose} (null: seen from the server). */
    public void ack(long time, long end, String purpose) {
        String key = mailboxProtocol().map(p -> "tcp.ack." + p).orElse("tcp.ack");
        journal.add(time, end, EventKind.TCP_ACK, client, server, purpose == null
                        ? "TCP ACK: " + client + " connected to " + target()
                        : "TCP ACK: connected to " + target() + " (" + purpose + ")", List.of(arrow(true, "ACK")),
                key, RfcReferences.of(key, "RFC 9293 §3.5"), fromClient);
    }

    /** The mailbox access protocol of this connection ({@code pop3}, {@code imap}), or empty for SMTP. */
    public java.util.Optional<String> mailboxProtocol() {
        return java.util.Optional.ofNullable(mailboxProtocol);
    }

    /**
     * The mailbox access protocol of a server port — {@code pop3} on 110 and 995 (RFC 1939, RFC 8314), {@code imap}
     * on 143 and 993 (RFC 3501, RFC 8314) — or null for SMTP, whose conversation differs.
     */
    public static String protocolOfPort(int port) {
        switch (port) {
            case 110:
            case 995:
                return "pop3";
            case 143:
            case 993:
                return "imap";
            default:
                return null;
        }
    }

    /** The server refused the connection (RST): {@code lines} say it. */
    public void refused(long time, long end, List<String> lines) {
        journal.add(time, end, EventKind.TCP_FAILED, server, client, "TCP connection to " + target() + " refused",
                lines, "tcp.failed.refused", "RFC 5321 §5.1",
                Details.builder().putAll(fromServer).put(Details.REASON, "refused").build());
    }

    /** No connection: {@code reason} is {@code timeout} or {@code unreachable}; {@code summary} says it in words. */
    public void failed(long time, long end, String reason, String summary, List<String> lines) {
        journal.add(time, end, EventKind.TCP_FAILED, client, server, summary, lines, "tcp.failed." + reason,
                "RFC 5321 §5.1", Details.builder().putAll(fromClient).put(Details.REASON, reason).build());
    }

    /** A command or data block from the client; {@code secret} marks AUTH lines for redaction. */
    public TimelineEvent command(long time, long end, Command command, List<String> lines, boolean authResponse,
                                 boolean secret) {
        Details d = fromClient;
        if (command != null || secret) {
            Details.Builder b = Details.builder().putAll(fromClient);
            if (command != null) {
                b.put(Details.VERB, command.verb());
            }
            if (secret) {
                b.put(SmtpSteps.SECRET, "auth");
            }
            d = b.build();
        }
        return journal.add(time, end, EventKind.SMTP_COMMAND, client, server,
                SmtpSteps.commandSummary(command, lines, authResponse), lines,
                SmtpSteps.commandKey(command, authResponse), SmtpSteps.commandRfc(command, authResponse), d);
    }

    /** A reply from the server, its lines as they are to be shown. */
    public TimelineEvent reply(long time, long end, Reply reply, List<String> shown) {
        Details.Builder d = Details.builder().putAll(fromServer).put(Details.CODE, Integer.toString(reply.code()));
        reply.enhancedStatus().ifPresent(es -> d.put(Details.ENHANCED, es.toString()));
        return journal.add(time, end, EventKind.SMTP_REPLY, server, client, SmtpSteps.replySummary(reply, shown),
                shown, SmtpSteps.replyKey(reply), SmtpSteps.replyRfc(reply), d.build());
    }

    /** TLS is up (RFC 3207): protocol, cipher suite, certificate subject, trust verdict, and lines to show. */
    public void tls(long time, long end, String protocol, String cipher, String subject, String verdict,
                    List<String> lines) {
        Details d = Details.builder().putAll(fromClient).put(Details.PROTOCOL, protocol).put(Details.CIPHER, cipher)
                .put(Details.CERTIFICATE, subject).put(Details.VERDICT, verdict).build();
        // after SMTP's STARTTLS the client says EHLO again; after POP3's STLS and IMAP's STARTTLS it asks for the
        // capabilities again and only then logs in (RFC 2595 §4, RFC 3501 §6.2.1)
        String key = mailboxProtocol().map(p -> "tls.negotiated." + p).orElse("tls.negotiated");
        journal.add(time, end, EventKind.TLS_NEGOTIATED, client, server,
                "TLS negotiated with " + server + ": " + protocol + ", " + cipher, lines, key,
                RfcReferences.of(key, "RFC 3207 §4"), d);
    }

    /**
     * Something went wrong on the connection (a timeout, garbage, a failed handshake, a reset), noticed by one side
     * ({@code fromServerSide}: the server's side is at fault or reports it).
     */
    public void error(long time, String key, String rfc, String summary, String message, boolean fromServerSide) {
        journal.add(time, time, EventKind.PROTOCOL_ERROR, fromServerSide ? server : client,
                fromServerSide ? client : server, summary, List.of(message), key, rfc,
                fromServerSide ? fromServer : fromClient);
    }

    /**
     * The server closed the connection after the final dot without any reply (the world's {@code smtp.dropAfterData}):
     * the same step in the simulation and the lab.
     */
    public void closedAfterData(long time) {
        String m = "the server closed the connection after the final \".\" without a reply: the message is not"
                + " delivered, a temporary failure; it stays queued for a retry";
        error(time, "smtp.closed-after-data", "RFC 5321 §4.1.1.4, RFC 5321 §6.1", "Error: " + m, m, true);
    }

    /** A POP3 or IMAP command from the mail client ({@code protocol}: pop3 or imap), as shown (passwords hidden). */
    public void mailboxCommand(long time, long end, String protocol, String shownLine, String verb) {
        String key = "mailbox." + protocol + ".cmd." + verb.toLowerCase(java.util.Locale.ROOT);
        journal.add(time, end, EventKind.MAILBOX_COMMAND, client, server, "C: " + shownLine, List.of(shownLine),
                key, RfcReferences.of(key, mailboxRfc(protocol)), fromClient);
    }

    /** A POP3 or IMAP response of the mailbox server; {@code kind} names its explanation. */
    public void mailboxReply(long time, long end, String protocol, List<String> lines, String kind) {
        String summary = "S: " + (lines.isEmpty() ? "" : lines.get(0))
                + (lines.size() > 1 ? " (+" + (lines.size() - 1) + " lines)" : "");
        String key = "mailbox." + protocol + ".reply." + kind;
        journal.add(time, end, EventKind.MAILBOX_REPLY, server, client, summary, lines, key,
                RfcReferences.of(key, mailboxRfc(protocol)), fromServer);
    }

    /**
     * The explanation of a fetched message: it reached its recipient, or, for a bounce, the sender learns that it did
     * not ({@code mailbox.retrieved.bounce.imap}).
     */
    public static String retrievedKey(String protocol, boolean bounce) {
        return "mailbox.retrieved." + (bounce ? "bounce." : "") + protocol;
    }

    /** What the mail client now shows: the message, or the bounce saying it was not delivered. */
    public static String retrievedSummary(String mailbox, boolean bounce) {
        return mailbox + "'s mail client now shows the "
                + (bounce ? "bounce: the message came back undelivered" : "message");
    }

    /** The RFC of a mailbox access protocol. */
    public static String mailboxRfc(String protocol) {
        return protocol.equals("pop3") ? "RFC 1939" : "RFC 3501";
    }

    /** The connection is closed by the client ({@code byClient}) or the server. */
    public void close(long time, long end, boolean byClient) {
        journal.add(time, end, EventKind.TCP_CLOSE, byClient ? client : server, byClient ? server : client,
                "TCP close " + client + " - " + server, List.of(arrow(byClient, "FIN, ACK")), "tcp.close",
                "RFC 9293 §3.6", byClient ? fromClient : fromServer);
    }
}

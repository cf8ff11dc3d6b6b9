package org.mailtrail.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.MessageComposer;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.Redaction;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.PathArgument;
import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.ServerEvent;
import org.mailtrail.smtp.ServerPolicy;
import org.mailtrail.smtp.ServerState;
import org.mailtrail.smtp.SmtpServer;
import org.mailtrail.smtp.Transaction;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.world.Route;

/**
 * One connection to the {@link SmtpReceiver}, served on an {@link EventLoop} with non-blocking I/O or on a thread of
 * its own with blocking I/O: the socket feeds the sans-IO {@link SmtpServer}, its events go on the wire and on the
 * session's timeline, and its policy decides relaying and stores each message before the 250 is sent. A session
 * starts on a loop when the receiver has loops (no store) and moves to a thread for a TLS handshake or when the client
 * does not read its replies ({@link #continueOnThread()}).
 *
 * <p>Every command line a client sends is recorded with control characters escaped
 * ({@link LiveConnection#printable}); the credentials of an AUTH command (not offered here) are never kept.
 *
 * <p>Exactly once: a message is renamed into {@code maildir/new} before its 250 is written, and the 250 is flushed
 * at once; if that write fails the stored copy is removed again (the client did not get the 250 and will try
 * again). What remains is the window every SMTP server has (RFC 1047): the 250 left this host but the client died
 * before reading it; then the client's retry is a duplicate. (A receiver that stores runs its sessions on threads;
 * on a loop, which tests may combine with a store, a 250 the socket cannot take at once is sent later from a thread
 * and a failure then is recorded as a lost connection, without taking the copy back.)
 */
final class ReceiverSession implements ServerPolicy {
    /** RFC 5321 §6.3: a message with this many Received: lines is looping. */
    static final int MAX_HOPS = 100;
    /** Events on one session's timeline before the server ends the session (a bound on memory). */
    static final int MAX_EVENTS = 50_000;

    private static final int READ_BUFFER = 16 * 1024;
    private static final long EXPIRED = Long.MIN_VALUE;

    private final SmtpReceiver owner;
    private final ReceiverConfig config;
    private final MaildirStore store;
    private final String id;
    private final Socket raw;
    private final SocketChannel channel;
    private final InetSocketAddress client;
    private final String clientAddr;
    private final String clientName;
    private final String serverAddr;
    private final int serverPort;
    private final String hostname;
    private final LiveRecorder recorder = new LiveRecorder();
    private final LiveConnection conn;
    private final SmtpServer server;
    private final int idleMillis;
    private final long transcriptBudget;

    private volatile long ioSince;
    /**
     * When the plain-text read now waiting began ({@link System#nanoTime}), 0 when no read waits, {@link #EXPIRED}
     * once the watchdog has ended it for the idle timeout. Plain reads block without a socket timeout (a timed read
     * costs a poll and a second read per command in the JDK); the receiver's watchdog enforces the idle timeout.
     */
    private final java.util.concurrent.atomic.AtomicLong readSince = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean shuttingDown;

    // the rest is used by the session's own thread only
    private InputStream in;
    private OutputStream out;
    /** The output while the session is on an {@link EventLoop}; null on a thread of its own. */
    private LoopOutput loopOut;
    /** On the loop: STARTTLS was accepted, the handshake (which blocks) is to be done on a thread. */
    private boolean tlsNext;
    /** The conversation has ended (what remains is closing, a last flush and the transcript). */
    private boolean over;
    private boolean ended;
    private long readAt;
    private Command lastCommand;
    private boolean afterAuth;
    private boolean awaitingDataReply;
    private int lastReplyCode;
    private int messageNumber;
    /**
     * What {@link #onMessage} decided for each transaction, until its MessageReceived event is handled: a client that
     * does not wait for replies can put two whole messages in one read, and both are decided before either reply.
     */
    private final Map<Transaction, Object> decided = new java.util.IdentityHashMap<>();
    private Accepted pending;
    private String refusal;
    private long transcriptKept;
    private boolean trimmedData;
    private final List<String> openRcpts = new ArrayList<>();
    private final Set<String> allRcpts = new LinkedHashSet<>();
    private final Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
    private final List<DeliveredMessage> delivered = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private String from;
    private String subject = "";
    private String heloName = "";
    private boolean tls;
    private String closeReason = "";
    private String storeError;
    private int stored;

    /** A message that was stored and waits for its 250 to go out. */
    private record Accepted(String queueId, String receivedField, String returnPath, Transaction t, byte[] content,
                            Path file, String with, int hops) {
    }

    /** A connection accepted by the receiver: served on an event loop or on a thread. */
    ReceiverSession(SmtpReceiver owner, MaildirStore store, SocketChannel channel, String id) {
        this(owner, store, channel.socket(), channel, id);
    }

    /** A connection that is only ever served on a thread, with blocking I/O ({@link #run()}). */
    ReceiverSession(SmtpReceiver owner, MaildirStore store, Socket socket, String id) {
        this(owner, store, socket, null, id);
    }

    private ReceiverSession(SmtpReceiver owner, MaildirStore store, Socket socket, SocketChannel channel, String id) {
        this.owner = owner;
        this.config = owner.config();
        this.store = store;
        this.id = id;
        this.channel = channel;
        this.raw = socket;
        this.client = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.clientAddr = client.getAddress().getHostAddress();
        this.clientName = addressLiteral(client);
        this.serverAddr = socket.getLocalAddress().getHostAddress();
        this.serverPort = socket.getLocalPort();
        this.hostname = config.hostname();
        this.conn = new LiveConnection(recorder, id, clientName, clientAddr, client.getPort(), hostname, serverAddr,
                serverPort);
        this.server = new SmtpServer(ServerConfig.defaults(hostname).withMaxMessageSize(config.maxMessageSize())
                .withMaxRecipients(config.maxRecipients()).withStartTls(config.tls() != null), this);
        this.idleMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.idleTimeout().toMillis()));
        this.transcriptBudget = Math.max(2 * config.maxMessageSize(), 1L << 20);
    }

    String id() {
        return id;
    }

    /** Serves the connection to its end, then records and reports the session. Never throws. */
    void run() {
        try {
            serve();
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            end();
        }
    }

    /** A fault of ours must not lose the transcript; the client is told to come back later. */
    private void internalError(RuntimeException e) {
        if (over) {
            return;
        }
        over = true;
        conn.error("smtp.protocol-error", "RFC 5321 §4.2", "internal error in the receiver: " + e, true);
        closeReason = "internal error";
        server.connectionClosed();
        sendLast(Reply.of(421, "4.3.0 " + hostname + " Error: internal error, try again later"));
        conn.closed(false);
    }

    /** Closes the connection, frees its slot and records the session; once. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        closeQuietly(raw);
        owner.connectionClosed(this);
        finish();
    }

    /** Answers {@code 421 4.7.0} (too many connections) and closes: a short session, still recorded. */
    void reject() {
        try {
            try {
                raw.setSoTimeout(1000);
                out = new BufferedOutputStream(raw.getOutputStream(), 256);
            } catch (IOException e) {
                closeReason = "connection lost";
                return;
            }
            conn.accepted();
            server.connectionClosed();
            conn.error("server.turned-away", "RFC 5321 §3.8", "already " + config.maxConnections()
                    + " connections open (the limit): this one is turned away", true);
            sendLast(Reply.of(421, "4.7.0 " + hostname + " Too many connections, try again later"));
            conn.closed(false);
            closeReason = "too many connections";
        } finally {
            closeQuietly(raw);
            finish();
        }
    }

    private void serve() {
        if (setUp(false) && greet()) {
            readLoop();
        }
    }

    /** Sets the connection up for blocking I/O, or for the event loop; false if it failed already. */
    private boolean setUp(boolean onLoop) {
        try {
            raw.setTcpNoDelay(true);
            if (onLoop) {
                loopOut = new LoopOutput(channel);
                out = loopOut;
            } else {
                in = raw.getInputStream();
                out = new BufferedOutputStream(raw.getOutputStream(), 8192);
            }
            return true;
        } catch (IOException e) {
            closeReason = "connection lost";
            return false;
        }
    }

    /** Records the connection and sends the greeting; false when the session is over already. */
    private boolean greet() {
        conn.accepted();
        if (owner.wantsStarted()) {
            owner.started(snapshot());
        }
        if (owner.isClosed() || shuttingDown) {
            shutdownReply();
            return false;
        }
        server.start();
        return drain();
    }

    /** Blocking reads until the session ends. */
    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        while (!server.isClosed()) {
            int n;
            boolean watched = !tls; // a TLS read has the socket's timeout (see startTls)
            if (watched) {
                waiting();
            }
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                timedOut();
                return;
            } catch (IOException e) {
                if (watched && readSince.getAndSet(0) == EXPIRED) {
                    timedOut();
                } else if (shuttingDown) {
                    shutdownReply();
                } else {
                    lost("the connection failed while reading: " + message(e));
                }
                return;
            }
            if (watched && readSince.getAndSet(0) == EXPIRED) {
                timedOut(); // the watchdog shut the input down: whatever came at the last moment is dropped
                return;
            }
            if (n < 0) {
                if (shuttingDown) {
                    shutdownReply();
                } else {
                    clientClosed();
                }
                return;
            }
            if (!received(Arrays.copyOf(buf, n))) {
                return;
            }
        }
    }

    /**
     * From now on the session waits for the client: the watchdog's idle timeout runs. Only from "not waiting": an
     * expiry that has happened stays visible to the read that follows.
     */
    private void waiting() {
        long t = System.nanoTime();
        readSince.compareAndSet(0, t == 0 || t == EXPIRED ? 1 : t);
    }

    /** Bytes from the client go through the state machine and its events; false when the session is over. */
    private boolean received(byte[] data) {
        readAt = recorder.now();
        server.receiveData(data);
        if (!drain()) {
            return false;
        }
        if (recorder.size() > MAX_EVENTS) {
            tooLong();
            return false;
        }
        return true;
    }

    // ---- on an event loop (see EventLoop) ----

    SocketChannel channel() {
        return channel;
    }

    /** Greets the client on the loop (the channel is non-blocking now); false when the session is over already. */
    boolean startOnLoop() {
        try {
            if (!setUp(true) || !greet()) {
                over = true;
                return false;
            }
        } catch (RuntimeException e) {
            internalError(e); // ends this session only, not the loop and its other sessions
            return false;
        }
        waiting();
        return true;
    }

    /** The channel is readable; false when the session is over. */
    boolean onReadable(SocketChannel ch, ByteBuffer buf) {
        try {
            return readable(ch, buf);
        } catch (RuntimeException e) {
            internalError(e); // ends this session only, not the loop and its other sessions
            return false;
        }
    }

    private boolean readable(SocketChannel ch, ByteBuffer buf) {
        int n;
        IOException failure = null;
        buf.clear();
        try {
            n = ch.read(buf);
        } catch (IOException e) {
            n = -1;
            failure = e;
        }
        if (readSince.getAndSet(0) == EXPIRED) {
            timedOut();
            over = true;
            return false;
        }
        if (n < 0) {
            if (shuttingDown) {
                shutdownReply();
            } else if (failure != null) {
                lost("the connection failed while reading: " + message(failure));
            } else {
                clientClosed();
            }
            over = true;
            return false;
        }
        if (n > 0) {
            byte[] data = new byte[n];
            buf.flip();
            buf.get(data);
            if (!received(data)) {
                over = true;
                return false;
            }
        }
        if (!wantsThread()) {
            waiting(); // a session moving to a thread is timed there (after STARTTLS by its TLS socket's timeout)
        }
        return true;
    }

    /** True when the session must go on with blocking I/O: a TLS handshake, or replies the client has not read. */
    boolean wantsThread() {
        return tlsNext || loopOut != null && loopOut.pending() > 0;
    }

    /** The connection was closed under the session on the loop: recorded as cut off, unless it had ended. */
    void lostOnLoop() {
        if (over) {
            return;
        }
        over = true;
        lost("the server cut the connection off");
    }

    /**
     * Goes on with blocking I/O on a thread of its own (the channel is blocking again): sends what the loop could not,
     * does the TLS handshake after STARTTLS, then reads as any session on a thread. Records the session at the end.
     */
    void continueOnThread() {
        try {
            boolean expired = readSince.getAndSet(0) == EXPIRED; // the idle timeout passed while the session moved
            byte[] rest = loopOut.take();
            loopOut = null;
            try {
                in = raw.getInputStream();
                out = new BufferedOutputStream(raw.getOutputStream(), 8192);
                if (rest.length > 0) {
                    ioSince = System.nanoTime();
                    out.write(rest);
                    out.flush();
                }
            } catch (IOException e) {
                if (!over) {
                    over = true;
                    lost("the connection failed while sending: " + message(e));
                }
                return;
            } finally {
                ioSince = 0;
            }
            if (over) {
                return;
            }
            if (expired) {
                over = true;
                timedOut();
                return;
            }
            if (tlsNext) {
                tlsNext = false;
                if (!startTls() || !drain()) {
                    return;
                }
            }
            readLoop();
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            end();
        }
    }

    /**
     * The output of a session on the loop: replies collect here and {@link #flush()} writes what the socket takes
     * without waiting; what it does not take stays pending, and the session moves to a thread to send it.
     */
    private static final class LoopOutput extends OutputStream {
        private final SocketChannel channel;
        private byte[] buf = new byte[512];
        private int len;

        LoopOutput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        @Override
        public void flush() throws IOException {
            if (len == 0) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
            while (b.hasRemaining() && channel.write(b) > 0) {
                // the socket takes what fits in its send buffer
            }
            int left = b.remaining();
            System.arraycopy(buf, len - left, buf, 0, left);
            len = left;
        }

        int pending() {
            return len;
        }

        byte[] take() {
            byte[] rest = Arrays.copyOf(buf, len);
            len = 0;
            return rest;
        }
    }

    /** Handles the server's events until it needs data; false when the connection is over. */
    private boolean drain() {
        for (;;) {
            ServerEvent e = server.nextEvent();
            if (e instanceof ServerEvent.NeedData) {
                return flush();
            } else if (e instanceof ServerEvent.CommandReceived c) {
                commandReceived(c);
            } else if (e instanceof ServerEvent.DataReceived d) {
                dataReceived(d);
            } else if (e instanceof ServerEvent.MessageReceived m) {
                Object o = decided.remove(m.transaction());
                pending = o instanceof Accepted a ? a : null;
                refusal = o instanceof String r ? r : null;
                messageReceived();
            } else if (e instanceof ServerEvent.Send s) {
                if (!send(s.reply(), s.bytes())) {
                    return false;
                }
            } else if (e instanceof ServerEvent.StartTls) {
                if (!flush()) {
                    return false;
                }
                if (loopOut != null) {
                    tlsNext = true; // the handshake blocks: it is done on a thread (continueOnThread)
                    return true;
                }
                if (!startTls()) {
                    return false;
                }
            } else { // Close, after 221 or 421
                if (!flush()) {
                    return false;
                }
                closeReason = lastReplyCode == 221 ? "QUIT" : "closed by the server after " + lastReplyCode
                        + (lastReplyCode == 421 ? " (too many errors)" : "");
                conn.closed(false);
                return false;
            }
        }
    }

    private void commandReceived(ServerEvent.CommandReceived c) {
        Command cmd = c.command();
        lastCommand = cmd;
        String line = LiveConnection.printable(c.line());
        boolean known = cmd != null && Command.KNOWN_VERBS.contains(cmd.verb());
        if (afterAuth && !known) {
            // a client that goes on with AUTH although it was refused sends its user name and password next:
            // the line is answered as an unknown command, but never kept
            recorder.add(readAt, readAt, EventKind.SMTP_COMMAND, clientName, hostname, "C: " + Redaction.MASK,
                    List.of(Redaction.MASK), "server.bad-command", "RFC 4954 §4", Details.builder()
                            .putAll(conn.details(true)).put("redacted", "true").build());
            return;
        }
        afterAuth = cmd != null && cmd.verb().equals("AUTH");
        if (cmd == null) {
            recorder.add(readAt, readAt, EventKind.SMTP_COMMAND, clientName, hostname, "C: " + line, List.of(line),
                    "server.bad-command", "RFC 5321 §4.1", conn.details(true));
            return;
        }
        boolean auth = cmd.verb().equals("AUTH");
        if (auth && cmd.argument().indexOf(' ') > 0) {
            // this server offers no AUTH, but a client may still send credentials: they are never kept
            line = "AUTH " + LiveConnection.printable(cmd.argument().substring(0, cmd.argument().indexOf(' '))) + " "
                    + Redaction.MASK;
        }
        conn.command(readAt, cmd, List.of(line), false, auth);
    }

    private void dataReceived(ServerEvent.DataReceived d) {
        lastCommand = null;
        awaitingDataReply = true;
        pending = null; // set again by the MessageReceived that follows, if the message was not refused outright
        refusal = null;
        long octets = 0;
        for (String l : d.lines()) {
            octets += l.length() + 2;
        }
        if (transcriptKept + 2 * octets <= transcriptBudget) {
            transcriptKept += 2 * octets; // the data lines here, and the stored message in the session log
            trimmedData = false;
            conn.command(readAt, null, d.lines(), false, false);
            return;
        }
        trimmedData = true;
        String note = "(the message data, " + octets + " octets in " + Math.max(0, d.lines().size() - 1)
                + " lines, is not kept in this transcript: the session's transcript already holds "
                + transcriptKept + " octets)";
        recorder.add(readAt, readAt + conn.halfRtt(), EventKind.SMTP_COMMAND, clientName, hostname,
                "C: <message data, " + Math.max(0, d.lines().size() - 1) + " lines, ending with \".\">",
                List.of(note, "."), "smtp.cmd.data-content", "RFC 5321 §4.5.2", conn.details(true));
    }

    private void messageReceived() {
        Accepted a = pending;
        if (a == null) {
            if (refusal != null) {
                conn.error("server.refused-message", "RFC 5321 §6.1", refusal, true);
                refusal = null;
            }
            return;
        }
        Details.Builder d = Details.builder().put("queueId", a.queueId).put("with", a.with)
                .put("hop", Integer.toString(a.hops + 1));
        recorder.local(EventKind.RECEIVED_ADDED, hostname, "Received: header added by " + hostname,
                crlfLines(a.receivedField), "received.added", "RFC 5321 §4.4", d.build());
        long now = recorder.now();
        recorder.add(now, now, EventKind.MESSAGE_ACCEPTED, clientName, hostname,
                hostname + " takes responsibility for the message (queue id " + a.queueId + ")",
                List.of("MAIL FROM:<" + a.t.reversePath() + ">", "RCPT TO:<" + String.join(">, <", a.t.recipients())
                        + ">"), "message.accepted", "RFC 5321 §6.1",
                Details.builder().put("queueId", a.queueId).put("from", a.t.reversePath())
                        .put("recipients", String.join(",", a.t.recipients()))
                        .put("size", Integer.toString(a.content.length)).build());
    }

    /** Writes one reply; the reply to a stored message is flushed at once (see the class comment). */
    private boolean send(Reply reply, byte[] bytes) {
        boolean dataReply = awaitingDataReply;
        Accepted a = dataReply ? pending : null;
        try {
            ioSince = System.nanoTime();
            out.write(bytes);
            if (a != null) {
                out.flush();
            }
        } catch (IOException e) {
            if (a != null) {
                server.connectionClosed();
                unstore(a, e);
            } else {
                lost("the connection failed while sending the reply: " + message(e));
            }
            return false;
        } finally {
            ioSince = 0;
        }
        lastReplyCode = reply.code();
        conn.reply(recorder.now(), reply, reply.wireLines());
        if (dataReply) {
            awaitingDataReply = false;
            pending = null;
            afterData(reply, a);
        } else {
            afterCommand(reply);
        }
        return true;
    }

    /** The 250 for a stored message could not be sent: the client will retry, so the copy is taken back. */
    private void unstore(Accepted a, IOException e) {
        String why = "the connection failed while sending the 250 for queue id " + a.queueId + " (" + message(e) + ")";
        if (a.file != null) {
            try {
                Files.deleteIfExists(a.file);
                why += "; the stored copy was removed, as the client did not get the 250 and will send it again";
            } catch (IOException ex) {
                why += "; the stored copy " + a.file + " could not be removed: " + MaildirStore.describe(ex);
                stored++;
                owner.messageStored();
                files.add(a.file);
            }
        }
        conn.error("smtp.session.closed", "RFC 5321 §6.1", why, true);
        for (String r : openRcpts) {
            outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, "the 250 did not reach the client",
                    hostname));
        }
        openRcpts.clear();
        conn.closed(false);
        closeReason = "connection lost while sending the 250";
    }

    private void afterData(Reply reply, Accepted a) {
        if (a != null) {
            stored++;
            owner.messageStored();
            String where = a.file != null ? "stored as " + relative(a.file) : "kept in memory (no store)";
            long now = recorder.now();
            Details.Builder d = Details.builder().put("mailbox", String.join(",", a.t.recipients()))
                    .put("store", hostname).put("queueId", a.queueId).put("messages", Integer.toString(stored));
            if (a.file != null) {
                d.put("file", a.file.toString());
                files.add(a.file);
            }
            recorder.add(now, now, EventKind.DELIVERED, hostname, hostname,
                    "Message " + a.queueId + " for " + String.join(", ", a.t.recipients()) + " " + where,
                    List.of(a.returnPath.strip(), where), "delivered", "RFC 5321 §4.4", d.build());
            if (!trimmedData) {
                delivered.add(new DeliveredMessage(String.join(", ", a.t.recipients()), hostname, false, a.content));
            }
            for (String r : openRcpts) {
                outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.DELIVERED, where, hostname));
            }
            if (subject.isEmpty()) {
                subject = subjectOf(a.t.content());
            }
        } else {
            for (String r : openRcpts) {
                outcomes.put(r, outcome(r, reply));
            }
        }
        openRcpts.clear();
    }

    private void afterCommand(Reply reply) {
        Command c = lastCommand;
        lastCommand = null;
        if (c == null) {
            return;
        }
        switch (c.verb()) {
            case "MAIL":
                if (reply.isPositive()) {
                    openRcpts.clear();
                    if (from == null) {
                        from = PathArgument.parse(c.argument(), "FROM:", true).path();
                    }
                }
                break;
            case "RCPT":
                String rcpt = PathArgument.parse(c.argument(), "TO:", false).path();
                if (reply.code() != 503) {
                    allRcpts.add(rcpt);
                }
                if (reply.isPositive()) {
                    if (!openRcpts.contains(rcpt)) {
                        openRcpts.add(rcpt);
                    }
                } else if (reply.code() != 503) { // 503: out of sequence, nothing said about the recipient
                    outcomes.put(rcpt, outcome(rcpt, reply));
                }
                break;
            case "EHLO":
            case "HELO":
                if (reply.isPositive()) {
                    heloName = LiveConnection.printable(c.argument());
                    openRcpts.clear();
                }
                break;
            case "RSET":
                openRcpts.clear();
                break;
            default:
                break;
        }
    }

    private RecipientOutcome outcome(String rcpt, Reply reply) {
        RecipientOutcome.Status s = reply.isTransient() ? RecipientOutcome.Status.QUEUED
                : reply.isPermanent() ? RecipientOutcome.Status.BOUNCED : RecipientOutcome.Status.DELIVERED;
        return new RecipientOutcome(rcpt, s, reply.toString(), hostname);
    }

    private boolean flush() {
        try {
            ioSince = System.nanoTime();
            out.flush();
            return true;
        } catch (IOException e) {
            lost("the connection failed while sending: " + message(e));
            return false;
        } finally {
            ioSince = 0;
        }
    }

    private boolean startTls() {
        long started = recorder.now();
        SSLSocket ssl;
        try {
            ssl = (SSLSocket) config.tls().getSocketFactory().createSocket(raw, clientAddr, client.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.setSoTimeout(idleMillis);
            ioSince = System.nanoTime();
            ssl.startHandshake();
        } catch (IOException | RuntimeException e) {
            conn.error("tls.failed", "RFC 3207 §4", "the TLS handshake with the client failed: " + message(e), true);
            server.connectionClosed();
            conn.closed(false);
            closeReason = "TLS handshake failed";
            return false;
        } finally {
            ioSince = 0;
        }
        SSLSession s = ssl.getSession();
        conn.tls(started, s.getProtocol(), s.getCipherSuite(), localSubject(s),
                "server side: this server's certificate was presented; no client certificate was asked for");
        try {
            in = ssl.getInputStream();
            out = new BufferedOutputStream(ssl.getOutputStream(), 8192);
        } catch (IOException e) {
            lost("the connection failed after the TLS handshake: " + message(e));
            return false;
        }
        tls = true;
        server.tlsEstablished();
        return true;
    }

    private static String localSubject(SSLSession s) {
        Certificate[] certs = s.getLocalCertificates();
        if (certs == null || certs.length == 0 || !(certs[0] instanceof X509Certificate x)) {
            return "(none)";
        }
        return x.getSubjectX500Principal().getName();
    }

    private void timedOut() {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("server.idle-timeout", "RFC 5321 §4.5.3.2.7", (inData ? "no more of the message data" : "no command")
                + " came from the client within " + seconds(config.idleTimeout()) + " (the server's idle timeout)"
                + (inData ? "; the incomplete message was discarded, nothing was stored" : ""), true);
        sendLast(Reply.of(421, "4.4.2 " + hostname + " Error: timeout exceeded"));
        conn.closed(false);
        closeReason = "idle timeout";
    }

    private void clientClosed() {
        ServerState state = server.state();
        server.connectionClosed();
        if (state == ServerState.DATA) {
            conn.error("smtp.session.closed", "RFC 5321 §6.1", "the client closed the connection in the middle of the "
                    + "message data: the incomplete message was discarded, nothing was stored", true);
            closeReason = "client closed the connection during DATA";
        } else {
            closeReason = "client closed the connection without QUIT";
        }
        conn.closed(true);
    }

    private void lost(String why) {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("smtp.session.closed", "RFC 5321 §3.8", why
                + (inData ? "; the incomplete message was discarded, nothing was stored" : ""), true);
        conn.closed(true);
        closeReason = "connection lost";
    }

    private void shutdownReply() {
        boolean inData = server.state() == ServerState.DATA;
        server.connectionClosed();
        conn.error("smtp.session.closed", "RFC 5321 §3.8", "the server is shutting down"
                + (inData ? "; the incomplete message was discarded, nothing was stored" : ""), true);
        sendLast(Reply.of(421, "4.3.2 " + hostname + " Service shutting down, try again later"));
        conn.closed(false);
        closeReason = "server shutting down";
    }

    private void tooLong() {
        server.connectionClosed();
        conn.error("server.too-long", "RFC 5321 §4.5.3", "this session has more than " + MAX_EVENTS
                + " steps on its timeline: the server ends it to bound its memory", true);
        sendLast(Reply.of(421, "4.7.0 " + hostname + " Error: too many commands in one session, start a new one"));
        conn.closed(false);
        closeReason = "too many commands";
    }

    /** A last reply before the server closes: written, flushed and recorded if the client is still there. */
    private void sendLast(Reply r) {
        if (out == null) {
            return;
        }
        try {
            ioSince = System.nanoTime();
            out.write(r.toBytes());
            out.flush();
            conn.reply(recorder.now(), r, r.wireLines());
            lastReplyCode = r.code();
        } catch (IOException e) {
            // the client is gone already; the close below says so
        } finally {
            ioSince = 0;
        }
    }

    // ---- ServerPolicy: relaying and storage ----

    @Override
    public Reply onRcpt(String reversePath, String recipient) {
        if (config.accepts(recipient)) {
            return Reply.of(250, "2.1.5 Ok");
        }
        return Reply.of(550, "5.7.1 <" + recipient + ">: Relay access denied");
    }

    @Override
    public Reply onMessage(Transaction t) {
        int hops = MessageComposer.countReceived(t.content());
        if (hops >= MAX_HOPS) {
            decided.put(t, "the message already has " + hops + " Received: lines: a mail loop (RFC 5321 §6.3); refused");
            return Reply.of(554, "5.4.6 Error: too many hops (" + hops + " Received: lines), a mail loop?");
        }
        String queueId = id + "." + (++messageNumber);
        Instant when = recorder.instant(recorder.now());
        String with = (t.esmtp() ? "ESMTP" : "SMTP") + (t.tls() ? "S" : "");
        StringBuilder f = new StringBuilder(200);
        f.append("Received: from ").append(receivedName(t.heloName())).append(" (").append(clientName).append(")\r\n");
        f.append("\tby ").append(hostname).append(" (Mail Trail) with ").append(with).append(" id ").append(queueId);
        if (t.recipients().size() == 1) {
            f.append("\r\n\tfor <").append(t.recipients().get(0)).append('>');
        }
        f.append("; ").append(MessageComposer.rfc5322Date(when)).append("\r\n");
        String received = f.toString();
        String returnPath = "Return-Path: <" + t.reversePath() + ">\r\n";
        byte[] content = MessageComposer.prepend(returnPath + received, t.content());
        Path file = null;
        if (store != null) {
            try {
                file = store.deliver(queueId, content);
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? MaildirStore.describe(io) : e.toString();
                storeError = "message " + queueId + " could not be stored: " + why;
                owner.storeProblem(storeError);
                decided.put(t, storeError + "; the client is told to try again later");
                return Reply.of(451, "4.3.0 Error: cannot store the message, try again later");
            }
        }
        decided.put(t, new Accepted(queueId, received, returnPath, t, content, file, with, hops));
        return Reply.of(250, "2.0.0 Ok: queued as " + queueId);
    }

    // ---- the end of a session ----

    private void finish() {
        for (String r : openRcpts) {
            outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED,
                    "the session ended before the message was complete", hostname));
        }
        openRcpts.clear();
        if (closeReason.isEmpty()) {
            closeReason = "closed";
        }
        Instant end = recorder.instant(recorder.now());
        SimulationResult result = result();
        Path json = null;
        Path text = null;
        if (store != null) {
            try {
                SimulationResult shown = Redaction.redact(result); // secrets hidden, as in every export
                Path[] p = store.writeSession(id, JsonSession.renderBytes(shown), TextTranscript.render(shown));
                json = p[0];
                text = p[1];
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? MaildirStore.describe(io) : e.toString();
                String problem = "the transcript of session " + id + " could not be written: " + why;
                storeError = storeError == null ? problem : storeError + "; " + problem;
                owner.storeProblem(problem);
                conn.error("server.store-failed", "RFC 5321 §6.1", problem, true);
                result = result();
            }
        }
        owner.finished(new ReceivedSession(id, client, recorder.start(), end, heloName, tls, closeReason, result,
                stored, files, json, text, storeError));
    }

    /** A snapshot while the session goes on. */
    private ReceivedSession snapshot() {
        return new ReceivedSession(id, client, recorder.start(), null, heloName, tls, closeReason, result(), stored,
                files, null, null, storeError);
    }

    private SimulationResult result() {
        Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
        hosts.put(clientName, new SessionInfo.HostInfo(clientName, "mua", List.of(clientAddr)));
        hosts.put(hostname, new SessionInfo.HostInfo(hostname, "mx", List.of(serverAddr)));
        SessionInfo info = new SessionInfo("live", id, "SMTP session from " + clientAddr + ":" + client.getPort()
                + " to " + hostname, "mailtrail serve on " + serverAddr + ":" + serverPort, recorder.start(), "",
                hosts);
        Compose compose = new Compose(from == null ? "" : from, new ArrayList<>(allRcpts), List.of(), subject, "");
        Journey j = new Journey(Route.DIRECT, recorder.timeline(), new LinkedHashMap<>(outcomes),
                List.copyOf(delivered));
        return new SimulationResult(info, compose, 0, List.of(j));
    }

    // ---- for the receiver's watchdog and shutdown ----

    /** True if a write or TLS handshake has been stuck for longer than {@code limitNanos}. */
    boolean stalled(long nowNanos, long limitNanos) {
        long since = ioSince;
        return since != 0 && nowNanos - since > limitNanos;
    }

    /**
     * Ends a plain-text read that has waited longer than {@code limitNanos}: the input is shut down, the read sees
     * its end and the session answers {@code 421 4.4.2} (the output stays open for it).
     */
    void expireIdleRead(long nowNanos, long limitNanos) {
        long since = readSince.get();
        if (since != 0 && since != EXPIRED && nowNanos - since > limitNanos && readSince.compareAndSet(since, EXPIRED)) {
            try {
                raw.shutdownInput();
            } catch (IOException | RuntimeException e) {
                abort(); // cannot shut the input alone: end the connection, the read fails and still reports the timeout
            }
        }
    }

    /** Asks the session to end: its next read sees the end of input and it answers 421 4.3.2. */
    void shutdown() {
        shuttingDown = true;
        try {
            raw.shutdownInput();
        } catch (IOException | RuntimeException e) {
            // closed already
        }
    }

    /** Ends the connection at once (stuck client, or shutdown taking too long). */
    void abort() {
        closeQuietly(raw);
    }

    // ---- helpers ----

    private String relative(Path file) {
        return store == null ? file.toString() : store.root().relativize(file).toString().replace('\\', '/');
    }

    /** The client as in a Received: line: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
    static String addressLiteral(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) {
            host = host.substring(0, pct);
        }
        return a.getAddress() instanceof Inet6Address ? "[IPv6:" + host + "]" : "[" + host + "]";
    }

    /** The EHLO name for a Received: line: as given if it is a domain or literal, otherwise with odd characters '?'. */
    static String receivedName(String helo) {
        if (helo == null || helo.isEmpty()) {
            return "unknown";
        }
        if (org.mailtrail.smtp.Addresses.isValidDomain(helo)) {
            return helo;
        }
        StringBuilder b = new StringBuilder(helo.length());
        for (int i = 0; i < helo.length(); i++) {
            char c = helo.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != ';' && c != '\\' ? c : '?');
        }
        return b.toString();
    }

    /** The unfolded Subject: of a message's header, control characters removed, at most 900 characters. */
    static String subjectOf(byte[] content) {
        String head = new String(content, 0, headerLength(content), StandardCharsets.UTF_8);
        String[] lines = head.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder b = new StringBuilder(lines[i].substring(8).strip());
                for (int k = i + 1; k < lines.length && !lines[k].isEmpty()
                        && (lines[k].charAt(0) == ' ' || lines[k].charAt(0) == '\t'); k++) {
                    b.append(' ').append(lines[k].strip());
                }
                String s = printableLine(decodeWords(b.toString()));
                return s.length() > 900 ? s.substring(0, 900) : s;
            }
        }
        return "";
    }

    /**
     * The subject as a reader sees it: RFC 2047 encoded words ({@code =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=})
     * decoded by Angus Mail; text with a malformed word or an unknown charset stays as it came.
     */
    private static String decodeWords(String raw) {
        if (!raw.contains("=?")) {
            return raw;
        }
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(raw);
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return raw;
        }
    }

    /** Control characters (a decoded word may hold CR or LF) as spaces: the subject is one line. */
    private static String printableLine(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0x20 || c[i] == 0x7f) {
                c[i] = ' ';
            }
        }
        return new String(c);
    }

    private static int headerLength(byte[] c) {
        int max = Math.min(c.length, 64 * 1024);
        for (int i = 0; i + 3 < max; i++) {
            if (c[i] == '\r' && c[i + 1] == '\n' && c[i + 2] == '\r' && c[i + 3] == '\n') {
                return i;
            }
        }
        return max;
    }

    /** The lines of a CRLF-terminated text, without the empty line after the last CRLF (as {@code split} gives). */
    static List<String> crlfLines(String text) {
        List<String> out = new ArrayList<>(4);
        if (text.isEmpty()) {
            out.add(text); // as split gives
            return out;
        }
        int from = 0;
        for (int at = text.indexOf("\r\n"); at >= 0; at = text.indexOf("\r\n", from)) {
            out.add(text.substring(from, at));
            from = at + 2;
        }
        if (from < text.length()) {
            out.add(text.substring(from));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1); // split drops trailing empty strings
        }
        return out;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

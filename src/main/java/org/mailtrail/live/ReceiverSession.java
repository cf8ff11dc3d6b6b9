package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.mailtrail.smtp.ServerConfig;
import org.mailtrail.smtp.ServerState;
import org.mailtrail.smtp.SmtpServer;

/**
 * One connection to the {@link SmtpReceiver}, served on an {@link EventLoop} with non-blocking I/O or on a thread of
 * its own with blocking I/O: a thin transport that reads the socket ({@link SessionWire}) into the sans-IO
 * {@link SmtpServer} and lets {@link SessionEvents} handle what it says: replies to the wire and the
 * {@link SessionLog}, the typed transaction events to the {@link SessionTally}, messages to the {@link MessageIntake}
 * (decided through the {@link ReceiverPolicy}). A session starts on a loop when the receiver has loops and moves to a
 * thread for a TLS handshake ({@link ReceiverTls}) or when the client does not read its replies
 * ({@link #continueOnThread()}); the receiver's watchdog sees it through its {@link IdleWatch}; {@link SessionEnd} says
 * how it ended and {@link SessionArchive} closes the books.
 *
 * <p>Exactly once: a message is renamed into {@code maildir/new} before its 250 is written and flushed; if that write
 * fails the copy is removed again (the client will try again). What remains is every SMTP server's window (RFC 1047):
 * the 250 left, the client died before reading it, its retry is a duplicate. On a loop the session is parked until the
 * journal has the message ({@link #diskSettled}); a 250 the socket does not take at once goes on from a thread, and if
 * that fails the copy stays (a duplicate, not a loss).
 */
final class ReceiverSession {
    /** Events on one session's timeline before the server ends the session (a bound on memory). */
    static final int MAX_EVENTS = 50_000;

    private static final int READ_BUFFER = 16 * 1024;

    private final SmtpReceiver owner;
    private final ReceiverConfig config;
    private final MaildirStore store;
    private final String id;
    private final Socket raw;
    private final SocketChannel channel;
    private final InetSocketAddress client;
    private final LiveRecorder recorder = new LiveRecorder();
    private final LiveConnection conn;
    private final IdleWatch watch;
    private final SessionWire wire;
    private final SessionTally tally;
    private final SessionEnd ending;
    private final SessionEvents events;
    private final SmtpServer server;
    private final ReceiverTls tls;
    private final ReadDeadline deadline = new ReadDeadline();
    private volatile boolean shuttingDown;
    /** Parked by its loop until its message is on disk (see {@link EventLoop}); read by the receiver's shutdown. */
    private volatile boolean parked;

    /** Used by the session's own thread only: the conversation has ended (closing, a last flush, the transcript). */
    private boolean over;
    private boolean ended;
    private long readAt;

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
        String clientAddr = client.getAddress().getHostAddress();
        String clientName = ReceivedLine.addressLiteral(client);
        String serverAddr = socket.getLocalAddress().getHostAddress();
        int serverPort = socket.getLocalPort();
        String hostname = config.hostname();
        this.conn = new LiveConnection(recorder, id, clientName, clientAddr, client.getPort(), hostname, serverAddr,
                serverPort);
        this.watch = new IdleWatch(socket);
        this.wire = new SessionWire(socket, channel, watch);
        this.tally = new SessionTally(id, client, clientName, hostname, serverAddr, serverPort, recorder);
        SessionLog log = new SessionLog(recorder, conn, clientName, hostname, config.maxMessageSize());
        MessageIntake intake = new MessageIntake(owner, store, tally, recorder, id, clientName, hostname,
                wire::isOnLoop);
        this.server = new SmtpServer(ServerConfig.defaults(hostname).withMaxMessageSize(config.maxMessageSize())
                .withMaxRecipients(config.maxRecipients()).withStartTls(config.tls() != null && !config.tlsOnConnect())
                .withTlsActive(config.tlsOnConnect()),
                new ReceiverPolicy(config, tally, intake));
        this.ending = new SessionEnd(server, conn, log, tally, hostname, wire::sendLast);
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.idleTimeout().toMillis()));
        this.tls = new ReceiverTls(config.tls(), socket, client, idleMillis, watch, conn, recorder);
        this.events = new SessionEvents(server, wire, log, tally, intake, ending, tls, conn, owner, client.getAddress(),
                () -> owner.connectionClosed(this));
    }

    String id() {
        return id;
    }

    /** The client's address (limits per client are kept by it). */
    InetAddress clientAddress() {
        return client.getAddress();
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

    /** Closes the connection: lingering when the client may still be sending ({@link Lingerer}). */
    private void close(boolean linger) {
        if (linger && channel != null) {
            owner.pools().linger(channel);
        } else {
            SmtpReceiver.closeQuietly(raw);
        }
    }

    /** A fault of ours must not lose the transcript; the client is told to come back later. */
    private void internalError(RuntimeException e) {
        if (!over) {
            over = true;
            ending.internalError(e);
        }
    }

    /** Closes the connection, frees its slot and records the session; once. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            events.takeBackUnanswered("the session ended"); // none, unless a path above missed one
        } catch (RuntimeException e) {
            // the connection is closed and the transcript written all the same
        }
        close(ending.lingers() && !server.tlsActive());
        owner.connectionClosed(this);
        finish(false);
    }

    /**
     * A connection turned away ({@code refusal}): its {@code 421} was written at {@code toldNanos} ({@code told}) or
     * could not be, or, with TLS on connect, none was (it could only follow a handshake); recorded and closed.
     */
    void reject(Doorkeeper.Refusal refusal, boolean told, long toldNanos) {
        try {
            conn.accepted(0); // when the receiver took it (this session's timeline starts then)
            ending.turnedAway(refusal, config.tlsOnConnect(), told ? recorder.at(toldNanos) : null);
        } finally {
            close(true); // it may have sent already: an early talker, or a TLS ClientHello with TLS on connect
            finish(true); // on the small pool that turns connections away: its back-pressure is counting them
        }
    }

    private void serve() {
        if (!setUp(false)) {
            return;
        }
        if (config.tlsOnConnect()) {
            conn.accepted(0); // TCP first (when the receiver took it), then TLS (RFC 8314 §3.3), then the greeting
            if (!tls.onConnect(wire, server, tally, ending)) {
                return;
            }
        }
        if (greet()) {
            readLoop();
        }
    }

    /** Sets the connection up for blocking I/O, or for the event loop; false if it failed already. */
    private boolean setUp(boolean onLoop) {
        try {
            raw.setTcpNoDelay(true);
            if (onLoop) {
                wire.onLoop();
            } else {
                wire.blocking();
            }
            return true;
        } catch (IOException e) {
            tally.closeReason("connection lost");
            return false;
        }
    }

    /** Records the connection and sends the greeting; false when the session is over already. */
    private boolean greet() {
        if (!config.tlsOnConnect()) {
            conn.accepted(0); // when the receiver took it: it may have waited for a slot since (WaitingRoom)
        }
        if (owner.wantsStarted()) {
            owner.started(tally.snapshot());
        }
        if (owner.isClosed() || shuttingDown) {
            ending.shuttingDown();
            return false;
        }
        deadline.begin(false, System.nanoTime());
        server.start();
        return events.drain(readAt);
    }

    /** Blocking reads until the session ends. */
    private void readLoop() {
        byte[] buf = new byte[READ_BUFFER];
        while (!server.isClosed()) {
            int n;
            boolean watched = !server.tlsActive(); // a TLS read has the socket's timeout (see ReceiverTls)
            try {
                if (watched) {
                    watch.waiting();
                } else {
                    wire.readTimeout(deadline.readTimeoutMillis(System.nanoTime(), owner.limits()));
                }
                n = wire.read(buf);
            } catch (SocketTimeoutException e) {
                ending.timedOut(deadline.timedOutAt(System.nanoTime(), owner.limits()));
                return;
            } catch (IOException e) {
                if (watched && watch.endWait()) {
                    timedOut();
                } else if (shuttingDown) {
                    ending.shuttingDown();
                } else {
                    ending.lost("the connection failed while reading: " + ReceiverTls.message(e));
                }
                return;
            }
            if (watched && watch.endWait()) {
                timedOut(); // the watchdog shut the input down: whatever came at the last moment is dropped
                return;
            }
            if (n < 0) {
                if (shuttingDown) {
                    ending.shuttingDown();
                } else {
                    ending.clientClosed();
                }
                return;
            }
            if (!received(Arrays.copyOf(buf, n))) {
                return;
            }
        }
    }

    /** Bytes from the client go through the state machine and its events; false when the session is over. */
    private boolean received(byte[] data) {
        readAt = recorder.now();
        long now = System.nanoTime();
        ReadDeadline.Expiry late = deadline.overdue(now, owner.limits());
        if (late != null) { // a line or data block that took too long: what came late is dropped
            ending.timedOut(late);
            return false;
        }
        server.receiveData(data);
        deadline.received(server.state() == ServerState.DATA, data, now);
        if (!events.drain(readAt)) {
            return false;
        }
        if (recorder.size() > MAX_EVENTS) {
            ending.tooLong(MAX_EVENTS);
            return false;
        }
        return true;
    }

    // ---- on an event loop (see EventLoop) ----

    SocketChannel channel() {
        return channel;
    }

    /** Greets the client on the loop (non-blocking now; an expired read ends through {@code expire}); false: over. */
    boolean startOnLoop(Runnable expire) {
        watch.onLoop(expire);
        try {
            if (!setUp(true) || !greet()) {
                over = true;
                return false;
            }
        } catch (RuntimeException e) {
            internalError(e); // ends this session only, not the loop and its other sessions
            return false;
        }
        watch.waiting();
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
        if (watch.endWait()) {
            timedOut();
            over = true;
            return false;
        }
        if (n < 0 || shuttingDown) { // stopping: what came at the last moment is dropped, the close lingers
            if (shuttingDown) {
                ending.shuttingDown();
            } else if (failure != null) {
                ending.lost("the connection failed while reading: " + ReceiverTls.message(failure));
            } else {
                ending.clientClosed();
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
            if (events.waitsForDisk()) {
                return true; // the loop parks the session until its message is on disk (timed again after that)
            }
        }
        if (!wantsThread()) {
            watch.waiting(); // a session moving to a thread is timed there (after STARTTLS by its TLS socket's timeout)
        }
        return true;
    }

    /** True when the session waits for its message to be on disk before its 250 ({@link #diskSettled}). */
    boolean awaitsDisk() {
        return events.waitsForDisk();
    }

    void parked(boolean p) { // by the loop
        parked = p;
    }

    /** True while parked: the shutdown leaves the connection open until the disk has answered. */
    boolean isParked() {
        return parked;
    }

    /** Runs {@code done} (on the journal's sync thread, or here) once the message is on disk, or not. */
    void whenDurable(SyncBatches.Done done) {
        events.whenDurable(done);
    }

    /** Back on the loop: the message is on disk ({@code failure} null: 250) or not (451); false when it is over. */
    boolean diskSettled(java.io.IOException failure) {
        try {
            // what came after the message is recorded as handled now, after its 250: the timeline's times go forward
            readAt = recorder.now();
            over = !events.settled(failure, readAt); // it was parked, so not over before
            return !over;
        } catch (RuntimeException e) {
            internalError(e); // ends this session only
            return false;
        }
    }

    /** Back on the loop after {@link #diskSettled}: the session waits for the client again. */
    void resumeOnLoop() {
        watch.waiting();
    }

    /** True when the session must go on with blocking I/O: a TLS handshake, or replies the client has not read. */
    boolean wantsThread() {
        return events.tlsNext() || wire.hasPendingOutput();
    }

    /** The server stops while the session is parked: its message is taken back, the client told 421 4.3.2. */
    void stoppedWhileParked() {
        if (over) {
            return;
        }
        over = true;
        events.abandonWaiting("the server stopped");
        ending.shuttingDown();
    }

    /** The connection was closed under the session on the loop: recorded as cut off, unless it had ended. */
    void lostOnLoop() {
        if (over) {
            return;
        }
        over = true;
        events.abandonWaiting("the server cut the connection off");
        ending.lost("the server cut the connection off");
    }

    /**
     * Goes on with blocking I/O on a thread of its own (the channel is blocking again): sends what the loop could not,
     * does the TLS handshake after STARTTLS, then reads as any session on a thread. Records the session at the end.
     */
    void continueOnThread() {
        try {
            watch.onLoop(null); // from now on the watchdog ends a read by shutting the input down
            boolean expired = watch.endWait(); // the idle timeout passed while the session moved
            try {
                wire.leaveLoop();
            } catch (IOException e) {
                if (!over) {
                    over = true;
                    ending.lost("the connection failed while sending: " + ReceiverTls.message(e));
                }
                return;
            }
            if (over) {
                return;
            }
            if (expired) {
                over = true;
                timedOut();
                return;
            }
            if (events.tlsNext() && !events.tlsOnThread(readAt)) {
                return;
            }
            readLoop();
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            end();
        }
    }

    /** Hands the session's record over to be written and reported ({@code inline}: on this thread). */
    private void finish(boolean inline) {
        SessionArchive.close(id, store, tally, recorder, conn, owner, inline);
    }

    // ---- for the receiver's watchdog and shutdown ----

    /**
     * Cuts the connection off if a write or TLS handshake has been stuck for longer than the idle timeout, or ends a
     * plain-text read that waits past the idle timeout or its line's or data's deadline in {@code l}.
     */
    void check(long nowNanos, ReadDeadline.Limits l) {
        if (watch.stalled(nowNanos, l.idle())) {
            abort();
        } else {
            deadline.expireRead(watch, nowNanos, l);
        }
    }

    /** The watchdog ended the read: for the limit it recorded. */
    private void timedOut() {
        ending.timedOut(deadline.expiryOr(owner.limits()));
    }

    /** Asks the session to end: its read is ended ({@link IdleWatch#stop}) and it answers 421 4.3.2. */
    void shutdown() {
        shuttingDown = true;
        watch.stop();
    }

    /** True once the server asked the session to end ({@link #shutdown}). */
    boolean stopping() {
        return shuttingDown;
    }

    /** Ends the connection at once (stuck client, or shutdown taking too long). */
    void abort() {
        SmtpReceiver.closeQuietly(raw);
    }
}

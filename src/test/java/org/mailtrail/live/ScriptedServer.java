package org.mailtrail.live;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hostile (or merely scripted) server for live tests: a {@link ServerSocket} on 127.0.0.1, port chosen by the
 * kernel, whose behaviour on each connection is a {@link Script}: write these bytes, read a line, wait, close, reset.
 * Each connection runs on its own daemon thread; a script that throws (the client hung up, a read timed out) simply
 * ends that connection and the exception is kept in {@link #failures()} for the test to look at. Every blocking read
 * gives up after {@link #READ_LIMIT}, and {@link #close()} ends every connection and every {@link Peer#idle wait},
 * so a script can never keep a test alive.
 */
final class ScriptedServer implements AutoCloseable {
    /** No read by a script waits longer than this. */
    static final Duration READ_LIMIT = Duration.ofSeconds(15);

    /** What the server does on one connection. */
    @FunctionalInterface
    interface Script {
        void run(Peer peer) throws Exception;
    }

    private final ServerSocket listener;
    private final Script script;
    private final Thread acceptor;
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedServer(ServerSocket listener, Script script) {
        this.listener = listener;
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-server-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /** A server on 127.0.0.1 running {@code script} for every connection. */
    static ScriptedServer start(Script script) throws IOException {
        return start(0, script);
    }

    /**
     * A server whose accepted sockets have a receive buffer of {@code receiveBuffer} bytes (0: the system's), so
     * that a server that stops reading makes the client's writes block soon.
     */
    static ScriptedServer start(int receiveBuffer, Script script) throws IOException {
        ServerSocket s = new ServerSocket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before bind: inherited by accepted sockets, sets the window
        }
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        ScriptedServer server = new ScriptedServer(s, script);
        server.acceptor.start();
        return server;
    }

    /** The port the server listens on. */
    int port() {
        return listener.getLocalPort();
    }

    /** The connections accepted so far. */
    List<Peer> peers() {
        return List.copyOf(peers);
    }

    /** The first connection, waiting up to {@code timeout} for it to be accepted. */
    Peer firstPeer(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (peers.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        if (peers.isEmpty()) {
            throw new AssertionError("no connection was made to the scripted server");
        }
        return peers.get(0);
    }

    /** What the scripts threw (a client that hung up, a read that timed out, a failed expectation). */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Peer peer = new Peer(s);
            peers.add(peer);
            Thread t = new Thread(() -> {
                try {
                    s.setSoTimeout((int) READ_LIMIT.toMillis());
                    script.run(peer);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    peer.closeQuietly();
                    peer.done.countDown();
                }
            }, "scripted-peer-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Peer p : peers) {
            p.closeQuietly();
        }
        for (Peer p : peers) {
            try {
                p.done.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One accepted connection, seen by its script. */
    final class Peer {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long bytesWritten;
        private volatile long bytesRead;

        private Peer(Socket socket) {
            this.socket = socket;
            try {
                this.in = socket.getInputStream();
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes text as it is (ISO-8859-1, so "\u00ff" is the byte 0xFF); include the CRLF. */
        Peer write(String text) throws IOException {
            return write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes bytes in one call. */
        Peer write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            bytesWritten += bytes.length;
            return this;
        }

        /** Writes the bytes one at a time, {@code pause} apart. */
        Peer trickle(byte[] bytes, Duration pause) throws IOException, InterruptedException {
            for (byte b : bytes) {
                write(new byte[] {b});
                if (closed.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return this;
                }
            }
            return this;
        }

        /** Reads one line (up to LF, CRLF removed) and logs it; null at the end of the stream. */
        String readLine() throws IOException {
            String s = readRaw();
            if (s != null) {
                received.add(s);
            }
            return s;
        }

        private String readRaw() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
                bytesRead++;
                if (b == '\n') {
                    String s = line.toString(StandardCharsets.ISO_8859_1);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (line.size() < 10_000) {
                    line.write(b);
                }
            }
        }

        /** Reads a command line and checks that it starts with {@code verb}. */
        String expect(String verb) throws IOException {
            String line = readLine();
            if (line == null || !line.toUpperCase(Locale.ROOT).startsWith(verb.toUpperCase(Locale.ROOT))) {
                throw new IOException("expected " + verb + " from the client, got " + line);
            }
            return line;
        }

        /** Reads a command starting with {@code verb} and answers {@code reply} (CRLF added). */
        Peer answer(String verb, String reply) throws IOException {
            expect(verb);
            return write(reply + "\r\n");
        }

        /** The greeting, EHLO with {@code extensions}, MAIL: a well-behaved start of a session up to RCPT. */
        Peer upToRcpt(String... extensions) throws IOException {
            write("220 mx.example.net ESMTP scripted\r\n");
            StringBuilder ehlo = new StringBuilder();
            List<String> lines = new ArrayList<>();
            lines.add("mx.example.net greets you");
            lines.addAll(List.of(extensions));
            for (int i = 0; i < lines.size(); i++) {
                ehlo.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i)).append("\r\n");
            }
            expect("EHLO");
            write(ehlo.toString());
            return answer("MAIL FROM:", "250 2.1.0 Ok");
        }

        /** The greeting, EHLO offering STARTTLS, and 220 to the client's STARTTLS: the client starts its handshake. */
        Peer upToStartTls() throws IOException {
            write("220 mx.example.net ESMTP scripted\r\n");
            answer("EHLO", "250-mx.example.net\r\n250 STARTTLS");
            return answer("STARTTLS", "220 2.0.0 Ready to start TLS");
        }

        /** Reads the data block up to and including the final "." line; returns its size in octets. */
        long readData() throws IOException {
            long n = 0;
            while (true) {
                String line = readRaw();
                if (line == null) {
                    throw new IOException("the client closed during the data block");
                }
                if (line.equals(".")) {
                    received.add("<" + n + " octets of data>");
                    return n;
                }
                n += line.length() + 2;
            }
        }

        /** Reads and throws away {@code count} octets. */
        Peer discard(long count) throws IOException {
            byte[] buf = new byte[8192];
            long left = count;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("the client closed");
                }
                bytesRead += n;
                left -= n;
            }
            return this;
        }

        /** Waits without reading or writing, until {@code d} passed or the server is closed. */
        Peer idle(Duration d) throws InterruptedException {
            closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        }

        /** Waits until the client closes the connection (or {@link #READ_LIMIT}); what it sends is read. */
        Peer awaitClientClose() throws IOException {
            while (readLine() != null) {
                // keep reading
            }
            return this;
        }

        /** Closes the connection normally (FIN). */
        void close() throws IOException {
            socket.close();
        }

        /** Closes with SO_LINGER 0: the client sees a TCP reset (RST). */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** The lines the client sent, in order (a data block as one summary line). */
        List<String> received() {
            return List.copyOf(received);
        }

        /** How many octets the script managed to write. */
        long bytesWritten() {
            return bytesWritten;
        }

        /** How many octets the script read. */
        long bytesRead() {
            return bytesRead;
        }

        /** Waits until the script has ended. */
        boolean awaitDone(Duration d) throws InterruptedException {
            return done.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void closeQuietly() {
            try {
                socket.close();
            } catch (IOException | RuntimeException ignored) {
                // nothing more to do
            }
        }
    }
}

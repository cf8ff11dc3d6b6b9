package org.mailtrail.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking socket as a sans-IO machine's transport needs it: read what has arrived, write a group at once, and
 * turn the connection into TLS in place (STARTTLS, STLS), as client or server.
 */
final class SocketStreams implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];

    SocketStreams(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The bytes that arrived next, or null at the end of the stream. */
    byte[] read() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        System.arraycopy(buffer, 0, b, 0, n);
        return b;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Starts TLS on the connection; returns the TLS socket after the handshake. */
    SSLSocket startTls(SSLContext context, boolean client) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
                socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(client);
        ssl.setSoTimeout(socket.getSoTimeout());
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        return ssl;
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all there is to do
        }
    }
}

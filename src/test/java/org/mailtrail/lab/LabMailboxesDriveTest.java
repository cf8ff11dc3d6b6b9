package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.MailboxClient;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.world.Retrieval;

/**
 * The lab's mail client on a connection that dies in the middle of STLS (a lab stopped while a client fetched its
 * mail): the retrieval ends with the reason, instead of reading the dead socket for ever and recording an error each
 * time (which filled the heap of the test JVM within minutes).
 */
@Timeout(30)
class LabMailboxesDriveTest {

    @Test
    void aTlsHandshakeThatFailsEndsTheRetrieval() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread fake = new Thread(() -> {
                // a POP3 server that offers STLS, agrees to it, and is gone before the handshake
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    OutputStream out = s.getOutputStream();
                    out.write("+OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // CAPA
                    out.write("+OK\r\nSTLS\r\nUSER\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // STLS
                    out.write("+OK begin TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception ignored) {
                    // the test looks at the client
                }
            }, "fake-pop3");
            fake.setDaemon(true);
            fake.start();

            LiveRecorder rec = new LiveRecorder();
            AtomicInteger turns = new AtomicInteger();
            MailboxClient client = bounded(MailboxClient.of(Retrieval.POP3, "bob", "mailtrail", 0), turns);
            Socket socket = new Socket();
            socket.connect(server.getLocalSocketAddress(), 5_000);
            int port = server.getLocalPort();
            ConnectionSteps steps = new ConnectionSteps(rec, "1", "client.example.net", "127.0.0.1",
                    socket.getLocalPort(), "mbox.example.net", "127.0.0.1", port);
            MailboxClient.Finished done;
            try (SocketStreams io = new SocketStreams(socket, 5_000)) {
                done = LabMailboxes.drive(client, io, steps, rec, SSLContext.getDefault());
            }
            assertThat(done.content()).isNull();
            assertThat(done.error()).isNotBlank();
            assertThat(turns.get()).isLessThan(100);
            assertThat(rec.size()).as("a few steps, not one error per read of a dead socket").isLessThan(50);
        }
    }

    /** The client, but one that gives up (throws) after 10,000 turns: the test fails instead of filling the heap. */
    private static MailboxClient bounded(MailboxClient c, AtomicInteger turns) {
        return new MailboxClient() {
            @Override
            public void receiveData(byte[] data) {
                c.receiveData(data);
            }

            @Override
            public Event nextEvent() {
                if (turns.incrementAndGet() > 10_000) {
                    throw new AssertionError("the client was driven 10,000 times: the session never ends");
                }
                return c.nextEvent();
            }

            @Override
            public void tlsEstablished() {
                c.tlsEstablished();
            }

            @Override
            public void connectionClosed() {
                c.connectionClosed();
            }

            @Override
            public String protocol() {
                return c.protocol();
            }
        };
    }
}

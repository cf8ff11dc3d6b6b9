package org.mailtrail.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor for {@link LiveClientBench}: the same SMTP dialogue over the same blocking sockets and threads, with
 * nothing recorded, checked or composed. What Java with a thread per session reaches on this machine against
 * smtp-sink, so the Mail Trail client's figure can be read against it. Not a test.
 *
 * <pre>java -cp … org.mailtrail.bench.RawSmtpClientBench PORT MESSAGES SESSIONS</pre>
 */
public final class RawSmtpClientBench {
    private RawSmtpClientBench() {
    }

    private static String reply(BufferedReader r) throws IOException {
        String l;
        do {
            l = r.readLine();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int messages = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        for (int round = 0; round < 2; round++) { // the first round warms up
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            long t0 = System.nanoTime();
            Future<?>[] f = new Future<?>[sessions];
            for (int i = 0; i < sessions; i++) {
                f[i] = pool.submit(() -> {
                    while (next.getAndIncrement() < messages) {
                        try (Socket s = new Socket(Proxy.NO_PROXY)) {
                            s.connect(new InetSocketAddress("127.0.0.1", port));
                            s.setTcpNoDelay(true);
                            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                    StandardCharsets.US_ASCII));
                            OutputStream o = s.getOutputStream();
                            reply(r);
                            for (String c : new String[] {"EHLO client.example.org", "MAIL FROM:<alice@example.org>",
                                "RCPT TO:<bob@example.test>", "DATA", "Subject: bench\r\n\r\nhello\r\n.", "QUIT"}) {
                                o.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
                                o.flush();
                                reply(r);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<?> x : f) {
                x.get();
            }
            pool.shutdown();
            double s = (System.nanoTime() - t0) / 1e9;
            if (round == 1) {
                System.out.printf(java.util.Locale.ROOT, "messages %d seconds %.3f rate %.1f%n", messages, s, messages / s);
            }
        }
    }
}

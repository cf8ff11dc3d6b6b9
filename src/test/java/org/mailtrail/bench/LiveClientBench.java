package org.mailtrail.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailtrail.engine.Compose;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.LiveResult;
import org.mailtrail.live.LiveSender;
import org.mailtrail.live.SmtpTimeouts;
import org.mailtrail.smtp.TlsMode;

/**
 * Mail Trail's live client under load, for bench/postfix-compare.sh: {@code SESSIONS} threads send {@code MESSAGES}
 * messages in all to HOST:PORT, one message per connection (as Postfix's smtp-source does without -d), each with
 * the whole timeline recorded. The message is composed once (Angus Mail takes about as long as the SMTP session on
 * loopback). After WARMUP messages it warms up further, in chunks of 5,000, until the JIT compiler has settled.
 * Prints "messages N delivered D seconds S rate R cpu C us/msg". Not a test.
 *
 * <pre>java -cp … org.mailtrail.bench.LiveClientBench HOST PORT MESSAGES SESSIONS [WARMUP]</pre>
 */
public final class LiveClientBench {
    private LiveClientBench() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        int sessions = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (warmup > 0) {
            run(host, port, warmup, sessions);
            // then on until the JIT compiler has settled: a chunk of 5,000 messages during which it spent less
            // than 50 ms compiling (at most ten more chunks); some JVMs are still compiling after 30,000 messages,
            // and a round measured then counts the compiler's CPU time as the client's
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            int extra = 0;
            for (; extra < 10; extra++) {
                long before = jit.getTotalCompilationTime();
                run(host, port, 5_000, sessions);
                if (jit.getTotalCompilationTime() - before < 50) {
                    break;
                }
            }
            System.err.printf(java.util.Locale.ROOT, "warm-up: %d messages, then %d chunk(s) of 5000 until the JIT "
                    + "settled (%d ms compiling in all)%n", warmup, extra + 1, jit.getTotalCompilationTime());
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int ok = run(host, port, messages, sessions);
        double s = (System.nanoTime() - t0) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / messages;
        System.out.printf(java.util.Locale.ROOT, "messages %d delivered %d seconds %.3f rate %.1f cpu %.0f us/msg%n",
                messages, ok, s, messages / s, cpuMicros);
        if (ok != messages) {
            System.exit(1);
        }
    }

    private static int run(String host, int port, int messages, int sessions) throws Exception {
        Compose c = new Compose("alice@example.org", List.of("bob@example.test"), List.of(), "bench",
                "A message from the benchmark.\n");
        LiveSender.Options o = new LiveSender.Options(c, new InetSocketAddress("127.0.0.1", 9), host, port, 25,
                "client.example.org", TlsMode.OFF, SmtpTimeouts.all(Duration.ofSeconds(30)), List.of(), null, false);
        // composed once, as smtp-source sends one prepared message: this measures transport, protocol and timeline
        byte[] content = org.mailtrail.engine.MessageComposer.compose(c, java.time.Instant.now(), "bench@example.org");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        Future<?>[] f = new Future<?>[sessions];
        for (int i = 0; i < sessions; i++) {
            f[i] = pool.submit(() -> {
                while (next.getAndIncrement() < messages) {
                    LiveResult r = new LiveSender(o, new LiveRecorder(), null, content).run();
                    if (r.exitCode() == 0) {
                        delivered.incrementAndGet();
                    }
                }
                return null;
            });
        }
        for (Future<?> x : f) {
            x.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return delivered.get();
    }
}

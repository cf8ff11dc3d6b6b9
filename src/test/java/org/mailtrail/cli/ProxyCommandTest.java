package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.JsonSession;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import picocli.CommandLine;

/**
 * {@code mailtrail proxy} on the command line: the "done when" check of issue 17 — a swaks run through the proxy to
 * GreenMail yields the transcript swaks saw (skipped when swaks is not installed) — and its usage errors (exit 2).
 */
@Timeout(90)
class ProxyCommandTest {
    @TempDir
    Path dir;
    private GreenMail green;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        green = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        green.start();
    }

    @AfterEach
    void stop() {
        green.stop();
    }

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void usageErrorsExitWith2AndSayWhat() {
        assertThat(run("proxy")).isEqualTo(2);
        assertThat(err.toString()).contains("--upstream");
        assertThat(run("proxy", "--upstream", "127.0.0.1:25", "--tls-upstream", "maybe")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-upstream must be auto, require or off, not 'maybe'");
        assertThat(run("proxy", "--upstream", "127.0.0.1:25", "--tls-cert", dir.resolve("c.pem").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert needs --tls-key");
        assertThat(run("proxy", "--upstream", "127.0.0.1:0")).isEqualTo(2);
        Path missing = dir.resolve("missing.pem");
        assertThat(run("proxy", "--upstream", "127.0.0.1:25", "--tls-cert", missing.toString(), "--tls-key",
                missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert/--tls-key: ", "missing.pem");
        assertThat(run("proxy", "--upstream", "127.0.0.1:25", "--no-client-tls", "--tls-cert", missing.toString(),
                "--tls-key", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("contradict");
    }

    @Test
    void aSwaksRunThroughTheProxyToGreenMailYieldsTheTranscriptSwaksSaw() throws Exception {
        Path swaks = Stream.of("/usr/bin/swaks", "/usr/local/bin/swaks").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(swaks != null, "swaks is not installed");
        ProxyCommand proxy = new ProxyCommand();
        CommandLine cl = new CommandLine(proxy);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Path store = dir.resolve("store");
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cl.execute("--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:"
                + green.getSmtp().getPort(), "--store", store.toString())), "proxy-under-test");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (proxy.running == null && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.running).as("started; stderr: %s", err).isNotNull();
        int port = proxy.running.address().getPort();
        Process p = new ProcessBuilder(swaks.toString(), "--server", "127.0.0.1", "--port", Integer.toString(port),
                "--from", "bob@example.net", "--to", "alice@example.test", "--helo", "client.example.test",
                "--header", "Subject: swaks through the proxy", "--body", "Hello through mailtrail proxy.",
                "--pipeline", "--timeout", "15").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("swaks finished").isTrue();
        String swaksOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(swaksOut).isZero();
        Path sessions = store.resolve("sessions");
        Path json = null;
        while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
            try (Stream<Path> s = Files.list(sessions)) {
                json = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElse(null);
            }
            if (json != null) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(json).as("a transcript under " + sessions).isNotNull();
        proxy.stop.countDown();
        t.join(10_000);
        assertThat(code.get()).isZero();
        assertThat(green.getReceivedMessages()).hasSize(1);

        // swaks prints "<-  " (and "<** " for an error) before every reply line it read, " -> " before what it sent
        List<String> swaksReplies = new ArrayList<>();
        List<String> swaksCommands = new ArrayList<>();
        List<String> swaksData = new ArrayList<>();
        boolean inData = false;
        for (String l : swaksOut.lines().toList()) {
            if (l.startsWith("<-  ") || l.startsWith("<** ")) {
                swaksReplies.add(l.substring(4));
                inData = l.substring(4).startsWith("354");
            } else if (l.startsWith(" -> ")) {
                (inData ? swaksData : swaksCommands).add(l.substring(4));
            }
        }
        SimulationResult r = JsonSession.read(Files.readString(json), json.toString());
        List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        List<String> replies = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.SMTP_REPLY) {
                replies.addAll(e.lines());
            } else if (e.kind() == EventKind.SMTP_COMMAND) {
                (e.explanationKey().equals("smtp.cmd.data-content") ? data : commands).addAll(e.lines());
            }
        }
        assertThat(swaksReplies).hasSizeGreaterThan(6);
        assertThat(replies).containsExactlyElementsOf(swaksReplies);
        assertThat(commands).containsExactlyElementsOf(swaksCommands);
        assertThat(data).containsExactlyElementsOf(swaksData); // the message, line for line, as swaks sent it
        assertThat(out.toString()).contains("proxying 127.0.0.1:" + port, "session ", "-> " + json)
                .contains(": 1 message passed on, ").doesNotContain("stored,"); // the proxy keeps no mail (a tester)
        // kept for docs/inspect.md: what swaks printed and what the proxy wrote
        Path keep = Path.of("target", "proxy-swaks");
        Files.createDirectories(keep);
        Files.writeString(keep.resolve("swaks.txt"), swaksOut);
        try (java.util.stream.Stream<Path> logs = Files.list(json.getParent())) { // the day's log: this session only
            Path log = logs.filter(f -> f.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
            Files.copy(log, keep.resolve("transcript.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

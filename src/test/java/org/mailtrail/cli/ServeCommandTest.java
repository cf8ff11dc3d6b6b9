package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.JsonSession;
import picocli.CommandLine;

@Timeout(60)
class ServeCommandTest {
    private static final String KEYSTORE = "src/test/resources/tls/lab.p12";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void aDomainIsRequired() {
        assertThat(run("serve")).isEqualTo(2);
        assertThat(err.toString()).contains("--domain");
    }

    @Test
    void anInvalidDomainExitsTwoNamingIt() {
        assertThat(run("serve", "--domain", "example.test", "--domain", "bad_domain!")).isEqualTo(2);
        assertThat(err.toString()).contains("--domain bad_domain!").contains("not a domain name");
        err.getBuffer().setLength(0);
        assertThat(run("serve", "--domain", "[127.0.0.1]")).isEqualTo(2);
        assertThat(err.toString()).contains("address literal");
    }

    @Test
    void badOptionsExitTwoNamingTheOption() {
        assertThat(run("serve", "--domain", "example.test", "--listen", "127.0.0.1:99999")).isEqualTo(2);
        assertThat(err.toString()).contains("--listen").contains("99999");
        assertThat(run("serve", "--domain", "example.test", "--hostname", "mx.example.test\r\nDATA")).isEqualTo(2);
        assertThat(err.toString()).contains("--hostname").contains("CR or LF");
        assertThat(run("serve", "--domain", "example.test", "--max-size", "ten")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-size ten");
        assertThat(run("serve", "--domain", "example.test", "--max-size", "0")).isEqualTo(2);
        assertThat(run("serve", "--domain", "example.test", "--max-connections", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-connections 0");
        assertThat(run("serve", "--domain", "example.test", "--idle-timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--idle-timeout");
    }

    /** The message of the usage error {@code r} throws. */
    static String usageOf(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no usage error");
    }

    @Test
    void badTlsSettingsExitTwoNamingTheFile() throws Exception {
        assertThat(run("serve", "--domain", "example.test", "--tls-keystore", KEYSTORE)).isEqualTo(2);
        assertThat(err.toString()).contains("needs --tls-password");
        assertThat(run("serve", "--domain", "example.test", "--tls-keystore", KEYSTORE, "--tls-password", "wrong"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--tls-keystore " + KEYSTORE).contains("wrong password")
                .doesNotContain("an empty one");
        // an empty password (nothing typed, nothing on standard input without a terminal) is said as such
        assertThat(ServeCommandTest.usageOf(() -> ServeCommand.tls(java.nio.file.Path.of(KEYSTORE), new char[0])))
                .contains("wrong password: an empty one").contains("--tls-password=PASSWORD");
        assertThat(run("serve", "--domain", "example.test", "--tls-keystore", "no/such.p12", "--tls-password", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no/such.p12: no such file");
        Path notAStore = Files.writeString(dir.resolve("cert.p12"), "not a key store");
        assertThat(run("serve", "--domain", "example.test", "--tls-keystore", notAStore.toString(), "--tls-password",
                "x")).isEqualTo(2);
        assertThat(err.toString()).contains("cert.p12");
        assertThat(run("serve", "--domain", "example.test", "--tls-password", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-password needs --tls-keystore");
    }

    /**
     * {@code --tls-password} without a value asks for it: with no terminal (as here, and under a script that captures
     * the output) the prompt goes to standard error, never to standard output, and the answer is read from standard
     * input — "wrong" is read, so the key store says wrong password rather than an empty one.
     */
    @Test
    void thePasswordPromptGoesToStandardErrorNotToStandardOutput() throws Exception {
        java.io.InputStream stdin = System.in;
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new java.io.ByteArrayInputStream("wrong\nnot read\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
            code = run("serve", "--domain", "example.test", "--tls-keystore", KEYSTORE, "--tls-password");
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(System.console()).as("the test runs without a terminal").isNull();
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("nothing on the process's standard output").isEmpty();
        assertThat(out.toString()).as("nothing on the command's output").isEmpty();
        assertThat(err.toString()).contains("Password of the key store " + KEYSTORE + ": ")
                .contains("wrong password").doesNotContain("an empty one").doesNotContain("not read");
    }

    @Test
    void aStoreThatIsAFileExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(run("serve", "--domain", "example.test", "--store", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--store").contains("not a folder");
    }

    @Test
    void aPortInUseExitsThree() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run("serve", "--domain", "example.test", "--listen", "127.0.0.1:" + taken.getLocalPort()))
                    .isEqualTo(3);
            assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void servesUntilStoppedAndPrintsEachSession() throws Exception {
        ServeCommand serve = new ServeCommand();
        CommandLine cl = new CommandLine(serve);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        Path store = dir.resolve("store");
        Thread t = new Thread(() -> code.set(cl.execute("--listen", "127.0.0.1:0", "--domain", "example.test",
                "--store", store.toString(), "--hostname", "mx.example.test", "--tls-keystore", KEYSTORE,
                "--tls-password", "changeit")), "serve-under-test");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (serve.running == null && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(serve.running).as("started; stderr: %s", err).isNotNull();
        InetSocketAddress address = serve.running.address();
        try (Socket s = new Socket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
            assertThat(in.readLine()).isEqualTo("220 mx.example.test ESMTP Mail Trail");
            for (String c : List.of("EHLO client.example.org", "MAIL FROM:<alice@example.org>",
                    "RCPT TO:<bob@example.test>", "DATA", "Subject: cli\r\n\r\nfrom the serve test\r\n.", "QUIT")) {
                w.print(c + "\r\n");
                w.flush();
                String line;
                do {
                    line = in.readLine();
                } while (line != null && line.charAt(3) == '-');
                assertThat(line).as("reply to %s", c).matches("[23]\\d\\d .*");
            }
        }
        while (!out.toString().contains("session ") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        serve.stop.countDown();
        t.join(10_000);
        assertThat(code.get()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("listening on 127.0.0.1:" + address.getPort() + " as mx.example.test for "
                + "example.test; storing under " + store + "; STARTTLS offered");
        assertThat(printed).containsPattern("session \\S+ from 127\\.0\\.0\\.1:\\d+: 1 message stored, QUIT -> "
                + Pattern.quote(store.toAbsolutePath().normalize().resolve("sessions").toString()) + "/\\S+\\.json");
        List<Path> eml;
        try (Stream<Path> s = Files.list(store.resolve("maildir/new"))) {
            eml = s.toList();
        }
        assertThat(eml).hasSize(1);
        assertThat(Files.readString(eml.get(0))).contains("by mx.example.test (Mail Trail) with ESMTP id ")
                .contains("from the serve test");
        assertThat(serve.running.isClosed()).isTrue();
    }

    /** SIGTERM (as from a service manager or Ctrl-C): connected clients get 421, the transcript is written. */
    @Test
    void sigtermStopsTheServerCleanly() throws Exception {
        Path store = dir.resolve("store");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mailtrail.Main", "serve", "--listen", "127.0.0.1:0",
                "--domain", "example.test", "--store", store.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer printed = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader pout = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = pout.readLine(); l != null; l = pout.readLine()) {
                    printed.append(l).append('\n');
                }
            } catch (java.io.IOException e) {
                // the process is gone
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && p.isAlive() && !listening.matcher(printed).find()) {
                Thread.sleep(20);
            }
            Matcher m = listening.matcher(printed);
            assertThat(m.find()).as("started: %s", printed).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(15_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("220 ");
                s.getOutputStream().write("HELO client.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("250 ");
                p.toHandle().destroy(); // SIGTERM; unlike Process.destroy() it leaves the output pipe open
                assertThat(in.readLine()).isEqualTo("421 4.3.2 mailtrail.test Service shutting down, try again later");
            }
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            assertThat(printed.toString()).contains("server shutting down").contains("stopped after 1 session(s)");
            try (Stream<Path> s = Files.list(store.resolve("sessions"))) {
                Path json = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
                assertThat(JsonSession.read(Files.readString(json), json.toString()).info().mode()).isEqualTo("live");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void badGuardOptionsExitTwoNamingTheOption() {
        assertThat(run("serve", "--domain", "example.test", "--command-timeout", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--command-timeout");
        assertThat(run("serve", "--domain", "example.test", "--data-timeout", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--data-timeout");
        assertThat(run("serve", "--domain", "example.test", "--stress-timeout", "90000")).isEqualTo(2);
        assertThat(err.toString()).contains("--stress-timeout");
        assertThat(run("serve", "--domain", "example.test", "--max-per-client", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-per-client -1");
        assertThat(run("serve", "--domain", "example.test", "--max-commands-per-minute", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-commands-per-minute -5");
        assertThat(run("serve", "--domain", "example.test", "--slot-wait", "61")).isEqualTo(2);
        assertThat(err.toString()).contains("--slot-wait 61: give seconds, 0 to 60");
        assertThat(run("serve", "--domain", "example.test", "--keep-sessions", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--keep-sessions needs --store");
        assertThat(run("serve", "--domain", "example.test", "--store", dir.toString(), "--keep-sessions", "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--keep-sessions x");
        assertThat(run("serve", "--domain", "example.test", "--tls-on-connect")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-on-connect needs --tls-keystore");
    }

    /** Implicit TLS from the command line, and the summary of turned-away connections when it stops. */
    @Test
    void tlsOnConnectServesOverTlsAndTheStopLineCountsTurnedAwayConnections() throws Exception {
        ServeCommand serve = new ServeCommand();
        CommandLine cl = new CommandLine(serve);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cl.execute("--listen", "127.0.0.1:0", "--domain", "example.test",
                "--tls-keystore", KEYSTORE, "--tls-password", "changeit", "--tls-on-connect",
                "--max-per-client", "1", "--slot-wait", "0.25")), "serve-under-test");
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (serve.running == null && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10); // polls for the server to have started (bounded by the deadline)
        }
        assertThat(serve.running).as("started; stderr: %s", err).isNotNull();
        InetSocketAddress address = serve.running.address();
        assertThat(serve.running.config().guards().slotWait()).isEqualTo(java.time.Duration.ofMillis(250));
        javax.net.ssl.SSLContext trust = trustLab();
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) trust.getSocketFactory()
                .createSocket(address.getAddress(), address.getPort())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 mailtrail.test ");
            try (Socket second = new Socket()) { // a second connection from the same address: one is the limit
                second.connect(address, 5_000);
                second.setSoTimeout(10_000);
                BufferedReader in2 = new BufferedReader(new InputStreamReader(second.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in2.readLine()).as("closed without a reply in clear text (TLS on connect)").isNull();
            }
        }
        serve.stop.countDown();
        t.join(10_000);
        assertThat(code.get()).isZero();
        assertThat(out.toString()).contains("; TLS on connect (implicit TLS). Ctrl-C stops.")
                .contains("stopped after ").contains("; 1 connection(s) turned away with 421 (1 could not be told");
    }

    /** A TLS client that trusts only the lab certificate. */
    private static javax.net.ssl.SSLContext trustLab() throws Exception {
        java.security.cert.Certificate cert;
        try (java.io.InputStream in = Files.newInputStream(Path.of("src/test/resources/tls/lab.pem"))) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("lab", cert);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

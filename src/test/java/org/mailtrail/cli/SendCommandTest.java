package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.live.DnsServer;
import org.mailtrail.timeline.EventKind;

/**
 * {@code send} on the command line: every usage error exits 2 with a message naming the option, before anything
 * touches the network or a file; and real runs on loopback — the lab DNS server for the MX lookup, GreenMail (a
 * third-party SMTP server) as the mail exchanger — printing a transcript or writing a JSON session. Nothing here can
 * reach the Internet: every run names a loopback DNS server, and the usage-error runs also name a loopback smart host
 * where nothing listens, so a check that slipped would fail fast instead of going out.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendCommandTest {
    private static final String ZONE = String.join("\n",
            "$TTL 300",
            "$ORIGIN example.test.",
            "@    IN SOA ns1 hostmaster 1 7200 900 1209600 300",
            "     IN NS  ns1",
            "     IN MX  10 mx1",
            "ns1  IN A   127.0.0.1",
            "mx1  IN A   127.0.0.1",
            "");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private DnsServer dns;
    private GreenMail greenMail;
    private int closedPort;

    @BeforeEach
    void start() throws Exception {
        dns = DnsServer.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), WorldZones.parse(ZONE, "t.zone"));
        closedPort = freePort();
    }

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
        dns.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String dnsArg() {
        return "127.0.0.1:" + dns.address().getPort();
    }

    /** {@code send} with a valid message, loopback DNS and a loopback smart host where nothing listens, plus {@code extra}. */
    private int usage(String... extra) {
        List<String> args = new ArrayList<>(List.of("send", "--from", "alice@example.org", "--to", "bob@example.test",
                "--dns", dnsArg(), "--smarthost", "127.0.0.1:" + closedPort));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(String[]::new));
    }

    /** Exit 2, the message on stderr names {@code option}, and nothing was sent or written. */
    private void assertUsageError(int code, String... fragments) {
        assertThat(code).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains(fragments);
        assertThat(err.toString()).doesNotContain("TCP SYN", "DNS query");
        assertThat(out.toString()).isEmpty();
        assertThat(dns.answered()).isZero();
    }

    // ---------------------------------------------------------------- usage errors

    @Test
    void aDnsServerAddressWhereNothingListensIsSaidInWordsNotAsAJavaException() {
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--dns",
                "127.0.0.1:" + closedPort, "--timeout", "5");
        assertThat(code).as(err.toString()).isEqualTo(MailTrailCli.IO_ERROR); // a network error (README)
        assertThat(out.toString()).contains("MX lookup for example.test. failed (no DNS server listens at that "
                        + "address and port)")
                .doesNotContain("Exception");
    }

    @Test
    void anUnknownStartTlsModeNamesTheOption() {
        assertUsageError(usage("--starttls", "maybe"), "--starttls must be auto, require or off, not 'maybe'");
    }

    @Test
    void aBadRecipientNamesTheOption() {
        int code = run("send", "--from", "alice@example.org", "--to", "bob@@example.net", "--dns", dnsArg(),
                "--smarthost", "127.0.0.1:" + closedPort);
        assertUsageError(code, "bad input:", "--to: ");
    }

    @Test
    void bodyAndBodyFileTogetherAreRefusedAndNothingIsWritten() throws IOException {
        Path body = Files.writeString(dir.resolve("body.txt"), "Hello\n");
        Path output = dir.resolve("never.json");
        assertUsageError(usage("--body", "Hi", "--body-file", body.toString(), "--format", "json", "-o",
                output.toString()), "give --body or --body-file, not both");
        assertThat(output).doesNotExist();
    }

    /** Exit 3 (a local I/O problem), said before anything was sent. */
    private void assertOutputRefused(int code, String... fragments) {
        assertThat(code).isEqualTo(MailTrailCli.IO_ERROR);
        assertThat(err.toString()).contains(fragments);
        assertThat(err.toString()).doesNotContain("TCP SYN", "DNS query", "Exception");
    }

    @Test
    void anOutputInAMissingFolderIsRefusedBeforeAnythingIsSent() {
        Path output = dir.resolve("no-such-folder").resolve("out.json");
        assertOutputRefused(usage("--format", "json", "-o", output.toString()),
                "-o: cannot write " + output, "does not exist");
        assertThat(output.getParent()).doesNotExist();
    }

    @Test
    void anOutputThatIsAFolderIsRefusedBeforeAnythingIsSent() {
        assertOutputRefused(usage("--format", "text", "-o", dir.toString()), "-o: " + dir + " is a folder");
    }

    @Test
    void picturesIntoAFileAreRefusedBeforeAnythingIsSent() throws IOException {
        Path file = Files.writeString(dir.resolve("pictures"), "not a folder");
        assertOutputRefused(usage("--format", "png", "-o", file.toString()), "-o: " + file + " is a file");
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void credentialsWithoutTlsAreRefusedBeforeAnythingIsSent() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
        assertUsageError(usage("--auth-user", "alice", "--auth-password-file", pw.toString(), "--starttls", "off"),
                "--auth-user needs TLS");
    }

    @Test
    void portZeroIsNoPlaceToConnectTo() {
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--dns", dnsArg(),
                "--smarthost", "127.0.0.1:0");
        assertUsageError(code, "--smarthost 127.0.0.1:0", "'0' is not a port (1-65535)");
    }

    @Test
    void aTimeoutOutOfRangeNamesTheOption() {
        assertUsageError(usage("--timeout", "0"), "--timeout 0: give seconds, from 0.001 to 3600");
        assertUsageError(usage("--timeout", "3600.5"), "--timeout 3600.5: give seconds, from 0.001 to 3600");
    }

    @Test
    void aTimeoutThatIsNoNumberNamesTheOption() {
        assertUsageError(usage("--timeout", "soon"), "--timeout", "soon");
    }

    @Test
    void aPasswordFileWithoutAUserNamesBothOptions() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
        assertUsageError(usage("--auth-password-file", pw.toString()), "--auth-password-file needs --auth-user");
    }

    @Test
    void anUnreadableTrustCertificateNamesTheOption() {
        Path missing = dir.resolve("no-such.pem");
        assertUsageError(usage("--trust-cert", missing.toString()), "--trust-cert " + missing, "no such readable file");
    }

    @Test
    void aTrustCertificateThatIsNotOneIsBadUsageBeforeAnythingIsSent() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("hostname.txt"), "mx.example.test\n");
        assertUsageError(usage("--trust-cert", notPem.toString()), "--trust-cert " + notPem);
    }

    @Test
    void lineBreaksInTheHeloNameNeverReachTheWire() {
        assertUsageError(usage("--helo", "client.example.org\r\nRSET"), "--helo 'client.example.org\\r\\nRSET'",
                "not a domain or address literal");
        assertThat(err.toString()).doesNotContain("\r\nRSET");
    }

    @Test
    void anUnknownFormatNamesTheOption() {
        assertUsageError(usage("--format", "docx"), "--format must be text, json, html, pcap, eml or png, not 'docx'");
    }

    // ---------------------------------------------------------------- real runs on loopback

    private int startGreenMail() throws IOException {
        int port = freePort();
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return port;
    }

    @Test
    void aRealSendThroughTheLabDnsToGreenMailPrintsTheTranscript() throws Exception {
        int port = startGreenMail();
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--subject", "CLI test",
                "--body", "Hello over loopback.", "--dns", dnsArg(), "--mx-port", Integer.toString(port),
                "--helo", "client.example.org", "--timeout", "5");
        assertThat(code).as(err.toString()).isZero();
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(greenMail.getReceivedMessages()[0].getSubject()).isEqualTo("CLI test");
        assertThat(out.toString()).contains("example.test. IN MX", "C: EHLO client.example.org",
                "C: MAIL FROM:<alice@example.org>", "C: RCPT TO:<bob@example.test>", "C: DATA", "S: 250", "C: QUIT");
        // progress on stderr as it happens, and the verdict per recipient
        assertThat(err.toString()).contains("TCP SYN", "bob@example.test: delivered");
        assertThat(dns.answered()).isPositive();
    }

    @Test
    void jsonToAFileIsASessionThatReadsBack() throws Exception {
        int port = startGreenMail();
        Path file = dir.resolve("live.json");
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--dns", dnsArg(),
                "--mx-port", Integer.toString(port), "--starttls", "off", "--timeout", "5", "--format", "json",
                "-o", file.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        SimulationResult back = JsonSession.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        assertThat(back.info().mode()).isEqualTo("live");
        assertThat(back.journeys().get(0).outcomes().get("bob@example.test").status())
                .isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(back.journeys().get(0).timeline().events())
                .anyMatch(e -> e.kind() == EventKind.SMTP_COMMAND && e.summary().equals("C: MAIL FROM:<alice@example.org>"))
                .anyMatch(e -> e.kind() == EventKind.MESSAGE_ACCEPTED);
    }

    @Test
    void tlsRequiredByAServerWithoutStarttlsIsNotSentNotQueued() throws Exception {
        int port = startGreenMail(); // offers no STARTTLS
        Path file = dir.resolve("notls.json");
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--smarthost",
                "127.0.0.1:" + port, "--starttls", "require", "--timeout", "5");
        assertThat(code).isEqualTo(MailTrailCli.IO_ERROR);
        assertThat(out.toString()).containsPattern("bob@example.test +NOT SENT ").doesNotContain("QUEUED");
        assertThat(err.toString()).contains("bob@example.test: not sent (deferred, not retried by Mail Trail)");
        // the JSON schema keeps its status values (docs/session-format.md)
        out.getBuffer().setLength(0);
        assertThat(run("send", "--from", "alice@example.org", "--to", "bob@example.test", "--smarthost",
                "127.0.0.1:" + port, "--starttls", "require", "--timeout", "5", "--format", "json", "-o",
                file.toString())).isEqualTo(MailTrailCli.IO_ERROR);
        assertThat(JsonSession.read(Files.readString(file, StandardCharsets.UTF_8), file.toString()).journeys().get(0)
                .outcomes().get("bob@example.test").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
    }

    @Test
    void aRefusedSmartHostExitsThreeWithTheReasonOnTheTimeline() {
        long t0 = System.nanoTime();
        int code = run("send", "--from", "alice@example.org", "--to", "bob@example.net", "--dns", dnsArg(),
                "--smarthost", "127.0.0.1:" + closedPort, "--timeout", "2");
        assertThat(code).isEqualTo(MailTrailCli.IO_ERROR);
        // send has no queue and does not retry: the outcome says so, not "queued"
        assertThat(err.toString()).contains("refused",
                "bob@example.net: not sent (deferred, not retried by Mail Trail) — ");
        assertThat(out.toString()).contains("refused").containsPattern("bob@example.net +NOT SENT ")
                .doesNotContain("QUEUED");
        assertThat(dns.answered()).as("an address literal needs no DNS").isZero();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
    }
}

package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DnsServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void brokenZoneFileExitsTwoWithFileAndLine() throws Exception {
        Path zone = dir.resolve("bad.zone");
        Files.writeString(zone, "$ORIGIN example.net.\n@ IN SOA ns1 hm 1 2 3 4 5\n  IN NS ns1\nns1 IN A 300.1.1.1\n");
        assertThat(run("dns-serve", "--zone", zone.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.zone:4");
    }

    @Test
    void aZoneFileWithoutAZoneExitsTwoInsteadOfServingNothing() throws Exception {
        Path zone = dir.resolve("empty.zone");
        Files.writeString(zone, "; nothing here yet\n");
        assertThat(run("dns-serve", "--zone", zone.toString(), "--listen", "127.0.0.1:0")).isEqualTo(2);
        assertThat(err.toString()).contains("empty.zone").contains("no zone");
    }

    @Test
    void badListenAddressExitsTwo() {
        assertThat(run("dns-serve", "--zone", "assets/zones/world.zone", "--listen", "127.0.0.1:99999")).isEqualTo(2);
        assertThat(err.toString()).contains("--listen").contains("99999");
    }

    @Test
    void portInUseExitsThree() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThat(run("dns-serve", "--zone", "assets/zones/world.zone", "--listen",
                    "127.0.0.1:" + taken.getLocalPort())).isEqualTo(3);
            assertThat(err.toString()).contains("cannot listen");
        }
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(run("dns-serve", "--help")).isZero();
        assertThat(out.toString()).contains("Exit status:").contains("2   bad usage").contains("3   the address");
        out.getBuffer().setLength(0);
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("Exit status:").contains("3   the port is in use")
                .contains("--command-timeout").contains("--tls-on-connect").contains("--keep-sessions");
    }
}

package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void theReadmeExampleDeliversByBothRoutes() {
        int code = run("simulate", "--from", "alice@example.org", "--to", "bob@example.net", "--route", "both");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("=== Route: direct ===", "=== Route: relay ===", "Comparison",
                "C: MAIL FROM:<alice@example.org>", "S: 250 2.0.0 Ok: queued as", "DNS query example.net. IN MX");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void bounceExitsFive() {
        assertThat(run("simulate", "--scenario", "unknown-user")).isEqualTo(5);
        assertThat(out.toString()).contains("BOUNCED");
    }

    @Test
    void jsonIsVersionedAndComplete() throws Exception {
        Path file = dir.resolve("s.json");
        assertThat(run("simulate", "--scenario", "multi-domain", "--format", "json", "-o", file.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.path("format").asText()).isEqualTo("mailtrail-session");
        assertThat(root.path("version").asInt()).isEqualTo(2);
        JsonNode events = root.path("journeys").get(0).path("events");
        assertThat(events.size()).isGreaterThan(50);
        assertThat(events.get(0).path("kind").asText()).isEqualTo("TCP_SYN");
        assertThat(events.get(0).path("explanation").asText()).isEqualTo("tcp.syn");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void badAddressExitsTwoAndWritesNothing() {
        Path file = dir.resolve("never.txt");
        int code = run("simulate", "--to", "bob@@example.net", "-o", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--to").contains("bob@@example.net");
        assertThat(file).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknownRouteExitsTwo() {
        assertThat(run("simulate", "--route", "sideways")).isEqualTo(2);
        assertThat(err.toString()).contains("--route").contains("sideways");
    }

    @Test
    void unknownOptionIsUsageError() {
        assertThat(run("simulate", "--colour", "red")).isEqualTo(2);
        assertThat(err.toString()).contains("--colour");
    }

    @Test
    void brokenZoneFileNamesFileAndLineAndWritesNothing() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n"
                + "    role: submission\n    address: 192.0.2.25\n");
        Files.writeString(dir.resolve("w.zone"), "$ORIGIN example.org.\n@ IN SOA ns1 hm 1 2 3 4 5\n  IN NS ns1\n"
                + "ns1 IN A 192.0.2.1\nmail IN MX ten mail\n");
        Path file = dir.resolve("out.txt");
        int code = run("simulate", "--scenario", dir.resolve("w.yaml").toString(), "-o", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("w.zone:5:");
        assertThat(file).doesNotExist();
    }

    @Test
    void aHostAddressThatIsNotAnIpAddressExitsTwoAndWritesNothing() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n"
                + "    role: submission\n    address: 192.0.2.25\n"
                + "  - {name: mx9.example.net, role: mx, address: 300.1.2.3}\n");
        Files.writeString(dir.resolve("w.zone"), "$ORIGIN example.org.\n@ IN SOA ns1 hm 1 2 3 4 5\n  IN NS ns1\n"
                + "ns1 IN A 192.0.2.1\n");
        Path file = dir.resolve("out.txt");
        int code = run("simulate", "--scenario", dir.resolve("w.yaml").toString(), "-o", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("w.yaml: hosts[1] (mx9.example.net).address: '300.1.2.3' is not an IP address");
        assertThat(file).doesNotExist();
        assertThat(out.toString()).doesNotContain("300.1.2.3");
    }

    @Test
    void anARecordThatIsNotAnIpAddressExitsTwoWithItsLine() throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "name: w\nzone: w.zone\nhosts:\n  - name: mail.example.org\n"
                + "    role: submission\n");
        Files.writeString(dir.resolve("w.zone"), "$ORIGIN example.org.\n@ IN SOA ns1 hm 1 2 3 4 5\n  IN NS ns1\n"
                + "ns1 IN A 192.0.2.1\nmail IN A 300.1.2.3\n");
        int code = run("simulate", "--scenario", dir.resolve("w.yaml").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("w.zone:5:");
    }

    @Test
    void unreadableOutputDirectoryExitsThree() {
        int code = run("simulate", "-o", dir.resolve("no/such/dir/out.txt").toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("cannot write");
    }

    @Test
    void sameSeedSameOutputDifferentSeedMayDiffer() {
        run("simulate", "--scenario", "direct", "--seed", "7");
        String a = out.toString();
        out.getBuffer().setLength(0);
        run("simulate", "--scenario", "direct", "--seed", "7");
        assertThat(out.toString()).isEqualTo(a);
        out.getBuffer().setLength(0);
        run("simulate", "--scenario", "direct", "--seed", "8");
        assertThat(out.toString()).isNotEqualTo(a);
    }

    @Test
    void aBadDefaultInAWorldFileIsBlamedOnTheFileNotOnAnOption() throws Exception {
        Path world = dir.resolve("b8.yaml");
        Files.writeString(world, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath()
                + "\nname: b8\ndefaults:\n  to: [notanaddress]\n");
        assertThat(run("simulate", "--scenario", world.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(world + ": defaults.to: 'notanaddress'").doesNotContain("--to");
        err.getBuffer().setLength(0);
        assertThat(run("simulate", "--scenario", world.toString(), "--to", "bob@")).isEqualTo(2);
        assertThat(err.toString()).contains("--to: 'bob@'").doesNotContain("defaults.to");
    }
}

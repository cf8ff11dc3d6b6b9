package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path saved(String scenario) {
        Path json = dir.resolve(scenario + ".json");
        assertThat(run("simulate", "--scenario", scenario, "--route", "both", "--format", "json", "-o", json.toString()))
                .isIn(0, 5);
        return json;
    }

    @Test
    void nothingToExportIsBadUsageNeverTheSessionsOwnExitCode() throws Exception {
        Path world = Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        Path down = Files.writeString(dir.resolve("down.yaml"), "extends: " + world + "\nname: down\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { down: true }\n"
                + "  - name: mx2.example.net\n    smtp: { down: true }\n");
        Path json = dir.resolve("queued.json");
        assertThat(run("simulate", "--scenario", down.toString(), "--route", "direct", "--retrieval", "none",
                "--format", "json", "-o", json.toString())).isEqualTo(4);
        // the simulation's 4 said "queued"; export has nothing to write, which is bad usage
        assertThat(run("export", json.toString(), "--format", "eml", "-o", dir.resolve("m.eml").toString()))
                .isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains("no message was delivered");
    }

    @Test
    void aOneJourneyFormatSaysWhichJourneyItShows() {
        Path json = saved("direct");
        assertThat(run("export", json.toString(), "--format", "pcap", "-o", dir.resolve("d.pcap").toString())).isZero();
        assertThat(err.toString()).contains("two journeys (direct and relay)", "pcap shows one, the direct one",
                "--journey relay");
        err.getBuffer().setLength(0);
        assertThat(run("export", json.toString(), "--format", "pcap", "--journey", "relay", "-o",
                dir.resolve("r.pcap").toString())).isZero();
        assertThat(err.toString()).doesNotContain("two journeys");
    }

    @Test
    void exportedTextEqualsTheSimulatedText() {
        Path json = saved("direct");
        run("simulate", "--scenario", "direct", "--route", "both");
        String direct = out.toString();
        assertThat(run("export", json.toString(), "--format", "text")).isZero();
        assertThat(out.toString()).isEqualTo(direct);
    }

    @Test
    void aStoresDayLogOfOneSessionIsExportedFromItsJsonFile() throws Exception {
        Path json = saved("direct");
        Path sessions = Files.createDirectories(dir.resolve("store/sessions"));
        String id = "20261207T080000Z-abcdef-000001";
        Files.copy(json, sessions.resolve(id + ".json"));
        assertThat(run("export", json.toString(), "--format", "text")).isZero();
        String text = out.toString();
        Path log = Files.writeString(sessions.resolve("2026-12-07.log"),
                text.replaceFirst("Mail Trail session: direct ", "Mail Trail session: " + id + " "));
        out.getBuffer().setLength(0);
        assertThat(run("export", log.toString(), "--format", "text")).isZero();
        assertThat(out.toString()).as("the session from its JSON file, not its text read back").isEqualTo(text);
    }

    @Test
    void jsonToJsonIsTheSameFile() throws Exception {
        Path json = saved("multi-domain");
        Path again = dir.resolve("again.json");
        assertThat(run("export", json.toString(), "--format", "json", "-o", again.toString())).isZero();
        assertThat(Files.readString(again)).isEqualTo(Files.readString(json));
    }

    @Test
    void emlOfEveryDeliveredMessageParsesWithItsReceivedChain() throws Exception {
        Path json = saved("unknown-user");
        Path emls = dir.resolve("emls");
        assertThat(run("export", json.toString(), "--format", "eml", "--journey", "relay", "-o", emls.toString())).isZero();
        List<Path> files;
        try (var s = Files.list(emls)) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("01-alice@example.org-bounce.eml");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Files.readAllBytes(files.get(0))));
        assertThat(m.getSubject()).isEqualTo("Undelivered Mail Returned to Sender");
        assertThat(m.getHeader("Return-Path")).containsExactly("<>");
        assertThat(m.getHeader("Received")).hasSize(2);
        assertThat(m.getContentType()).startsWith("multipart/report");
    }

    @Test
    void singleEmlGoesToStandardOutputAndParses() throws Exception {
        Path json = saved("relay");
        assertThat(run("export", json.toString(), "--format", "eml", "--journey", "relay")).isZero();
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(m.getHeader("Received")).hasSize(3);
        assertThat(m.getHeader("Received")[0]).contains("by mx1.example.net");
        assertThat(m.getHeader("Received")[2]).contains("by mail.example.org");
        assertThat(m.getSubject()).isEqualTo("Lunch on Friday?");
    }

    @Test
    void damagedSessionExitsTwoNamesThePlaceAndWritesNothing() throws Exception {
        Path json = saved("direct");
        Files.writeString(json, Files.readString(json).replaceFirst("\"kind\" : \"TCP_SYN\"", "\"kind\" : 42"));
        Path target = dir.resolve("out.txt");
        assertThat(run("export", json.toString(), "--format", "text", "-o", target.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("journeys[0].events[0].kind");
        assertThat(target).doesNotExist();
    }

    @Test
    void missingOrBinaryInputExitsTwo() throws Exception {
        assertThat(run("export", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope.json");
        Path bin = dir.resolve("bin.json");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThat(run("export", bin.toString())).isEqualTo(2);
    }

    @Test
    void pcapNeedsAFileAndUnknownFormatIsUsage() {
        Path json = saved("direct");
        assertThat(run("export", json.toString(), "--format", "pcap")).isEqualTo(2);
        assertThat(err.toString()).contains("-o");
        assertThat(run("export", json.toString(), "--format", "docx")).isEqualTo(2);
        assertThat(err.toString()).contains("docx");
    }
}

package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export} of a capture or a transcript, told by content (issue 17). */
class CaptureExportCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path fixture(String name, String as) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/org/mailtrail/capture/" + name)) {
            Path p = dir.resolve(as);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void aCaptureNamedAnythingExportsToTextJsonAndEml() throws Exception {
        Path cap = fixture("smtp-pipelining-dns.pcapng", "traffic.bin");
        assertThat(run("export", cap.toString(), "--format", "text")).isZero();
        assertThat(out.toString()).contains("C: MAIL FROM:<alice@example.org>", "DNS answer example.test. IN MX",
                "S: 221 2.0.0 Bye");
        Path json = dir.resolve("c.json");
        assertThat(run("export", cap.toString(), "--format", "json", "-o", json.toString())).isZero();
        // the JSON session opens as before and says the same
        assertThat(run("export", json.toString(), "--format", "text")).isZero();
        assertThat(out.toString()).contains("C: MAIL FROM:<alice@example.org>");
        assertThat(run("export", cap.toString(), "--format", "eml", "-o", dir.resolve("m.eml").toString())).isZero();
        assertThat(Files.readString(dir.resolve("m.eml"))).contains("Subject: test ");
    }

    @Test
    void aTranscriptExportsAndAForeignFileIsRefusedWithExit2() throws Exception {
        Path swaks = fixture("swaks-plain.txt", "ticket-4711.log");
        assertThat(run("export", swaks.toString(), "--format", "html", "-o", dir.resolve("t.html").toString())).isZero();
        assertThat(Files.readString(dir.resolve("t.html"))).contains("EHLO client.example.org");
        Path png = Files.write(dir.resolve("photo.pcap"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0});
        assertThat(run("export", png.toString(), "--format", "text")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains("photo.pcap", "not a Mail Trail session log (JSON), a capture (pcap,"
                + " pcapng) or a mail transcript");
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(fixture("smtp-plain.pcap", "x.pcap")), 20);
        Path truncated = Files.write(dir.resolve("cut.pcap"), cut);
        assertThat(run("export", truncated.toString(), "--format", "text")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains("cut.pcap: offset 4: the pcap file header is cut short");
    }
}

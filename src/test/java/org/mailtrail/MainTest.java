package org.mailtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailtrail.cli.MailTrailCli;

class MainTest {
    @Test
    void withoutADisplayOnLinuxTheWindowSaysSoAndPointsToTheCommandLine() {
        assertThat(Main.noDisplay(Map.of(), "Linux", null)).contains("no display").contains("mailtrail --help");
        assertThat(Main.noDisplay(Map.of("DISPLAY", " "), "Linux", null)).isNotNull();
        assertThat(Main.noDisplay(Map.of("DISPLAY", ":0"), "Linux", null)).isNull();
        assertThat(Main.noDisplay(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux", null)).isNull();
        assertThat(Main.noDisplay(Map.of(), "Linux", "Monocle")).as("a headless JavaFX platform").isNull();
        assertThat(Main.noDisplay(Map.of(), "Windows 11", null)).isNull();
        assertThat(Main.noDisplay(Map.of(), "Mac OS X", null)).isNull();
    }

    @Test
    void aSessionFileThatIsNotThereIsSaidSoInsteadOfAnUnmatchedArgument(@org.junit.jupiter.api.io.TempDir
                                                                          java.nio.file.Path dir) throws Exception {
        String missing = dir.resolve("nonexist.json").toString();
        assertThat(Main.missingSession(missing)).startsWith("mailtrail: no such file: " + missing);
        java.nio.file.Path there = java.nio.file.Files.writeString(dir.resolve("saved.JSON"), "{}");
        assertThat(Main.missingSession(there.toString())).as("an existing file opens in the window").isNull();
        assertThat(Main.missingSession("simulate")).as("a command").isNull();
        assertThat(Main.missingSession("--scenario=x.json")).as("an option").isNull();
    }

    @Test
    void aCaptureOrATranscriptOnTheCommandLineOpensTheWindowToo(@org.junit.jupiter.api.io.TempDir
                                                                  java.nio.file.Path dir) throws Exception {
        for (String name : new String[] {"mail.pcap", "mail.PCAPNG", "lab.cap", "ticket.txt", "swaks.log"}) {
            java.nio.file.Path there = java.nio.file.Files.writeString(dir.resolve(name), "x");
            assertThat(Main.isSessionFile(there.toString())).as(name).isTrue();
            assertThat(Main.missingSession(dir.resolve("not-" + name).toString())).as(name)
                    .startsWith("mailtrail: no such file: ");
        }
        assertThat(Main.isSessionFile(dir.toString())).as("a folder").isFalse();
        assertThat(Main.isSessionFile("export")).isFalse();
        java.nio.file.Path yaml = java.nio.file.Files.writeString(dir.resolve("world.yaml"), "x");
        assertThat(Main.isSessionFile(yaml.toString())).as("not a session's name").isFalse();
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String sub : new String[] {"simulate", "send", "serve", "dns-serve", "export"}) {
            StringWriter out = new StringWriter();
            int rc = MailTrailCli.run(new String[] {sub, "-V"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
            assertThat(rc).as(sub).isZero();
            assertThat(out.toString()).as(sub).startsWith("Mail Trail ");
        }
    }
}

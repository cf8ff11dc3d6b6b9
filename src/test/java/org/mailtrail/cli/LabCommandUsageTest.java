package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options that only mean something with {@code --once} are refused for a running lab, before it starts. */
class LabCommandUsageTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void anOutputFileWithoutOnceIsRefused() {
        Path file = dir.resolve("s.json");
        assertThat(run("lab", "-o", file.toString())).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains("-o/--output writes the session of --once");
        assertThat(out.toString()).doesNotContain("lab ready");
        assertThat(file).doesNotExist();
    }

    @Test
    void aFormatWithoutOnceIsRefusedEvenTheDefaultOne() {
        assertThat(run("lab", "--format", "text")).isEqualTo(MailTrailCli.USAGE);
        assertThat(err.toString()).contains("--format writes the session of --once");
        assertThat(out.toString()).doesNotContain("lab ready");
    }
}

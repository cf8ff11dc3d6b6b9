package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's help renders cleanly: no picocli format warnings, the exit codes listed. */
class HelpTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"simulate", "send", "serve", "proxy", "dns-serve", "export", "lab", "lesson"})
    void helpRendersWithoutFormatWarnings(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // picocli reports a broken format string on System.err, not on the command's writer
        PrintStream saved = System.err;
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
        try {
            MailTrailCli.run(new String[] {command, "--help"}, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(saved);
        }
        String all = out + err.toString() + sysErr.toString(StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("WARN", "Could not format");
        assertThat(out.toString()).contains("Usage: mailtrail " + command, "Exit status:");
    }
}

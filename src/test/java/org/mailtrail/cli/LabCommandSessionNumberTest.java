package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lab restarted on the same --store numbers its sessions on after the highest one already there. */
class LabCommandSessionNumberTest {

    @Test
    void numbersContinueAfterTheHighestExistingSession(@TempDir Path dir) throws Exception {
        assertThat(LabCommand.highestSessionNumber(dir.resolve("sessions"))).isZero();
        Path s = Files.createDirectories(dir.resolve("sessions"));
        Files.writeString(s.resolve("message-1.json"), "{}");
        Files.writeString(s.resolve("message-12.json"), "{}");
        Files.writeString(s.resolve("session-3.json"), "{}");
        Files.writeString(s.resolve("message-99.json.tmp"), "{}");
        assertThat(LabCommand.highestSessionNumber(s)).isEqualTo(12);
    }
}

package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged queue in --store is named with its file and what is wrong, in words, not a parser's dump. */
class LabStoreDamageTest {

    @Test
    void brokenQueueJsonIsNamedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path host = Files.createDirectories(dir.resolve("queue").resolve("mx1.example.net"));
        Files.writeString(host.resolve("m1.json"), "{\"id\": \"m1\",\n \"host\": oops}");
        Files.writeString(host.resolve("m1.eml"), "Subject: x\r\n\r\nx\r\n");
        LabStore store = new LabStore(dir, t -> { });
        assertThatThrownBy(() -> store.recover(env -> null))
                .isInstanceOf(LabException.class)
                .hasMessageContaining("m1.json is damaged (line 2, column ")
                .hasMessageContaining("move it away")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Source:").doesNotContain("\n")
                        .doesNotContain("com.fasterxml"));
    }

    @Test
    void missingMessageFileIsSaidSo(@TempDir Path dir) throws Exception {
        Path host = Files.createDirectories(dir.resolve("queue").resolve("mx1.example.net"));
        Files.writeString(host.resolve("m2.json"), "{\"id\":\"m2\",\"host\":\"mx1.example.net\",\"reversePath\":\"a@b\","
                + "\"pending\":[\"bob@example.net\"],\"bounce\":false,\"attempts\":1}");
        LabStore store = new LabStore(dir, t -> { });
        assertThatThrownBy(() -> store.recover(env -> null))
                .hasMessageContaining("m2.json is damaged (its message file ")
                .hasMessageContaining("m2.eml is missing");
    }
}

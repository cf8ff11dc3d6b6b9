package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an export may be written, checked before any work, and what a failed folder export leaves behind. */
class ExporterTargetTest {
    @TempDir
    Path dir;

    @Test
    void aFileTargetNeedsAnExistingFolderAndMustNotBeAFolder() throws IOException {
        Exporter.checkTarget(dir.resolve("ok.json"), Exporter.Format.JSON);
        assertThatThrownBy(() -> Exporter.checkTarget(dir.resolve("missing").resolve("x.json"), Exporter.Format.JSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist")
                .hasMessageNotContaining("Exception");
        assertThatThrownBy(() -> Exporter.checkTarget(dir, Exporter.Format.HTML))
                .hasMessageContaining("is a folder");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> Exporter.checkTarget(file.resolve("x.txt"), Exporter.Format.TEXT))
                .hasMessageContaining("is a file");
    }

    @Test
    void aFolderTargetMayBeNewButNotAFile() throws IOException {
        Exporter.checkTarget(dir.resolve("new").resolve("deeper"), Exporter.Format.PNG);
        Exporter.checkTarget(dir.resolve("mail"), Exporter.Format.EML);
        Path file = Files.writeString(dir.resolve("pictures"), "x");
        assertThatThrownBy(() -> Exporter.checkTarget(file, Exporter.Format.PNG)).hasMessageContaining("is a file");
        assertThatThrownBy(() -> Exporter.checkTarget(file.resolve("sub"), Exporter.Format.EML))
                .hasMessageContaining("is a file");
        // a single .eml is a file
        assertThatThrownBy(() -> Exporter.checkTarget(dir.resolve("nope").resolve("m.eml"), Exporter.Format.EML))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aFailedFolderExportLeavesNoEmptyFolderBehind() {
        Path target = dir.resolve("export").resolve("pictures");
        // a document whose name leads into a folder that does not exist cannot be written
        List<Exporter.Document> docs = List.of(
                new Exporter.Document("map.png", "a".getBytes(StandardCharsets.UTF_8)),
                new Exporter.Document("missing/ladder.png", "b".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Exporter.write(docs, target, Exporter.Format.PNG)).isInstanceOf(IOException.class);
        assertThat(dir.resolve("export")).doesNotExist();
    }

    @Test
    void aFailedExportIntoAnExistingFolderKeepsTheFolderAndItsFiles() throws IOException {
        Path target = Files.createDirectories(dir.resolve("kept"));
        Files.writeString(target.resolve("old.png"), "old");
        List<Exporter.Document> docs = List.of(
                new Exporter.Document("old.png", "new".getBytes(StandardCharsets.UTF_8)),
                new Exporter.Document("missing/ladder.png", "b".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> Exporter.write(docs, target, Exporter.Format.PNG)).isInstanceOf(IOException.class);
        assertThat(Files.readString(target.resolve("old.png"))).isEqualTo("old");
        try (var files = Files.list(target)) {
            assertThat(files).containsExactly(target.resolve("old.png"));
        }
    }
}

package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o FILE} of every command: whole or nothing, and never at the cost of what FILE is. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void aNewFileIsWrittenWholeAndNoTemporaryFileStays() throws IOException {
        Path f = dir.resolve("out.txt");
        AtomicFile.write(f, "hello\n");
        assertThat(f).hasContent("hello");
        try (var s = Files.list(dir)) {
            assertThat(s).containsExactly(f);
        }
    }

    @Test
    void aSymbolicLinkStaysALinkAndTheFileItPointsToIsReplaced() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("target.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real/target.txt"));
        AtomicFile.write(link, "new");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
        // a link to a file that does not exist yet: the file is made where the link points
        Path dangling = Files.createSymbolicLink(dir.resolve("later.txt"), dir.resolve("real/later-target.txt"));
        AtomicFile.write(dangling, "made");
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(dir.resolve("real/later-target.txt")).hasContent("made");
    }

    @Test
    void anExistingFileKeepsItsPermissions() throws IOException {
        Path f = dir.resolve("secret.json");
        Files.writeString(f, "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(f, "{\"password\":\"x\"}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(f).hasContent("{\"password\":\"x\"}");
    }

    @Test
    void aFifoIsWrittenToNotReplaced() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFile.write(fifo, "through the pipe");
        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    @Test
    void aDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path d = Files.createDirectories(dir.resolve("empty-dir"));
        assertThatThrownBy(() -> AtomicFile.write(d, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("is a directory");
        assertThat(Files.isDirectory(d)).isTrue();
    }
}

package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoProblemTest {
    @TempDir
    Path dir;

    private String readProblem(Path p) {
        try {
            Files.readString(p, StandardCharsets.UTF_8);
            return null;
        } catch (java.io.IOException e) {
            return IoProblem.of(e);
        }
    }

    @Test
    void saysWhyInPlainWords() throws Exception {
        assertThat(readProblem(dir.resolve("missing.yaml"))).isEqualTo("no such file");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'G', 'r', (byte) 0xfc, 'n'});
        assertThat(readProblem(latin1)).isEqualTo("not UTF-8 text");
        assertThat(readProblem(dir)).as("a folder given as a file").isEqualTo("it is a folder, not a file");
        assertThat(readProblem(latin1.resolve("x"))).as("a file given as a folder")
                .isEqualTo("a file is where a folder was expected");
    }

    @Test
    void theFileSystemsOwnExceptionsAreSaidInWordsWithoutTheirClassOrPath() throws Exception {
        Path file = Files.writeString(dir.resolve("taken.txt"), "x");
        String exists;
        try {
            Files.createFile(file);
            exists = null;
        } catch (java.io.IOException e) {
            exists = IoProblem.of(e);
        }
        assertThat(exists).isEqualTo("a file of that name is in the way").doesNotContain("Exception", "taken.txt");
        Path folder = Files.createDirectories(dir.resolve("full"));
        Files.writeString(folder.resolve("inside"), "x");
        String notEmpty;
        try {
            Files.delete(folder);
            notEmpty = null;
        } catch (java.io.IOException e) {
            notEmpty = IoProblem.of(e);
        }
        assertThat(notEmpty).isEqualTo("the folder is not empty");
    }
}

package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.css.Stylesheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mailtrail.bss, which JavaFX loads instead of parsing mailtrail.css (a .bss beside the .css it is asked for wins),
 * must be the binary form of the current mailtrail.css: otherwise the window would show yesterday's styles.
 */
class StylesheetBinaryTest {
    @Test
    void binaryStylesheetIsTheCurrentCss(@TempDir Path dir) throws Exception {
        Path css = dir.resolve("mailtrail.css");
        Path bss = dir.resolve("mailtrail.bss");
        try (InputStream in = MailTrailApp.class.getResourceAsStream("mailtrail.css")) {
            Files.copy(in, css);
        }
        Stylesheet.convertToBinary(css.toFile(), bss.toFile());
        byte[] shipped;
        try (InputStream in = MailTrailApp.class.getResourceAsStream("mailtrail.bss")) {
            assertThat(in).as("mailtrail.bss (bench/stylesheet-binary.sh writes it)").isNotNull();
            shipped = in.readAllBytes();
        }
        assertThat(shipped).as("mailtrail.bss is out of date: run bench/stylesheet-binary.sh")
                .isEqualTo(Files.readAllBytes(bss));
    }

    @Test
    void binaryStylesheetReadsBackWithTheRules() throws Exception {
        Stylesheet s = Stylesheet.loadBinary(MailTrailApp.class.getResource("mailtrail.bss"));
        assertThat(s).isNotNull();
        assertThat(s.getRules()).hasSizeGreaterThan(50);
        assertThat(s.getRules()).anyMatch(r -> r.getSelectors().toString().contains("main-view"));
    }
}

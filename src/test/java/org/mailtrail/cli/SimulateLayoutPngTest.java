package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --format png} draws the network map with the world's {@code layout:} (docs/worlds.md). */
class SimulateLayoutPngTest {
    @TempDir
    Path dir;

    private int width(String world, Path outDir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Files.createDirectories(outDir);
        int code = MailTrailCli.run(new String[] {"simulate", "--scenario", world, "--format", "png", "-o",
            outDir.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        try (Stream<Path> files = Files.list(outDir)) {
            Path map = files.filter(p -> p.getFileName().toString().endsWith("network-map.png")).findFirst()
                    .orElseThrow();
            return ImageIO.read(map.toFile()).getWidth();
        }
    }

    @Test
    void theWorldsLayoutPlacesTheHostInThePng() throws Exception {
        Path w = dir.resolve("placed.yaml");
        Files.writeString(w, "extends: builtin:world\nname: placed\nlayout:\n  mx1.example.net: {x: 9, y: 2}\n");
        assertThat(width(w.toString(), dir.resolve("placed"))).isEqualTo(20 + 10 * 190 + 20);
        assertThat(width("direct", dir.resolve("direct"))).isLessThan(20 + 10 * 190);
    }
}

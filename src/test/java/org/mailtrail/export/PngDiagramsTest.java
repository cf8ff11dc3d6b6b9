package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.cli.MailTrailCli;
import org.mailtrail.engine.SimulationResult;

/** PNG pictures of the diagrams from the command line, drawn without a window. */
class PngDiagramsTest {
    @TempDir
    Path dir;

    private static BufferedImage image(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).as("a readable PNG").isNotNull();
        return img;
    }

    /** True if the picture has pixels of a colour close to {@code rgb}. */
    private static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y += 1) {
            for (int x = 0; x < img.getWidth(); x += 1) {
                int p = img.getRGB(x, y) & 0xffffff;
                if (Math.abs((p >> 16) - (rgb >> 16)) < 12 && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) < 12
                        && Math.abs((p & 0xff) - (rgb & 0xff)) < 12) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void twoPicturesWhoseSizeFollowsTheJourney() throws Exception {
        SimulationResult direct = JsonSessionTest.simulate("direct");
        SimulationResult relay = JsonSessionTest.simulate("relay");
        Exporter.Options directRoute = new Exporter.Options(org.mailtrail.world.Route.DIRECT, false, java.util.Locale.ENGLISH);
        Exporter.Options relayRoute = new Exporter.Options(org.mailtrail.world.Route.RELAY, false, java.util.Locale.ENGLISH);
        List<Exporter.Document> d = Exporter.render(direct, Exporter.Format.PNG, directRoute);
        assertThat(d).extracting(Exporter.Document::name)
                .containsExactly("direct-sequence-diagram.png", "direct-network-map.png");
        BufferedImage ladder = image(d.get(0).bytes());
        BufferedImage map = image(d.get(1).bytes());
        int steps = direct.journeys().get(Exporter.journeyIndex(direct, org.mailtrail.world.Route.DIRECT)).timeline().size();
        assertThat(ladder.getHeight()).isGreaterThan(steps * SvgLadder.ROW);
        assertThat(hasColour(ladder, 0x2e7d32)).as("green 2xx replies").isTrue();
        assertThat(hasColour(map, 0xe0f7fa)).as("an MX box").isTrue();
        BufferedImage relayMap = image(Exporter.render(relay, Exporter.Format.PNG, relayRoute).get(1).bytes());
        assertThat(hasColour(relayMap, 0xfff8e1)).as("the relay's box").isTrue();
        assertThat(hasColour(map, 0xfff8e1)).as("no relay on the direct route").isFalse();
    }

    @Test
    void theCommandLineWritesBothIntoADirectoryAndRefusesAFileName() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path target = dir.resolve("pictures");
        int code = MailTrailCli.run(new String[] {"simulate", "--scenario", "backup-mx", "--format", "png", "-o",
                target.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(target.resolve("backup-mx-sequence-diagram.png")).exists();
        assertThat(image(Files.readAllBytes(target.resolve("backup-mx-network-map.png"))).getWidth()).isPositive();
        code = MailTrailCli.run(new String[] {"simulate", "--format", "png", "-o", dir.resolve("x.png").toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("give -o DIRECTORY");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }
}

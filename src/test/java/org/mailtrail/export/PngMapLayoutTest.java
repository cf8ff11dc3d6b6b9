package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.WorldLoader;

/** The PNG network map places a host in the cell the world's {@code layout:} gives it (docs/worlds.md). */
class PngMapLayoutTest {
    private static BufferedImage image(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void aPlacedHostIsDrawnInItsCell() throws Exception {
        SimulationResult r = new SimulationEngine(new WorldLoader().load("direct")).runDefaults();
        java.util.List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        BufferedImage byRole = image(PngDiagrams.map(events, r.info()));
        // column 7, row 4: the grid grows to 8 columns and 5 rows of 190 × 110 pixels (plus a margin of 20)
        BufferedImage placed = image(PngDiagrams.map(events, r.info(), Map.of("mx1.example.net", new int[] {7, 4})));
        assertThat(placed.getWidth()).isGreaterThan(byRole.getWidth()).isEqualTo(20 + 8 * 190 + 20);
        assertThat(placed.getHeight()).isEqualTo(5 * 110 + 40 + 24); // and a line of legend
        int cx = 20 + 7 * 190 + 95;
        int cy = 20 + 4 * 110 + 55 - 20; // inside the box, above its text
        assertThat(placed.getRGB(cx - 60, cy) & 0xffffff).as("mx1's box filled with the MX colour there")
                .isNotEqualTo(0xfbfbfd);
        assertThat(byRole.getHeight()).isLessThan(placed.getHeight());
        // through the exporter, with the options' layout
        var docs = Exporter.render(r, Exporter.Format.PNG, Exporter.Options.defaults()
                .withLayout(Map.of("mx1.example.net", new int[] {7, 4})));
        BufferedImage viaExporter = image(docs.stream().filter(d -> d.name().endsWith("network-map.png"))
                .findFirst().orElseThrow().bytes());
        assertThat(viaExporter.getWidth()).isEqualTo(placed.getWidth());
    }

    @Test
    void aHostNoConnectionReachedIsMarkedAndTheLinksSayProtocolAndPort() throws Exception {
        SimulationResult r = new SimulationEngine(new WorldLoader().load("backup-mx")).runDefaults();
        java.util.List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        assertThat(PngDiagrams.unreached(events)).containsExactly("mx1.example.net");
        BufferedImage down = image(PngDiagrams.map(events, r.info()));
        SimulationResult ok = new SimulationEngine(new WorldLoader().load("direct")).runDefaults();
        assertThat(PngDiagrams.unreached(ok.journeys().get(0).timeline().events())).isEmpty();
        BufferedImage fine = image(PngDiagrams.map(ok.journeys().get(0).timeline().events(), ok.info()));
        assertThat(count(down, 0xc62828)).as("the red dashes of mx1's box").isGreaterThan(100);
        assertThat(count(fine, 0xc62828)).isZero();
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}

package org.mailtrail.app.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import javafx.scene.layout.Region;
import org.junit.jupiter.api.Test;

/** The lit link and the packet run from a host box's border to the other's, not over the names in their middle. */
class NetworkMapBorderTest {
    private static Region box(double x, double y, double w, double h) {
        Region r = new Region();
        r.resizeRelocate(x, y, w, h);
        return r;
    }

    @Test
    void aLinkLeavesABoxAtTheSideFacingTheOtherBox() {
        Region a = box(0, 0, 100, 40);     // centre 50, 20
        Region b = box(300, 0, 100, 40);   // centre 350, 20: to the right
        double[] p = NetworkMapView.border(a, b);
        assertThat(p[0]).isCloseTo(98.5, within(0.01)); // just inside a's right side (97 % of the way)
        assertThat(p[1]).isCloseTo(20, within(0.01));
        double[] q = NetworkMapView.border(b, a);
        assertThat(q[0]).isCloseTo(301.5, within(0.01));

        Region below = box(0, 200, 100, 40); // centre 50, 220: straight down
        double[] d = NetworkMapView.border(a, below);
        assertThat(d[0]).isCloseTo(50, within(0.01));
        assertThat(d[1]).isCloseTo(39.4, within(0.01));

        Region diagonal = box(200, 200, 100, 40); // centre 250, 220: the top or bottom side is met first
        double[] g = NetworkMapView.border(a, diagonal);
        assertThat(g[1]).isCloseTo(39.4, within(0.01));
        assertThat(g[0]).isCloseTo(50 + 200 * (19.4 / 200), within(0.01));
    }

    @Test
    void boxesThatOverlapKeepTheLinkBetweenTheirCentres() {
        Region a = box(0, 0, 100, 40);
        Region b = box(10, 5, 100, 40); // centre 60, 25: inside a
        double[] p = NetworkMapView.border(a, b);
        assertThat(p[0]).isCloseTo(60, within(0.01));
        assertThat(p[1]).isCloseTo(25, within(0.01));
    }
}

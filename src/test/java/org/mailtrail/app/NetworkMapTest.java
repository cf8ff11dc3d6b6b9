package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.view.CompareMapView;
import org.mailtrail.app.view.NetworkMapView;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The network map's legend, link labels and organisations, and the Compare tab's shared map and figures, in the
 * running window (headless). With {@code -Dmailtrail.mapshots=DIR} each state is also saved as a PNG there.
 */
class NetworkMapTest extends MapWindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        shoot(robot, name, null);
    }

    private void shoot(FxRobot robot, String name, Node node) throws Exception {
        String dir = System.getProperty("mailtrail.mapshots", "");
        if (dir.isEmpty()) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = node == null ? stage.getScene().snapshot(null) : node.snapshot(null, null));
        Files.createDirectories(Path.of(dir));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(dir, name + ".png").toFile());
    }

    private static boolean showing(Node n) {
        return n != null && n.isVisible() && n.getScene() != null && n.getLayoutBounds().getWidth() > 0
                && n.getLayoutBounds().getHeight() > 0;
    }

    /** Whether a node is drawn on this map, not in its legend (the drawing is a group of its own: NetworkMapView). */
    private static boolean onMap(Node map, Node n) {
        for (javafx.scene.Parent p = n.getParent(); p != null; p = p.getParent()) {
            if ("mapLegend".equals(p.getId())) {
                return false;
            }
            if (p == map) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theMapHasALegendLinkLabelsAndOrganisations(FxRobot robot) throws Exception {
        run(robot, "relay", Route.RELAY);
        shoot(robot, "map-relay");
        Node legend = robot.lookup("#mapLegend").query();
        assertThat(showing(legend)).as("#mapLegend shown").isTrue();
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        assertThat(legend.getParent()).isSameAs(map);
        assertThat(map.linkLabels())
                .containsEntry(org.mailtrail.timeline.HostLinks.Link.key("alice-laptop.example.org", "mail.example.org"), "SMTP 587")
                .containsEntry(org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "relay.example.org"), "SMTP 25")
                .containsEntry(org.mailtrail.timeline.HostLinks.Link.key("bob-laptop.example.net", "imap.example.net"), "IMAP 143")
                .containsEntry(org.mailtrail.timeline.HostLinks.Link.key("relay.example.org", "resolver.example.org"), "DNS 53");
        Set<String> orgs = robot.lookup(".org-label").queryAllAs(Label.class).stream()
                .filter(l -> onMap(map, l)).map(Label::getText).collect(Collectors.toSet());
        assertThat(orgs).containsExactlyInAnyOrder("example.org", "relay.example.org", "example.net");
        // a label sits on the map, not on a host
        for (Label l : robot.lookup(".link-label").queryAllAs(Label.class)) {
            if (onMap(map, l)) {
                for (Node host : robot.lookup(".host").queryAll()) {
                    if (host instanceof javafx.scene.layout.VBox && onMap(map, host)) { // a box, not the legend's
                        javafx.scene.layout.Region h = (javafx.scene.layout.Region) host;
                        assertThat(l.getBoundsInParent().intersects(h.getLayoutX(), h.getLayoutY(), h.getWidth(),
                                h.getHeight()))
                                .as(l.getText() + " over " + host.getUserData()).isFalse();
                    }
                }
            }
        }
        run(robot, "direct", Route.DIRECT);
        shoot(robot, "map-direct");
        run(robot, "multi-domain", Route.DIRECT);
        robot.interact(() -> vm().session().goTo(45));
        shoot(robot, "map-multi-domain");
        Set<String> multi = robot.lookup(".org-label").queryAllAs(Label.class).stream()
                .filter(l -> onMap(map, l)).map(Label::getText).collect(Collectors.toSet());
        assertThat(multi).contains("example.org", "example.net", "school.test");
    }

    @Test
    void compareShowsBothPathsOnOneMapAndTheFigures(FxRobot robot) throws Exception {
        run(robot, "relay", Route.BOTH);
        CompareMapView map = robot.lookup("#compareMap").queryAs(CompareMapView.class);
        assertThat(showing(map)).as("#compareMap shown").isTrue();
        assertThat(showing(robot.lookup("#compareFigures").query())).as("#compareFigures shown").isTrue();
        var paths = map.pathsShown();
        assertThat(paths).containsOnlyKeys("direct", "relay");
        assertThat(paths.get("direct")).contains(org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "mx1.example.net"))
                .doesNotContain(org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "relay.example.org"));
        assertThat(paths.get("relay")).contains(org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "relay.example.org"),
                org.mailtrail.timeline.HostLinks.Link.key("relay.example.org", "mx1.example.net"))
                .doesNotContain(org.mailtrail.timeline.HostLinks.Link.key("mail.example.org", "mx1.example.net"));
        assertThat(robot.lookup("#compare-mxlookup-direct").queryAs(Label.class).getText())
                .isEqualTo("mail.example.org");
        assertThat(robot.lookup("#compare-mxlookup-relay").queryAs(Label.class).getText())
                .isEqualTo("relay.example.org");
        assertThat(robot.lookup("#compare-mxlookup-relay").queryAs(Label.class).getStyleClass())
                .contains("compare-differs");
        assertThat(robot.lookup("#compare-hops-direct").queryAs(Label.class).getText()).isEqualTo("2");
        assertThat(robot.lookup("#compare-transport-direct").queryAs(Label.class).getText()).startsWith("0:00:00.4");
        // the two ladders, aligned by phase, step together: the direct transfer's first step beside the relayed one's
        assertThat(showing(robot.lookup("#compareLadderDirect").query())).as("#compareLadderDirect shown").isTrue();
        assertThat(showing(robot.lookup("#compareLadderRelay").query())).as("#compareLadderRelay shown").isTrue();
        org.mailtrail.app.view.AlignedLadders ladders = (org.mailtrail.app.view.AlignedLadders)
                robot.lookup("#compareLadderDirect").query().getParent();
        var directSegs = org.mailtrail.timeline.PhaseSegments.of(vm().session().resultProperty().get().journeys().get(0)
                .timeline().events());
        var relaySegs = org.mailtrail.timeline.PhaseSegments.of(vm().session().resultProperty().get().journeys().get(1)
                .timeline().events());
        int directTransfer = directSegs.stream().filter(x -> x.phase() == org.mailtrail.timeline.Phase.TRANSFER)
                .findFirst().orElseThrow().first();
        int relayTransfer = relaySegs.stream().filter(x -> x.phase() == org.mailtrail.timeline.Phase.TRANSFER)
                .findFirst().orElseThrow().first();
        assertThat(relayTransfer).isNotEqualTo(directTransfer);
        robot.interact(() -> vm().session().stepProperty().set(directTransfer + 2));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ladders.steps()).containsExactly(directTransfer + 2, relayTransfer + 2);
        shoot(robot, "map-compare");
        shoot(robot, "map-compare-map", map);
        shoot(robot, "map-compare-view", robot.lookup("#compareView").queryAs(ScrollPane.class).getContent());
    }

    @Test
    void theCompareViewScrollsInASmallWindow(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(900);
            stage.setHeight(600);
        });
        run(robot, "direct", Route.BOTH);
        ScrollPane compare = robot.lookup("#compareView").queryAs(ScrollPane.class);
        WaitForAsyncUtils.waitForFxEvents();
        Node content = compare.getContent();
        assertThat(content.getLayoutBounds().getHeight())
                .as("the content keeps its height and scrolls rather than being squeezed")
                .isGreaterThan(compare.getViewportBounds().getHeight());
        assertThat(robot.lookup("#compareMap").queryAs(CompareMapView.class).getHeight()).isGreaterThan(200);
        shoot(robot, "map-compare-small");
    }
}

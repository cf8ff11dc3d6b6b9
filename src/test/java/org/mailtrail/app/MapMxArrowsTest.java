package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.view.NetworkMapView;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The world's MX records on the network map (arrows from a domain to its exchangers, a down one crossed) and
 * dragging a host to a new place (an edit of the world), in the running window, headless. Writes
 * target/screenshots/map-mx-arrows.png and, with {@code -Dmailtrail.screenshots=docs/screenshots}, into the docs.
 */
class MapMxArrowsTest extends MapWindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    private void run(FxRobot robot, String scenario) throws Exception {
        robot.interact(() -> vm().scenarioProperty().set(scenario));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get() != null
                && vm().worldProperty().get().name().equals(scenario) && !vm().busyProperty().get());
        robot.interact(() -> vm().routeProperty().set(Route.DIRECT));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The arrows' ids hold the dots of domain names, which a CSS selector (#id) would read as classes. */
    private static org.testfx.service.query.NodeQuery byId(FxRobot robot, String id) {
        return robot.lookup((Node n) -> id.equals(n.getId()));
    }

    private static String labelOf(Node arrow) {
        return ((Group) arrow).getChildren().stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText())
                .findFirst().orElse("");
    }

    @Test
    void arrowsGoFromTheDomainToItsExchangersWithTheirPreferences(FxRobot robot) throws Exception {
        run(robot, "backup-mx");
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        Node mx1 = byId(robot, "mxArrow-example.net-mx1.example.net").query();
        Node mx2 = byId(robot, "mxArrow-example.net-mx2.example.net").query();
        assertThat(mx1.isVisible() && mx2.isVisible()).isTrue();
        assertThat(labelOf(mx1)).startsWith("MX 10"); // "(down)" too where it fits without covering a host
        assertThat(((Group) mx1).getChildren().stream().filter(n -> n instanceof Label).findFirst().orElseThrow()
                .getAccessibleText()).isEqualTo("MX 10 (down)");
        Label mx1Label = (Label) ((Group) mx1).getChildren().stream().filter(n -> n instanceof Label).findFirst()
                .orElseThrow();
        for (Node host : robot.from(map).lookup(".host").queryAll()) {
            if (host instanceof VBox) {
                assertThat(host.getBoundsInParent().intersects(mx1Label.getBoundsInParent()))
                        .as("mx1's label over " + host.getUserData()).isFalse();
            }
        }
        assertThat(labelOf(mx2)).isEqualTo("MX 20");
        assertThat(mx1.getStyleClass()).contains("mx-down");
        assertThat(mx2.getStyleClass()).doesNotContain("mx-down");
        // the arrow ends at its exchanger's box
        javafx.scene.shape.Polyline line = (javafx.scene.shape.Polyline) ((Group) mx2).getChildren().get(0);
        int last = line.getPoints().size();
        VBox box = robot.lookup(".host").queryAllAs(VBox.class).stream()
                .filter(b -> "mx2.example.net".equals(b.getUserData())).findFirst().orElseThrow();
        Bounds b = box.getBoundsInParent();
        assertThat(distance(b, line.getPoints().get(last - 2), line.getPoints().get(last - 1)) < 2)
                .as("arrow end on mx2's box").isTrue();
        assertThat(map.mxArrows()).extracting(a -> a.host()).contains("mx1.example.net", "mx2.example.net");
        assertThat(robot.lookup("#mapLegendMx").tryQuery()).isPresent();
        shoot(robot, "map-mx-arrows");

        // the editor changes a preference: the map follows the world
        robot.interact(() -> {
            var ed = vm().editor();
            var recs = ed.draftProperty().get().records();
            for (int i = 0; i < recs.size(); i++) {
                if (recs.get(i).type().equals("MX") && recs.get(i).target().equals("mx2.example.net")) {
                    ed.setMxPreference(i, 5);
                }
            }
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> byId(robot, "mxArrow-example.net-mx2.example.net")
                .tryQuery().map(n -> labelOf(n).equals("MX 5")).orElse(false));
    }

    @Test
    void theArrowsAreThoseOfTheWorldTheShownSessionRanIn(FxRobot robot) throws Exception {
        run(robot, "backup-mx");
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        assertThat(map.mxArrows()).filteredOn(a -> a.host().equals("mx1.example.net")).extracting(a -> a.down())
                .containsExactly(true);
        // a session of the default world shown (an opened log, a lesson's scenario): the world follows it
        var other = new org.mailtrail.engine.SimulationEngine(new org.mailtrail.world.WorldLoader().load("direct"))
                .runDefaults();
        robot.interact(() -> vm().session().resultProperty().set(other));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "direct".equals(vm().worldProperty().get().name()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm().scenarioProperty().get()).isEqualTo("direct");
        assertThat(vm().session().resultProperty().get()).as("the session stays").isSameAs(other);
        assertThat(map.mxArrows()).filteredOn(a -> a.host().equals("mx1.example.net")).extracting(a -> a.down())
                .as("mx1 is up in the default world").containsExactly(false);
        // a session that ran in no world of the app (a capture, say) gets no arrows, whatever the world is
        var i = other.info();
        var capture = new org.mailtrail.engine.SimulationResult(new org.mailtrail.timeline.SessionInfo("capture",
                i.name(), i.title(), "smtp.pcap", i.start(), i.resolver(), i.hosts()), other.compose(), other.seed(),
                other.journeys());
        robot.interact(() -> vm().session().resultProperty().set(capture));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(map.mxArrows()).isEmpty();
        assertThat(byId(robot, "mxArrow-example.net-mx1.example.net").tryQuery()).isEmpty();
    }

    /**
     * Found by a tester: the map was empty until the first Run, so an edit's MX arrows could not be seen, and after a
     * Run that never reached mx1 (mx2 preferred) mx1 and its arrow were gone although the world has them.
     */
    @Test
    void theWorldIsOnTheMapBeforeARunAndEveryExchangerAfterOne(FxRobot robot) throws Exception {
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        assertThat(vm().session().resultProperty().get()).isNull();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !map.mxArrows().isEmpty());
        java.util.Set<Object> shown = new java.util.HashSet<>();
        robot.from(map).lookup(".host").queryAll().stream().filter(b -> b instanceof VBox)
                .forEach(b -> shown.add(b.getUserData()));
        assertThat(shown).as("before any run: the hosts the proposed message would meet")
                .contains("alice-laptop.example.org", "mail.example.org", "relay.example.org", "mx1.example.net",
                        "mx2.example.net", "imap.example.net", "bob-laptop.example.net")
                .doesNotContain("mx.school.test", "legacy.example.net");
        assertThat(map.mxArrows()).extracting(a -> a.host()).contains("mx1.example.net", "mx2.example.net");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().editor().draftProperty().get() != null
                && !vm().editor().checkingProperty().get());
        robot.interact(() -> vm().editor().setFault("mx1.example.net", org.mailtrail.world.HostFault.DOWN, ""));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> map.mxArrows().stream()
                .anyMatch(a -> a.host().equals("mx1.example.net") && a.down()));

        robot.interact(() -> {
            var ed = vm().editor();
            var recs = ed.draftProperty().get().records();
            for (int i = 0; i < recs.size(); i++) {
                if (recs.get(i).type().equals("MX") && recs.get(i).target().equals("mx2.example.net")) {
                    ed.setMxPreference(i, 5);
                }
            }
            ed.setFault("mx1.example.net", org.mailtrail.world.HostFault.NONE, "");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm().editor().checkingProperty().get()
                && vm().editor().mxOrder().stream().anyMatch(l -> l.contains("mx2.example.net (5)")));
        robot.interact(() -> vm().routeProperty().set(Route.DIRECT));
        robot.interact(() -> vm().run());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().session().sizeProperty().get() > 0
                && !vm().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        var journey = vm().session().journeyProperty().get();
        assertThat(journey.timeline().events()).noneMatch(e -> "mx1.example.net".equals(e.destination()));
        assertThat(map.mxArrows()).extracting(a -> a.host()).as("mx1 is an exchanger of example.net, not reached")
                .contains("mx1.example.net", "mx2.example.net");
        shown.clear();
        robot.from(map).lookup(".host").queryAll().stream().filter(b -> b instanceof VBox)
                .forEach(b -> shown.add(b.getUserData()));
        assertThat(shown).contains("mx1.example.net").doesNotContain("mx.school.test");
    }

    private static double distance(Bounds b, double x, double y) {
        double dx = Math.max(Math.max(b.getMinX() - x, 0), x - b.getMaxX());
        double dy = Math.max(Math.max(b.getMinY() - y, 0), y - b.getMaxY());
        return Math.hypot(dx, dy);
    }

    @Test
    void draggingAHostMovesItAndMarksTheWorldModified(FxRobot robot) throws Exception {
        run(robot, "backup-mx");
        VBox box = robot.lookup(".host").queryAllAs(VBox.class).stream()
                .filter(b -> "mx2.example.net".equals(b.getUserData())).findFirst().orElseThrow();
        double beforeY = box.getLayoutY();
        assertThat(vm().editor().modifiedProperty().get()).isFalse();
        robot.drag(box, MouseButton.PRIMARY).moveBy(0, 60).moveBy(0, 60).moveBy(0, 60).drop();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get().layout()
                .containsKey("mx2.example.net"));
        World.Position p = vm().worldProperty().get().layout().get("mx2.example.net");
        assertThat(vm().editor().modifiedProperty().get()).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        VBox after = robot.lookup(".host").queryAllAs(VBox.class).stream()
                .filter(b -> "mx2.example.net".equals(b.getUserData())).findFirst().orElseThrow();
        assertThat(after.getLayoutY()).as("mx2 lower on the map, in row " + p.row()).isGreaterThan(beforeY);
        shoot(robot, "map-dragged-host");
        // dropped on mx1, mx2 takes the first free row below it instead of covering it
        VBox mx1 = robot.lookup(".host").queryAllAs(VBox.class).stream()
                .filter(b -> "mx1.example.net".equals(b.getUserData())).findFirst().orElseThrow();
        VBox mx2 = robot.lookup(".host").queryAllAs(VBox.class).stream()
                .filter(b -> "mx2.example.net".equals(b.getUserData())).findFirst().orElseThrow();
        double up = (mx1.getLayoutY() + mx1.getHeight() / 2) - (mx2.getLayoutY() + mx2.getHeight() / 2);
        robot.drag(mx2, MouseButton.PRIMARY).moveBy(0, up / 2).moveBy(0, up / 2).drop();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get().layout()
                .get("mx2.example.net").row() != p.row());
        assertThat(vm().worldProperty().get().layout().get("mx2.example.net").row())
                .as("not mx1's row").isNotEqualTo(1).isLessThan(p.row());
        robot.interact(() -> vm().editor().undo());
        robot.interact(() -> vm().editor().undo());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm().worldProperty().get().layout().isEmpty());
        assertThat(vm().editor().modifiedProperty().get()).isFalse();
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        Node map = robot.lookup("#networkMap").query();
        robot.interact(() -> img[0] = map.snapshot(null, null));
        for (String dir : new String[] {"target/screenshots", System.getProperty("mailtrail.screenshots", "")}) {
            if (!dir.isEmpty()) {
                Files.createDirectories(Path.of(dir));
                ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(dir, name + ".png").toFile());
            }
        }
    }
}

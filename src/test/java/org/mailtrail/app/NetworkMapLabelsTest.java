package org.mailtrail.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.view.NetworkMapView;
import org.mailtrail.world.Route;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The network map's labels ("SMTP 25", "DNS 53", "MX 20", "MX 10 (down)", the organisations' names) are laid out so
 * that none covers a host box, another label, or the line a packet travels along, and all stay inside the map; the
 * host boxes do not overlap one another, also at the largest font (A+ three times). Tester findings. Writes
 * target/screenshots/map-labels-*.png.
 */
class NetworkMapLabelsTest extends MapWindowTestBase {
    @Start
    void start(Stage stage) {
        open(stage);
    }

    /** What overlaps on the map: each problem in words. */
    static List<String> problems(NetworkMapView map) {
        List<String> out = new ArrayList<>();
        List<Node> boxes = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        List<Line> links = new ArrayList<>();
        collect(map, boxes, labels, links);
        for (int i = 0; i < boxes.size(); i++) {
            for (int k = i + 1; k < boxes.size(); k++) {
                if (inMap(map, boxes.get(i)).intersects(inMap(map, boxes.get(k)))) {
                    out.add("box " + boxes.get(i).getUserData() + " over box " + boxes.get(k).getUserData());
                }
            }
        }
        double w = map.getWidth();
        Node dot = map.lookup(".packet");
        double packet = inMap(map, dot).getWidth() / 2; // the drawing may be drawn smaller, the packet with it
        double h = map.lookup("#mapLegend").getBoundsInParent().getMinY();
        for (int i = 0; i < labels.size(); i++) {
            Label a = labels.get(i);
            Bounds ba = inMap(map, a);
            if (ba.getMinX() < -0.5 || ba.getMinY() < -0.5 || ba.getMaxX() > w + 0.5 || ba.getMaxY() > h + 0.5) {
                out.add("'" + a.getText() + "' outside the map " + ba);
            }
            for (Node b : boxes) {
                if (ba.intersects(inMap(map, b))) {
                    out.add("'" + a.getText() + "' " + ba + " over box " + b.getUserData() + " " + inMap(map, b));
                }
            }
            for (int k = i + 1; k < labels.size(); k++) {
                if (ba.intersects(inMap(map, labels.get(k)))) {
                    out.add("'" + a.getText() + "' over '" + labels.get(k).getText() + "'");
                }
            }
            for (Line l : links) {
                javafx.geometry.Point2D near = nearLine(ba, l, boxes, map, packet);
                if (near != null) {
                    out.add("'" + a.getText() + "' " + ba + " on the link " + l.getUserData() + " at " + near);
                }
            }
        }
        return out;
    }

    private static void collect(javafx.scene.Parent p, List<Node> boxes, List<Label> labels, List<Line> links) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (!n.isVisible() || "mapLegend".equals(n.getId())) {
                continue;
            }
            if (n instanceof VBox && n.getStyleClass().contains("host")) {
                boxes.add(n);
                continue; // a host's own lines are its text
            }
            if (n instanceof Label l && (l.getStyleClass().contains("link-label") || l.getStyleClass().contains(
                    "mx-label") || l.getStyleClass().contains("org-label"))) {
                labels.add(l);
            } else if (n instanceof Line l && l.getStyleClass().contains("link")) {
                links.add(l);
            } else if (n instanceof javafx.scene.Parent q) {
                collect(q, boxes, labels, links);
            }
        }
    }

    private static Bounds inMap(NetworkMapView map, Node n) {
        return map.sceneToLocal(n.localToScene(n.getLayoutBounds())); // without the boxes' drop shadows
    }

    /** Whether the packet, travelling the link outside the boxes, would pass over the label. */
    private static javafx.geometry.Point2D nearLine(Bounds b, Line l, List<Node> boxes, NetworkMapView map,
                                                    double packet) {
        double len = Math.hypot(l.getEndX() - l.getStartX(), l.getEndY() - l.getStartY());
        for (double t = 0; t <= len; t += 2) {
            double x = l.getStartX() + (l.getEndX() - l.getStartX()) * t / Math.max(1, len);
            double y = l.getStartY() + (l.getEndY() - l.getStartY()) * t / Math.max(1, len);
            javafx.geometry.Point2D p = map.sceneToLocal(l.localToScene(x, y));
            if (boxes.stream().anyMatch(bx -> inMap(map, bx).contains(p))) {
                continue; // the packet rests inside its host's box
            }
            if (p.getX() > b.getMinX() - packet && p.getX() < b.getMaxX() + packet && p.getY() > b.getMinY() - packet
                    && p.getY() < b.getMaxY() + packet) {
                return p;
            }
        }
        return null;
    }

    private void shoot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = stage.getScene().snapshot(null));
        Files.createDirectories(Path.of("target/screenshots"));
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of("target/screenshots/map-labels-" + name
                + ".png").toFile());
    }

    private List<String> check(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(robot, name);
        NetworkMapView map = robot.lookup("#networkMap").queryAs(NetworkMapView.class);
        List<String>[] p = new List[1];
        robot.interact(() -> p[0] = problems(map));
        return p[0].stream().map(s -> name + ": " + s).toList();
    }

    @Test
    void labelsCoverNoHostNoOtherLabelAndNoLink(FxRobot robot) throws Exception {
        List<String> all = new ArrayList<>();
        run(robot, "relay", Route.RELAY);
        all.addAll(check(robot, "relay"));
        run(robot, "backup-mx", Route.DIRECT);
        all.addAll(check(robot, "backup-mx"));
        run(robot, "direct", Route.DIRECT);
        all.addAll(check(robot, "direct"));
        for (int i = 0; i < 3; i++) {
            robot.interact(() -> app.presentation().zoomIn());
        }
        all.addAll(check(robot, "direct-large"));
        run(robot, "relay", Route.RELAY);
        all.addAll(check(robot, "relay-large"));
        assertThat(all).isEmpty();
    }
}

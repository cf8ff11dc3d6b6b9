package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import org.mailtrail.app.model.MapModel;
import org.mailtrail.app.model.MxArrows;

/**
 * The MX records of the world on the network map (issue 15, docs/worlds.md): a dashed arrow from an organisation's
 * name (its domain) to each of its mail exchangers that is on the map, labelled {@code MX 10}; an exchanger the world
 * takes down is drawn grey and crossed. The arrows come from {@link MxArrows} (the simulation's own MX policy); this
 * class only draws them. Each arrow is a group with the id {@link MxArrows.Arrow#id()}.
 */
final class MxArrowDrawing {
    private final Group group = new Group();
    private final List<MxArrows.Arrow> shown = new ArrayList<>();
    private ResourceBundle ui;

    MxArrowDrawing() {
        group.setManaged(false);
        group.setMouseTransparent(true);
        group.getStyleClass().add("mx-arrows");
    }

    MxArrowDrawing texts(ResourceBundle texts) {
        this.ui = texts;
        return this;
    }

    Group group() {
        return group;
    }

    /** The arrows drawn: for tests. */
    List<MxArrows.Arrow> shown() {
        return List.copyOf(shown);
    }

    /** Makes the arrows of those domains whose organisation box and exchanger are both on the map. */
    void build(List<MxArrows.Arrow> arrows, Map<String, VBox> nodes, Group orgs) {
        group.getChildren().clear();
        shown.clear();
        for (MxArrows.Arrow a : arrows) {
            if (!nodes.containsKey(a.host()) || orgLabel(orgs, a.domain()) == null) {
                continue;
            }
            Line line = new Line();
            line.getStyleClass().add("mx-arrow-line");
            Polygon head = new Polygon();
            head.getStyleClass().add("mx-arrow-head");
            String text = a.label();
            if (a.down() && ui != null && ui.containsKey("map.mx.down")) {
                text = text + " " + ui.getString("map.mx.down");
            }
            Label label = new Label(text);
            label.getStyleClass().add("mx-label");
            Group g = new Group(line, head, label);
            g.setId(a.id());
            g.getStyleClass().add("mx-arrow");
            if (a.down()) {
                g.getStyleClass().add("mx-down");
                Line cross1 = new Line();
                Line cross2 = new Line();
                cross1.getStyleClass().add("mx-cross");
                cross2.getStyleClass().add("mx-cross");
                g.getChildren().addAll(cross1, cross2);
            }
            g.setUserData(a);
            group.getChildren().add(g);
            shown.add(a);
        }
    }

    void clear() {
        group.getChildren().clear();
        shown.clear();
    }

    private static Label orgLabel(Group orgs, String domain) {
        for (Node n : orgs.getChildren()) {
            if (n instanceof Label l && l.getUserData() instanceof MapModel.Organisation o && o.domain().equals(domain)) {
                return l;
            }
        }
        return null;
    }

    /** Places the arrows once the hosts and the organisation boxes have their places. */
    void layout(Map<String, VBox> nodes, Group orgs) {
        for (Node n : group.getChildren()) {
            Group g = (Group) n;
            MxArrows.Arrow a = (MxArrows.Arrow) g.getUserData();
            Label from = orgLabel(orgs, a.domain());
            VBox to = nodes.get(a.host());
            if (from == null || to == null) {
                continue;
            }
            double sx = from.getLayoutX() + Math.min(from.getWidth(), from.prefWidth(-1)) / 2;
            double sy = from.getLayoutY() + from.getHeight() / 2;
            double[] end = edge(to, sx, sy);
            double[] start = edge(from, end[0], end[1]);
            Line line = (Line) g.getChildren().get(0);
            line.setStartX(start[0]);
            line.setStartY(start[1]);
            line.setEndX(end[0]);
            line.setEndY(end[1]);
            double dx = end[0] - start[0];
            double dy = end[1] - start[1];
            double len = Math.max(1, Math.hypot(dx, dy));
            double ux = dx / len;
            double uy = dy / len;
            Polygon head = (Polygon) g.getChildren().get(1);
            head.getPoints().setAll(end[0], end[1],
                    end[0] - 8 * ux + 4 * uy, end[1] - 8 * uy - 4 * ux,
                    end[0] - 8 * ux - 4 * uy, end[1] - 8 * uy + 4 * ux);
            Label label = (Label) g.getChildren().get(2);
            double tw = label.prefWidth(-1);
            double th = label.prefHeight(-1);
            // beside the line, a little past its middle, on the side away from the line's direction
            double mx = start[0] + dx * 0.55;
            double my = start[1] + dy * 0.55;
            label.resizeRelocate(Math.round(mx + 4), Math.round(my - th / 2), tw, th);
            if (g.getChildren().size() > 3) {
                Line c1 = (Line) g.getChildren().get(3);
                Line c2 = (Line) g.getChildren().get(4);
                double cx = start[0] + dx * 0.35;
                double cy = start[1] + dy * 0.35;
                c1.setStartX(cx - 5);
                c1.setStartY(cy - 5);
                c1.setEndX(cx + 5);
                c1.setEndY(cy + 5);
                c2.setStartX(cx - 5);
                c2.setStartY(cy + 5);
                c2.setEndX(cx + 5);
                c2.setEndY(cy - 5);
            }
        }
    }

    /** Where the line from (px, py) to the centre of r crosses r's border. */
    private static double[] edge(Region r, double px, double py) {
        double w = r.getWidth() > 0 ? r.getWidth() : r.prefWidth(-1);
        double h = r.getHeight() > 0 ? r.getHeight() : r.prefHeight(-1);
        double cx = r.getLayoutX() + w / 2;
        double cy = r.getLayoutY() + h / 2;
        double dx = px - cx;
        double dy = py - cy;
        if (dx == 0 && dy == 0) {
            return new double[] {cx, cy};
        }
        double t = Math.min(dx == 0 ? Double.MAX_VALUE : (w / 2) / Math.abs(dx),
                dy == 0 ? Double.MAX_VALUE : (h / 2) / Math.abs(dy));
        t = Math.min(1, t);
        return new double[] {cx + dx * t, cy + dy * t};
    }
}

package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
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
            Polyline line = new Polyline();
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

    /**
     * Places the arrows once the hosts and the organisation boxes have their places. An arrow leaves the domain's
     * name, runs down a lane just left of its exchanger and enters the box from the left in its upper third (the
     * links between hosts meet the boxes at their centres), so that arrows to two exchangers stacked in one column do
     * not cross the upper box. The preference stands left of the lane, moved up or down where it would cover a host
     * or another label.
     */
    void layout(Map<String, VBox> nodes, Group orgs, MapLabels used) {
        for (Node n : group.getChildren()) {
            Group g = (Group) n;
            MxArrows.Arrow a = (MxArrows.Arrow) g.getUserData();
            Label from = orgLabel(orgs, a.domain());
            VBox to = nodes.get(a.host());
            if (from == null || to == null) {
                continue;
            }
            double lw = Math.min(from.getWidth(), from.prefWidth(-1));
            double bx = to.getLayoutX() - 10;
            double ty = to.getLayoutY() + Math.max(8, to.getHeight() * 0.3);
            boolean labelBelow = from.getLayoutY() > to.getLayoutY() + to.getHeight() / 2;
            double sy = labelBelow ? from.getLayoutY() : from.getLayoutY() + from.getHeight();
            double sx = Math.max(from.getLayoutX() + 4, Math.min(from.getLayoutX() + lw, bx));
            Polyline line = (Polyline) g.getChildren().get(0);
            line.getPoints().setAll(sx, sy, bx, sy, bx, ty, to.getLayoutX(), ty);
            double ex = to.getLayoutX();
            Polygon head = (Polygon) g.getChildren().get(1);
            head.getPoints().setAll(ex, ty, ex - 7, ty - 4, ex - 7, ty + 4);
            Label label = (Label) g.getChildren().get(2);
            double right = to.getLayoutX() + to.getWidth();
            boolean crossed = g.getChildren().size() > 3;
            if (crossed) { // the cross on the lane is not to hide "MX 20 (down)" (found by a tester)
                used.solid(new javafx.geometry.BoundingBox(bx - 7, ty - 7, 14, 14));
            }
            // the whole text ("MX 10 (down)") where it fits; where it would cover a host, a name, a label or a link,
            // the short one ("MX 10": the cross says the rest) if that fits better (a tester saw a long German label
            // over mx2); the first place that covers nothing, else the one that covers least (MapLabels)
            String full = (String) label.getProperties().computeIfAbsent("full", k -> label.getText());
            label.setAccessibleText(full);
            double[] chosen = null;
            String chosenText = full;
            for (String text : full.equals(a.label()) ? List.of(full) : List.of(full, a.label())) {
                label.setText(text);
                double tw = label.prefWidth(-1);
                double th = label.prefHeight(-1);
                double lx = bx - tw - (crossed ? 9 : 2);
                double below = to.getLayoutY() + to.getHeight() + 2;
                List<double[]> tries = new ArrayList<>(List.of(new double[][] {{lx, ty - th / 2}, {lx, ty - th - 2},
                    {lx, ty + 2}, {lx, ty - 2 * th - 2}, {right - tw, below}, {to.getLayoutX(), below},
                    {right - tw, to.getLayoutY() - th - 2}, {right + 2, ty - th / 2},
                    {bx + 2, sy + (labelBelow ? -th - 1 : 1)}, {bx - tw - 2, sy + (labelBelow ? -th - 1 : 1)},
                    {to.getLayoutX() - tw - 2, to.getLayoutY() + to.getHeight() - th}}));
                double cost = Double.MAX_VALUE;
                double[] best = null;
                for (double[] c : tries) {
                    double k = used.cost(c[0], c[1], tw, th);
                    if (k < cost) {
                        cost = k;
                        best = new double[] {c[0], c[1], tw, th, k};
                    }
                }
                if (chosen == null || best[4] < chosen[4]) {
                    chosen = best;
                    chosenText = text;
                }
                if (chosen[4] == 0) { // nothing covered: the whole text stays
                    break;
                }
            }
            label.setText(chosenText);
            label.resizeRelocate(Math.round(chosen[0]), Math.round(chosen[1]), chosen[2], chosen[3]);
            used.solid(new javafx.geometry.BoundingBox(Math.round(chosen[0]), Math.round(chosen[1]), chosen[2],
                    chosen[3]));
            if (crossed) {
                Line c1 = (Line) g.getChildren().get(3);
                Line c2 = (Line) g.getChildren().get(4);
                double cx = bx;
                double cy = ty;
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
}

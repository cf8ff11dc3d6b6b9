package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import javafx.geometry.Bounds;
import javafx.geometry.BoundingBox;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.mailtrail.app.model.MapModel;
import org.mailtrail.timeline.HostLayout;

/**
 * The parts both network maps draw (the main one and the Compare tab's): host boxes on a grid of columns and rows,
 * a rounded box behind each organisation's hosts with its domain, and the links between hosts with their protocol
 * and port. The owner adds {@link #orgs()}, {@link #links()}, the host boxes and {@link #labels()} to its children
 * (in that order, back to front) and calls {@link #layout(double, double, double)} from its layoutChildren.
 */
final class MapDrawing {
    private final Group orgs = new Group();
    private final Group links = new Group();
    private final Group labels = new Group();
    private final Map<String, VBox> nodes = new HashMap<>();
    private final Map<String, Line> lines = new HashMap<>();
    private final Map<String, Label> linkLabels = new HashMap<>();
    private List<HostLayout.Place> places = List.of();
    private List<MapModel.Organisation> organisations = List.of();
    private int columns = 1;
    private int rows = 1;

    private ResourceBundle ui;

    MapDrawing() {
        orgs.setManaged(false);
        links.setManaged(false);
        labels.setManaged(false);
        orgs.setMouseTransparent(true);
        labels.setMouseTransparent(true);
    }

    /** The texts the host boxes name their roles in ({@code map.role.*}); without them, the role's own word. */
    MapDrawing texts(ResourceBundle texts) {
        this.ui = texts;
        return this;
    }

    private String roleName(String role) {
        String key = "map.role." + role;
        return ui != null && ui.containsKey(key) ? ui.getString(key) : role.toUpperCase(Locale.ROOT);
    }

    Group orgs() {
        return orgs;
    }

    Group links() {
        return links;
    }

    Group labels() {
        return labels;
    }

    /** The host boxes by host name. */
    Map<String, VBox> nodes() {
        return nodes;
    }

    /** The line of a link, by {@link org.mailtrail.timeline.HostLinks.Link#key()}, or null. */
    Line line(String key) {
        return lines.get(key);
    }

    /** Makes the boxes, organisation boxes and links; returns the host boxes for the owner to add. */
    List<VBox> build(HostLayout layout, List<org.mailtrail.timeline.HostLinks.Link> shown) {
        return build(layout, shown, false);
    }

    /**
     * Makes the boxes, organisation boxes and links; returns the host boxes for the owner to add.
     *
     * @param relayBelow put relays in a row of their own below the others (so a link passing their column is free)
     */
    List<VBox> build(HostLayout layout, List<org.mailtrail.timeline.HostLinks.Link> shown, boolean relayBelow) {
        clear();
        places = MapModel.grouped(layout.places());
        if (!layout.fixed().isEmpty()) {
            // hosts the world places (docs/worlds.md, layout:) keep their cells; grouping only orders the others
            Map<String, HostLayout.Place> given = new HashMap<>();
            layout.places().forEach(p -> given.put(p.host(), p));
            places = places.stream().map(p -> layout.fixed().contains(p.host()) ? given.get(p.host()) : p).toList();
        }
        columns = layout.columns();
        rows = 1;
        for (HostLayout.Place p : places) {
            rows = Math.max(rows, p.row() + 1);
        }
        if (relayBelow) {
            List<HostLayout.Place> moved = new ArrayList<>();
            int below = rows;
            for (HostLayout.Place p : places) {
                if ("relay".equals(p.role())) {
                    moved.add(new HostLayout.Place(p.host(), p.role(), p.column(), below + p.row() - 1));
                    rows = Math.max(rows, below + p.row());
                } else {
                    moved.add(p);
                }
            }
            places = List.copyOf(moved);
        }
        List<VBox> out = new ArrayList<>();
        for (HostLayout.Place p : places) {
            String[] text = HostLayout.nameLines(p.host());
            Label name = new Label(text[0]);
            name.getStyleClass().add("host-name");
            Label domain = new Label(text[1]);
            domain.getStyleClass().add("host-domain");
            Label role = new Label(roleName(p.role()));
            role.getStyleClass().add("host-role");
            VBox box = new VBox(role, name, domain);
            box.getStyleClass().addAll("host", "role-" + p.role());
            box.setAccessibleText(p.role() + " " + p.host());
            box.setUserData(p.host());
            nodes.put(p.host(), box);
            out.add(box);
        }
        organisations = MapModel.organisations(places);
        for (MapModel.Organisation o : organisations) {
            Rectangle r = new Rectangle();
            r.getStyleClass().add("org-box");
            r.setArcWidth(18);
            r.setArcHeight(18);
            Label l = new Label(o.domain());
            l.getStyleClass().add("org-label");
            l.setUserData(o);
            r.setUserData(o);
            orgs.getChildren().addAll(r, l);
        }
        for (org.mailtrail.timeline.HostLinks.Link link : shown) {
            if (!nodes.containsKey(link.from()) || !nodes.containsKey(link.to())) {
                continue;
            }
            Line l = new Line();
            l.getStyleClass().add("link");
            l.setUserData(link);
            links.getChildren().add(l);
            lines.put(link.key(), l);
            if (!link.label().isEmpty()) {
                Label t = new Label(link.label());
                t.getStyleClass().add("link-label");
                t.setId("link-" + link.from() + "-" + link.to());
                t.setUserData(link);
                labels.getChildren().add(t);
                linkLabels.put(link.key(), t);
            }
        }
        return out;
    }

    void clear() {
        orgs.getChildren().clear();
        links.getChildren().clear();
        labels.getChildren().clear();
        nodes.clear();
        lines.clear();
        linkLabels.clear();
        places = List.of();
        organisations = List.of();
        fullHeight = -1;
    }

    boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * What the labels were placed around at the last layout, with the link labels placed: where the MX arrows' labels
     * go next ({@link MxArrowDrawing#layout}).
     */
    MapLabels placed() {
        return placed;
    }

    /** The label text of each link shown, by link key: what tests and the legend read. */
    Map<String, String> labelTexts() {
        Map<String, String> out = new HashMap<>();
        linkLabels.forEach((k, v) -> out.put(k, v.getText()));
        return out;
    }

    /**
     * Places everything in the rectangle from (0, top) of the given width and height; returns the height the hosts
     * and the labels between them need (more than {@code h}: the owner draws the map smaller, NetworkMapView).
     */
    double layout(double w, double h, double top) {
        if (nodes.isEmpty()) {
            return h;
        }
        double colW = w / columns;
        double band = labels.getChildren().isEmpty() ? 0 : ((Label) labels.getChildren().get(0)).prefHeight(-1) + 2;
        double orgLabel = organisations.isEmpty() ? 0 : band;
        // the resolver's row (row 0) is only as high as its box; the other rows share the rest. Where that leaves
        // too little room for a host, its name and the labels around it, the boxes leave out the role line (the
        // colour and the legend still tell it)
        boolean row0 = places.stream().anyMatch(p -> p.row() == 0);
        int lower = Math.max(1, rows - 1);
        double h0 = row0 ? fullBoxHeight() + 6 : 0;
        double needed = h0 + lower * (fullBoxHeight() + orgLabel + band + 4);
        boolean compact = needed > h;
        for (VBox box : nodes.values()) {
            Node role = box.getChildren().get(0);
            role.setVisible(!compact);
            role.setManaged(!compact);
            if (compact != box.getStyleClass().contains("compact")) {
                if (compact) {
                    box.getStyleClass().add("compact"); // less padding: more room for the name
                } else {
                    box.getStyleClass().remove("compact");
                }
            }
        }
        if (compact) {
            h0 = row0 ? box0Height() + 6 : 0;
        }
        // what the rows need at the least: the boxes and a band for the labels beside them (the organisations'
        // names share it); the owner draws the map smaller where even that does not fit
        double need = h0 + lower * (compactBoxHeight() + band + 4);
        double rowH = (h - h0) / lower;
        grid = new double[] {colW, top, h0, rowH};
        for (HostLayout.Place p : places) {
            VBox box = nodes.get(p.host());
            double bw = Math.min(colW - 5, box.prefWidth(-1));
            double bh = box.prefHeight(bw);
            double x = colW * p.column() + (colW - bw) / 2;
            double y;
            if (p.row() == 0) {
                y = top + Math.max(0, (h0 - bh) / 2);
            } else {
                // room above a host for its organisation's name, below it for the labels of the links beside it
                double spare = rowH - bh - orgLabel - band;
                double cell = top + h0 + rowH * (p.row() - 1);
                y = cell + (spare > 0 ? orgLabel + spare / 2 : Math.max(0, (rowH - bh) / 2));
            }
            box.resizeRelocate(Math.round(x), Math.round(y), Math.round(bw), Math.round(bh));
        }
        layoutOrgs(colW);
        for (Node n : links.getChildren()) {
            Line l = (Line) n;
            org.mailtrail.timeline.HostLinks.Link link = (org.mailtrail.timeline.HostLinks.Link) l.getUserData();
            VBox a = nodes.get(link.from());
            VBox b = nodes.get(link.to());
            l.setStartX(cx(a));
            l.setStartY(cy(a));
            l.setEndX(cx(b));
            l.setEndY(cy(b));
        }
        layoutLabels(w, h, top);
        return compact ? need : h;
    }

    private double fullHeight = -1;
    private double[] grid; // column width, top, height of row 0, height of the other rows: for cellAt

    /**
     * The cell {column, row} of the grid at a point of the map: where a host dragged there goes (docs/worlds.md).
     * Row 0 is the resolver's band when there is one; the row below the last one is free to take.
     */
    int[] cellAt(double x, double y) {
        if (grid == null) {
            return new int[] {0, 1};
        }
        int col = (int) Math.max(0, Math.min(columns - 1, Math.floor(x / grid[0])));
        int row = y < grid[1] + grid[2] ? 0 : 1 + (int) Math.floor((y - grid[1] - grid[2]) / grid[3]);
        return new int[] {col, Math.max(grid[2] > 0 ? 0 : 1, Math.min(rows, row))};
    }

    /**
     * The cell a host dropped on {@code cell} takes: that one, or where another host sits there, the first free row
     * below it in the same column (two boxes are never drawn over each other by a drag).
     */
    int[] freeCell(String host, int[] cell) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (HostLayout.Place p : places) {
            if (!p.host().equals(host)) {
                taken.add(p.column() + "," + p.row());
            }
        }
        int row = cell[1];
        while (taken.contains(cell[0] + "," + row)) {
            row++;
        }
        return new int[] {cell[0], row};
    }

    /** The height of a host box with its role line, measured once per build. */
    private double fullBoxHeight() {
        if (fullHeight < 0) {
            for (VBox b : nodes.values()) {
                boolean shown = b.getChildren().get(0).isManaged();
                double role = shown ? 0 : b.getChildren().get(0).prefHeight(-1) + b.getSpacing();
                fullHeight = Math.max(fullHeight, b.prefHeight(-1) + role);
            }
        }
        return fullHeight;
    }

    /** The height of the tallest host box as now laid out (without its role line in the compact form). */
    private double compactBoxHeight() {
        double h = 0;
        for (VBox b : nodes.values()) {
            h = Math.max(h, b.prefHeight(-1));
        }
        return h;
    }

    private double box0Height() {
        double h = 0;
        for (HostLayout.Place p : places) {
            if (p.row() == 0) {
                h = Math.max(h, nodes.get(p.host()).prefHeight(-1));
            }
        }
        return h;
    }

    private void layoutOrgs(double colW) {
        for (int i = 0; i < orgs.getChildren().size(); i += 2) {
            Rectangle r = (Rectangle) orgs.getChildren().get(i);
            Label l = (Label) orgs.getChildren().get(i + 1);
            MapModel.Organisation o = (MapModel.Organisation) r.getUserData();
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (String h : o.hosts()) {
                VBox b = nodes.get(h);
                int col = (int) Math.floor((b.getLayoutX() + b.getWidth() / 2) / colW);
                minX = Math.min(minX, col * colW + 2);
                maxX = Math.max(maxX, (col + 1) * colW - 2);
                minY = Math.min(minY, b.getLayoutY());
                maxY = Math.max(maxY, b.getLayoutY() + b.getHeight());
            }
            double lh = l.prefHeight(-1);
            double lw = Math.min(l.prefWidth(-1), maxX - minX - 8);
            double topY = minY - lh - 2;
            boolean below = false;
            for (Map.Entry<String, VBox> en : nodes.entrySet()) {
                VBox b = en.getValue();
                if (!o.hosts().contains(en.getKey())
                        && b.getBoundsInParent().intersects(minX + 6, topY + 1, lw, lh)) {
                    below = true; // the name would cover another organisation's host: it goes under the hosts
                }
            }
            double bottomY = below ? maxY + lh + 3 : maxY + 5;
            topY = below ? minY - 5 : topY;
            r.setX(minX);
            r.setY(topY);
            r.setWidth(maxX - minX);
            r.setHeight(bottomY - topY);
            l.resizeRelocate(minX + 6, below ? maxY + 2 : topY + 1, lw, lh);
        }
    }

    private MapLabels placed = new MapLabels(0, 0, 0, 0);

    /**
     * Puts each link's label beside its line (the packet runs along the line), at the middle or further along, or,
     * where that would cover a host, a name or another label, below or above the two hosts it joins (MapLabels).
     */
    private void layoutLabels(double w, double h, double top) {
        placed = new MapLabels(0, top, w, h);
        for (VBox b : nodes.values()) {
            placed.box(new BoundingBox(b.getLayoutX(), b.getLayoutY(), b.getWidth(), b.getHeight()));
        }
        for (int i = 1; i < orgs.getChildren().size(); i += 2) {
            placed.solid(orgs.getChildren().get(i).getBoundsInParent()); // the organisations' names
        }
        for (Line l : lines.values()) {
            placed.line(l.getStartX(), l.getStartY(), l.getEndX(), l.getEndY());
        }
        for (Node n : labels.getChildren()) {
            Label t = (Label) n;
            org.mailtrail.timeline.HostLinks.Link link = (org.mailtrail.timeline.HostLinks.Link) t.getUserData();
            Line l = lines.get(link.key());
            VBox a = nodes.get(link.from());
            VBox b = nodes.get(link.to());
            double tw = t.prefWidth(-1);
            double th = t.prefHeight(-1);
            double mx = (l.getStartX() + l.getEndX()) / 2;
            double bottom = Math.max(a.getLayoutY() + a.getHeight(), b.getLayoutY() + b.getHeight());
            double topEdge = Math.min(a.getLayoutY(), b.getLayoutY());
            List<double[]> tries = MapLabels.beside(l.getStartX(), l.getStartY(), l.getEndX(), l.getEndY(), tw, th);
            tries.add(new double[] {mx - tw / 2, bottom + 2});
            tries.add(new double[] {mx - tw / 2, topEdge - th - 2});
            for (VBox end : new VBox[] {a, b}) { // beside either host, level with its top, middle or bottom
                for (double y : new double[] {end.getLayoutY(), cy(end) - th / 2, end.getLayoutY() + end.getHeight()
                        - th}) {
                    tries.add(new double[] {end.getLayoutX() - tw - 3, y});
                    tries.add(new double[] {end.getLayoutX() + end.getWidth() + 3, y});
                }
            }
            double[] chosen = placed.place(tw, th, tries);
            t.resizeRelocate(Math.round(chosen[0]), Math.round(chosen[1]), tw, th);
        }
    }

    static double cx(Region b) {
        return b.getLayoutX() + b.getWidth() / 2;
    }

    static double cy(Region b) {
        return b.getLayoutY() + b.getHeight() / 2;
    }

    /** One legend entry: a small sample (a box, a line) and what it means. */
    static HBox legendItem(Node sample, String text) {
        Label l = new Label(text);
        l.getStyleClass().add("legend-text");
        HBox item = new HBox(4, sample, l);
        item.setAlignment(Pos.CENTER_LEFT);
        item.getStyleClass().add("legend-item");
        return item;
    }

    /** A sample box with the given style classes (a role's colour, a host's border). */
    static Region legendBox(String... styleClasses) {
        Region r = new Region();
        r.getStyleClass().add("legend-box");
        r.getStyleClass().addAll(styleClasses);
        r.setMinSize(18, 12);
        r.setPrefSize(18, 12);
        r.setMaxSize(18, 12);
        return r;
    }

    /** A sample line with the given style classes. */
    static Line legendLine(String... styleClasses) {
        Line l = new Line(0, 0, 22, 0);
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    /** An empty legend, wrapping its entries; the owner fills it. */
    static FlowPane legend(String id, ResourceBundle ui) {
        FlowPane f = new FlowPane(10, 2);
        f.setId(id);
        f.getStyleClass().add("map-legend");
        f.setAccessibleText(ui.getString("map.legend.accessible"));
        return f;
    }

    /** The legend's entry for the roles' colours: a swatch of each, named as on the hosts' boxes. */
    static List<Node> roleEntries(ResourceBundle ui) {
        HBox swatches = new HBox(1);
        swatches.setAlignment(Pos.CENTER_LEFT);
        for (String role : new String[] {"mua", "submission", "relay", "mx", "mailbox", "dns"}) {
            Region r = legendBox("host", "role-" + role);
            r.setMinWidth(8);
            r.setPrefWidth(8);
            r.setMaxWidth(8);
            swatches.getChildren().add(r);
        }
        HBox item = legendItem(swatches, ui.getString("map.legend.roles"));
        item.getStyleClass().add("legend-roles");
        return List.of(item);
    }

    /** The legend's entries for organisations and link labels. */
    static List<Node> orgEntries(ResourceBundle ui) {
        Rectangle org = new Rectangle(20, 12);
        org.setArcWidth(6);
        org.setArcHeight(6);
        org.getStyleClass().add("org-box");
        Label sample = new Label("SMTP 25");
        sample.getStyleClass().add("link-label");
        return List.of(legendItem(org, ui.getString("map.legend.org")),
                legendItem(sample, ui.getString("map.legend.linkLabel")));
    }
}

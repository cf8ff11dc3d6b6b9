package org.mailtrail.app.view;

import static org.mailtrail.app.view.MapDrawing.cx;
import static org.mailtrail.app.view.MapDrawing.cy;

import java.util.Map;
import javafx.animation.TranslateTransition;
import javafx.css.PseudoClass;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.util.Duration;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.MapModel;
import org.mailtrail.app.model.MxArrows;
import org.mailtrail.app.model.MessageAtStep;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The network map: the journey's hosts by role, grouped in boxes by organisation (domain), the links labelled with
 * protocol and port ({@link MapModel}), the link of the current step lit, a packet moving along it, the hosts that
 * hold the message marked, and a legend ({@code #mapLegend}) of what the colours, borders and lines mean. States are
 * CSS pseudo-classes. While a lesson is under way only the links the journey has used up to the step shown are drawn:
 * the others would show where the mail goes next (a tester saw mail→mx2 drawn at step 1 of "MX preference and
 * backup", before the class is asked where it goes when mx1 refuses).
 */
public final class NetworkMapView extends Region {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass HELD = PseudoClass.getPseudoClass("held");
    private static final PseudoClass HOLDER = PseudoClass.getPseudoClass("holder");
    /** A host the lesson's checkpoint is about (docs/lessons.md, {@code highlight:}). */
    private static final PseudoClass LESSON = PseudoClass.getPseudoClass("lesson");
    private static final PseudoClass TRANSIENT = PseudoClass.getPseudoClass("transient-failure");
    private static final PseudoClass PERMANENT = PseudoClass.getPseudoClass("permanent-failure");

    private final MainViewModel main;
    private final SessionViewModel session;
    private final MapDrawing drawing = new MapDrawing();
    private final MxArrowDrawing mx = new MxArrowDrawing();
    private final Line active = new Line();
    private final Circle packet = new Circle(7);
    private final Map<String, VBox> nodes = drawing.nodes();
    /** The drawing (hosts, links, labels, arrows, packet), drawn smaller where it does not fit (layoutChildren). */
    private final javafx.scene.Group content = new javafx.scene.Group();
    private final javafx.scene.layout.FlowPane legend;
    /** A lesson under way: no host is drawn as down (the class is to find out). */
    private final javafx.beans.binding.BooleanBinding secretsKept;
    /** A lesson asks who holds the message: no host is marked as holding it until it is answered. */
    private final javafx.beans.binding.BooleanBinding holderAsked;
    private HostLayout layout;
    /** The world whose MX arrows {@link #arrows} holds. */
    private org.mailtrail.world.World arrowsOf;
    private java.util.List<MxArrows.Arrow> arrows = java.util.List.of();
    private TranslateTransition move;

    public NetworkMapView(MainViewModel main, java.util.ResourceBundle ui, ViewScope scope) {
        this.main = main;
        this.session = main.session();
        setId("networkMap");
        getStyleClass().add("network-map");
        setAccessibleText("Network map: the hosts of the journey and the current step");
        active.getStyleClass().add("active-link");
        packet.getStyleClass().add("packet");
        active.setVisible(false);
        packet.setVisible(false);
        packet.setManaged(false);
        active.setManaged(false);
        legend = legend(ui);
        drawing.texts(ui);
        mx.texts(ui);
        content.getChildren().addAll(drawing.orgs(), drawing.links(), mx.group(), active, packet, drawing.labels());
        content.setAutoSizeChildren(false); // the drawing sizes the host boxes itself
        getChildren().addAll(content, legend);
        setMinSize(300, 140); // drawn smaller below its preferred height (layoutChildren): the tabs below keep room
        scope.listen(session.journeyProperty(), (o, a, j) -> rebuild(j));
        scope.listen(session.stepProperty(), (o, a, s) -> showStep());
        scope.listen(main.lessons().highlighted(), (javafx.collections.ListChangeListener<String>) c -> lightLesson());
        scope.listen(main.worldProperty(), (o, a, w) -> rebuild(session.journeyProperty().get()));
        scope.listen(session.resultProperty(), (o, a, r) -> buildMx()); // the arrows belong to the session's world
        secretsKept = org.mailtrail.app.model.LessonSecrets.kept(main.lessons());
        scope.listen(secretsKept, (o, a, k) -> {
            buildMx();
            showStep();
        });
        holderAsked = org.mailtrail.app.model.LessonSecrets.holderAsked(main.lessons());
        scope.listen(holderAsked, (o, a, k) -> showStep());
        rebuild(session.journeyProperty().get());
    }

    /** What the colours, borders and lines of the map mean. */
    private static javafx.scene.layout.FlowPane legend(java.util.ResourceBundle ui) {
        javafx.scene.layout.FlowPane f = MapDrawing.legend("mapLegend", ui);
        f.getChildren().addAll(MapDrawing.roleEntries(ui));
        javafx.scene.layout.Region current = MapDrawing.legendBox("host");
        current.pseudoClassStateChanged(CURRENT, true);
        javafx.scene.layout.Region holder = MapDrawing.legendBox("host");
        holder.pseudoClassStateChanged(HOLDER, true);
        javafx.scene.layout.Region held = MapDrawing.legendBox("host");
        held.pseudoClassStateChanged(HELD, true);
        Line transientLine = MapDrawing.legendLine("active-link");
        transientLine.pseudoClassStateChanged(TRANSIENT, true);
        Line failed = MapDrawing.legendLine("active-link");
        failed.pseudoClassStateChanged(PERMANENT, true);
        Circle dot = new Circle(5);
        dot.getStyleClass().add("packet");
        f.getChildren().addAll(
                MapDrawing.legendItem(current, ui.getString("map.legend.current")),
                MapDrawing.legendItem(holder, ui.getString("map.legend.holder")),
                MapDrawing.legendItem(held, ui.getString("map.legend.held")),
                MapDrawing.legendItem(MapDrawing.legendLine("active-link"), ui.getString("map.legend.active")),
                MapDrawing.legendItem(dot, ui.getString("map.legend.packet")),
                MapDrawing.legendItem(transientLine, ui.getString("map.legend.transient")),
                MapDrawing.legendItem(failed, ui.getString("map.legend.permanent")));
        f.getChildren().addAll(MapDrawing.orgEntries(ui));
        f.getChildren().addAll(mxEntries(ui));
        return f;
    }

    /** The legend's entries for the MX arrows: a dashed arrow with its preference, and a crossed grey one. */
    private static java.util.List<javafx.scene.Node> mxEntries(java.util.ResourceBundle ui) {
        Line line = MapDrawing.legendLine("mx-arrow-line");
        javafx.scene.control.Label pref = new javafx.scene.control.Label("MX 10");
        pref.getStyleClass().add("mx-label");
        javafx.scene.layout.HBox sample = new javafx.scene.layout.HBox(2, line, pref);
        sample.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        sample.getStyleClass().add("mx-arrow");
        Line down = MapDrawing.legendLine("mx-arrow-line");
        Line cross = new Line(6, -5, 16, 5);
        cross.getStyleClass().add("mx-cross");
        javafx.scene.Group crossed = new javafx.scene.Group(down, cross);
        crossed.getStyleClass().addAll("mx-arrow", "mx-down");
        javafx.scene.layout.HBox mxItem = MapDrawing.legendItem(sample, ui.getString("map.legend.mx"));
        mxItem.setId("mapLegendMx");
        return java.util.List.of(mxItem, MapDrawing.legendItem(crossed, ui.getString("map.legend.mxDown")));
    }

    private void rebuild(Journey j) {
        content.getChildren().removeAll(nodes.values());
        drawing.clear();
        mx.clear();
        org.mailtrail.world.World w = main.worldProperty().get();
        var result = session.resultProperty().get();
        if (j == null && (w == null || result != null)) {
            layout = null;
            active.setVisible(false);
            packet.setVisible(false);
            return;
        }
        if (j == null) { // before any run: the world's hosts by role and its MX arrows, so that edits show at once
            active.setVisible(false);
            packet.setVisible(false);
            java.util.Set<String> all = MapModel.previewHosts(w, arrows(w));
            String sender = w.hosts().stream().filter(h -> w.defaults().from().equalsIgnoreCase(h.user()))
                    .map(org.mailtrail.world.Host::name).findFirst().orElse("");
            layout = HostLayout.of(org.mailtrail.engine.SimulationEngine.info(w), java.util.List.of(), sender, all)
                    .moved(cells(w));
            content.getChildren().addAll(content.getChildren().indexOf(mx.group()), drawing.build(layout,
                    java.util.List.of()));
        } else {
            String sender = j.timeline().size() == 0 ? "" : j.timeline().get(0).source();
            // every exchanger of a domain on the map, also one the journey did not reach (a tester)
            java.util.Set<String> more = sameWorld(w, result) ? MapModel.exchangersOf(j.timeline().events(), w,
                    arrows(w)) : java.util.Set.of();
            layout = HostLayout.of(result == null ? null : result.info(), j.timeline().events(), sender, more)
                    .moved(cells(w));
            // the hosts go between the links and the MX arrows (whose labels, where no free place is left, are
            // then read over a host rather than hidden under it) and the link labels
            content.getChildren().addAll(content.getChildren().indexOf(mx.group()),
                    drawing.build(layout, org.mailtrail.timeline.HostLinks.links(j.timeline().events())));
        }
        buildMx();
        nodes.forEach(this::draggable);
        requestLayout();
        showStep();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        // the legend takes at most a third of the map: at the largest fonts it is drawn smaller (laid out wider, so
        // in fewer lines) rather than leaving the hosts a strip to be squeezed into
        double ls = 1;
        double lh = legend.prefHeight(w - 8);
        for (int i = 0; i < 3 && lh * ls > h / 3; i++) {
            ls = Math.max(0.5, ls * (h / 3) / (lh * ls));
            lh = legend.prefHeight((w - 8) / ls);
        }
        legend.resizeRelocate(4, h - lh * ls - 2, (w - 8) / ls, lh);
        legend.getTransforms().setAll(new javafx.scene.transform.Scale(ls, ls, 0, 0));
        lh = lh * ls;
        if (layout == null) {
            return;
        }
        // where the hosts and their labels need more height than the map has (the largest font in a small window),
        // the drawing is laid out in the height it needs and drawn smaller, rather than its boxes overlapping
        double room = Math.max(60, h - lh - 6);
        double need = drawing.layout(w, room, 0);
        double scale = need > room ? room / need : 1;
        if (scale < 1) {
            drawing.layout(w / scale, need, 0);
        }
        content.getTransforms().setAll(new javafx.scene.transform.Scale(scale, scale));
        mx.layout(nodes, drawing.orgs(), drawing.placed());
        placeActive();
        settlePacket();
    }

    /**
     * A packet that has arrived waits at its host when the map is laid out anew (a resize, the focus
     * layout), and a map made mid-session (another language) shows it there once its hosts have places.
     */
    private void settlePacket() {
        if (move != null && move.getStatus() == javafx.animation.Animation.Status.RUNNING) {
            return;
        }
        TimelineEvent e = session.currentProperty().get();
        VBox a = e == null ? null : nodes.get(e.source());
        VBox b = e == null ? null : nodes.get(e.destination());
        boolean link = a != null && b != null && a != b;
        packet.setVisible(link);
        if (link) {
            double[] at = border(b, a);
            packet.setTranslateX(at[0]);
            packet.setTranslateY(at[1]);
        }
    }

    /** Just inside the border, so that the packet at rest is still within its host's box. */
    private static final double INSIDE = 0.97;

    /**
     * Where the line from the centre of {@code box} towards the centre of {@code other} leaves {@code box}: the lit
     * link and the packet run from border to border, so that neither covers a host's name (a tester saw "m●il").
     */
    static double[] border(Region box, Region other) {
        double x = cx(box);
        double y = cy(box);
        double dx = cx(other) - x;
        double dy = cy(other) - y;
        double tx = dx == 0 ? Double.POSITIVE_INFINITY : (box.getWidth() / 2) / Math.abs(dx);
        double ty = dy == 0 ? Double.POSITIVE_INFINITY : (box.getHeight() / 2) / Math.abs(dy);
        double t = Math.min(1, Math.min(tx, ty) * INSIDE);
        return new double[] {x + dx * t, y + dy * t};
    }

    /** The cells the world's {@code layout:} gives its hosts (docs/worlds.md), host → {column, row}. */
    public static Map<String, int[]> cells(org.mailtrail.world.World w) {
        Map<String, int[]> out = new java.util.HashMap<>();
        if (w != null) {
            w.layout().forEach((h, p) -> out.put(h, new int[] {p.column(), p.row()}));
        }
        return out;
    }

    /**
     * A host box follows the mouse while dragged; dropped, the host goes into the cell of the grid under the box's
     * centre, as an edit of the world (WorldEditorViewModel#moveHost: undoable, marks the world modified).
     */
    private void draggable(String host, VBox box) {
        double[] from = new double[2];
        box.setOnMousePressed(e -> {
            from[0] = e.getSceneX();
            from[1] = e.getSceneY();
        });
        box.setOnMouseDragged(e -> {
            box.setTranslateX(e.getSceneX() - from[0]);
            box.setTranslateY(e.getSceneY() - from[1]);
            if (!box.getStyleClass().contains("dragging")) {
                box.getStyleClass().add("dragging");
            }
        });
        box.setOnMouseReleased(e -> {
            boolean moved = box.getStyleClass().remove("dragging");
            double x = cx(box) + box.getTranslateX();
            double y = cy(box) + box.getTranslateY();
            box.setTranslateX(0);
            box.setTranslateY(0);
            if (moved) {
                int[] cell = drawing.freeCell(host, drawing.cellAt(x, y));
                main.editor().moveHost(host, cell[0], cell[1]);
            }
        });
    }

    /** The world's MX arrows, worked out once per world (the map is rebuilt at each journey and step of a lesson). */
    private java.util.List<MxArrows.Arrow> arrows(org.mailtrail.world.World w) {
        if (w != arrowsOf) {
            arrowsOf = w;
            arrows = w == null ? java.util.List.of() : MxArrows.of(w);
        }
        return arrows;
    }

    /**
     * Whether the session shown ran in the world shown (none shown: the world itself is): the same name and the same
     * hosts with the same roles as the session recorded. A world edited since (a host added or removed, under the
     * same name) is another world: an opened session then gets no MX arrows and no hosts it did not record, rather
     * than those of the world in the window (tester finding: the map kept another world's arrows and hosts).
     */
    private static boolean sameWorld(org.mailtrail.world.World w, org.mailtrail.engine.SimulationResult r) {
        return w != null && (r == null || w.name().equals(r.info().name())
                && ("simulation".equals(r.info().mode()) || "lab".equals(r.info().mode()))
                && roles(org.mailtrail.engine.SimulationEngine.info(w)).equals(roles(r.info())));
    }

    /** Host name → role, as a session records them. */
    private static Map<String, String> roles(org.mailtrail.timeline.SessionInfo info) {
        Map<String, String> out = new java.util.HashMap<>();
        info.hosts().values().forEach(h -> out.put(h.name(), h.role()));
        return out;
    }

    /** The MX arrows of the world's domains whose organisation and exchanger are on the map (docs/worlds.md). */
    private void buildMx() {
        org.mailtrail.world.World w = main.worldProperty().get();
        var r = session.resultProperty().get();
        // only the records of the world the shown session ran in (a lesson's other scenario, an opened log or a
        // capture ran elsewhere: no arrows rather than another world's)
        boolean same = sameWorld(w, r);
        java.util.List<MxArrows.Arrow> shown = same ? arrows(w) : java.util.List.of();
        if (secretsKept != null && secretsKept.get()) {
            shown = shown.stream().map(x -> new MxArrows.Arrow(x.domain(), x.host(), x.preference(), x.rank(), false))
                    .toList();
        }
        mx.build(shown, nodes, drawing.orgs());
        requestLayout();
    }

    /** The MX arrows drawn: for tests. */
    public java.util.List<MxArrows.Arrow> mxArrows() {
        return mx.shown();
    }

    /** The texts on the links shown, by pair of hosts ({@code a|b}): for tests. */
    public Map<String, String> linkLabels() {
        Map<String, String> out = new java.util.HashMap<>(drawing.labelTexts());
        out.keySet().removeIf(k -> drawing.line(k) == null || !drawing.line(k).isVisible());
        return out;
    }

    /** During a lesson, the links used up to the step shown; every link of the journey otherwise. */
    private void showReached() {
        boolean keep = secretsKept != null && secretsKept.get();
        Map<String, org.mailtrail.timeline.HostLinks.Link> reached = new java.util.HashMap<>();
        if (keep) {
            java.util.List<TimelineEvent> seen = session.events();
            int upTo = Math.max(0, Math.min(session.stepProperty().get() + 1, seen.size()));
            org.mailtrail.timeline.HostLinks.links(seen.subList(0, upTo)).forEach(l -> reached.put(l.key(), l));
        }
        for (javafx.scene.Group g : java.util.List.of(drawing.links(), drawing.labels())) {
            for (javafx.scene.Node n : g.getChildren()) {
                org.mailtrail.timeline.HostLinks.Link l = n.getUserData() instanceof org.mailtrail.timeline.HostLinks.Link
                        k ? k : null;
                n.setVisible(!keep || l != null && reached.containsKey(l.key()));
                // the label names only the protocols used so far ("SMTP 587", not "SMTP 587, IMAP 143" before the
                // bounce is fetched: a tester saw the later IMAP on the link during "When delivery fails")
                if (n instanceof javafx.scene.control.Label t && l != null) {
                    org.mailtrail.timeline.HostLinks.Link now = keep ? reached.get(l.key()) : l;
                    t.setText(now == null || now.label().isEmpty() ? l.label() : now.label());
                }
            }
        }
    }

    private void showStep() {
        TimelineEvent e = session.currentProperty().get();
        // the same computation as the message inspector's: the host highlighted is the host whose copy it shows
        MessageAtStep.Holders holders = holderAsked != null && holderAsked.get()
                ? new MessageAtStep.Holders(java.util.Set.of(), "")
                : MessageAtStep.holders(session.events(), session.stepProperty().get());
        for (Map.Entry<String, VBox> en : nodes.entrySet()) {
            VBox box = en.getValue();
            String host = en.getKey();
            box.pseudoClassStateChanged(HELD, holders.held().contains(host));
            box.pseudoClassStateChanged(HOLDER, holders.current().equals(host));
            boolean involved = e != null && (e.source().equals(host) || e.destination().equals(host));
            box.pseudoClassStateChanged(CURRENT, involved);
        }
        lightLesson();
        showReached();
        placeActive();
        animate();
    }

    private void lightLesson() {
        var lit = main.lessons().highlighted();
        nodes.forEach((host, box) -> box.pseudoClassStateChanged(LESSON, lit.contains(host)));
    }

    /** The hosts lit for the lesson's checkpoint: for tests. */
    public java.util.List<String> litForLesson() {
        return nodes.entrySet().stream().filter(en -> en.getValue().getPseudoClassStates().contains(LESSON))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private void placeActive() {
        TimelineEvent e = session.currentProperty().get();
        VBox a = e == null ? null : nodes.get(e.source());
        VBox b = e == null ? null : nodes.get(e.destination());
        boolean link = a != null && b != null && a != b;
        active.setVisible(link);
        if (link) {
            double[] from = border(a, b);
            double[] to = border(b, a);
            active.setStartX(from[0]);
            active.setStartY(from[1]);
            active.setEndX(to[0]);
            active.setEndY(to[1]);
            boolean failed = e.kind() == EventKind.TCP_FAILED || e.kind() == EventKind.PROTOCOL_ERROR;
            String code = e.detail(Details.CODE);
            active.pseudoClassStateChanged(TRANSIENT, code.startsWith("4"));
            active.pseudoClassStateChanged(PERMANENT, failed || code.startsWith("5"));
        }
    }

    private void animate() {
        TimelineEvent e = session.currentProperty().get();
        VBox a = e == null ? null : nodes.get(e.source());
        VBox b = e == null ? null : nodes.get(e.destination());
        if (move != null) {
            move.stop();
        }
        if (a == null || b == null || a == b || a.getWidth() == 0 || b.getWidth() == 0) {
            packet.setVisible(false); // no link, or not laid out yet
            return;
        }
        packet.setVisible(true);
        packet.setLayoutX(0);
        packet.setLayoutY(0);
        double[] from = border(a, b);
        double[] to = border(b, a);
        packet.setTranslateX(from[0]);
        packet.setTranslateY(from[1]);
        move = new TranslateTransition(Duration.millis(Math.max(80, 600 / Math.max(1, session.speedProperty().get()))),
                packet);
        move.setFromX(from[0]);
        move.setFromY(from[1]);
        move.setToX(to[0]);
        move.setToY(to[1]);
        // the map may be laid out anew while the packet travels (a resize, the focus layout): it then waits where
        // its host is now, not where the host was when it set off
        move.setOnFinished(ev -> settlePacket());
        move.play();
    }
}

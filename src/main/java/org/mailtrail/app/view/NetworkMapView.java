package org.mailtrail.app.view;

import java.util.HashMap;
import java.util.Map;
import javafx.animation.TranslateTransition;
import javafx.css.PseudoClass;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.util.Duration;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.app.model.MainViewModel;
import org.mailtrail.app.model.MessageAtStep;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The network map: the journey's hosts by role, the link of the current step lit, a packet moving
 * along it, and the hosts that hold the message marked. States are CSS pseudo-classes.
 */
public final class NetworkMapView extends Region {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass HELD = PseudoClass.getPseudoClass("held");
    private static final PseudoClass HOLDER = PseudoClass.getPseudoClass("holder");
    private static final PseudoClass TRANSIENT = PseudoClass.getPseudoClass("transient-failure");
    private static final PseudoClass PERMANENT = PseudoClass.getPseudoClass("permanent-failure");

    private final MainViewModel main;
    private final SessionViewModel session;
    private final Group links = new Group();
    private final Line active = new Line();
    private final Circle packet = new Circle(7);
    private final Map<String, VBox> nodes = new HashMap<>();
    private HostLayout layout;
    private TranslateTransition move;

    public NetworkMapView(MainViewModel main, ViewScope scope) {
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
        getChildren().addAll(links, active, packet);
        setMinSize(300, 200);
        scope.listen(session.journeyProperty(), (o, a, j) -> rebuild(j));
        scope.listen(session.stepProperty(), (o, a, s) -> showStep());
        rebuild(session.journeyProperty().get());
    }

    private void rebuild(Journey j) {
        getChildren().removeAll(nodes.values());
        nodes.clear();
        links.getChildren().clear();
        if (j == null) {
            layout = null;
            active.setVisible(false);
            packet.setVisible(false);
            return;
        }
        String sender = j.timeline().size() == 0 ? "" : j.timeline().get(0).source();
        var result = session.resultProperty().get();
        layout = HostLayout.of(result == null ? null : result.info(), j.timeline().events(), sender);
        for (HostLayout.Place p : layout.places()) {
            String[] lines = HostLayout.nameLines(p.host());
            Label name = new Label(lines[0]);
            name.getStyleClass().add("host-name");
            Label domain = new Label(lines[1]);
            domain.getStyleClass().add("host-domain");
            Label role = new Label(p.role().toUpperCase(java.util.Locale.ROOT));
            role.getStyleClass().add("host-role");
            VBox box = new VBox(role, name, domain);
            box.getStyleClass().addAll("host", "role-" + p.role());
            box.setAccessibleText(p.role() + " " + p.host());
            box.setUserData(p.host());
            nodes.put(p.host(), box);
            getChildren().add(box);
        }
        createLinks();
        requestLayout();
        showStep();
    }

    @Override
    protected void layoutChildren() {
        if (layout == null) {
            return;
        }
        double w = getWidth();
        double h = getHeight();
        double colW = w / layout.columns();
        double rowH = h / Math.max(2, layout.rows());
        for (HostLayout.Place p : layout.places()) {
            VBox box = nodes.get(p.host());
            double bw = Math.min(colW - 8, box.prefWidth(-1));
            double bh = box.prefHeight(bw);
            double x = colW * p.column() + (colW - bw) / 2;
            double y = rowH * p.row() + (rowH - bh) / 2;
            box.resizeRelocate(x, y, bw, bh);
        }
        drawLinks();
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
            packet.setTranslateX(cx(b));
            packet.setTranslateY(cy(b));
        }
    }

    private double cx(VBox b) {
        return b.getLayoutX() + b.getWidth() / 2;
    }

    private double cy(VBox b) {
        return b.getLayoutY() + b.getHeight() / 2;
    }

    /** One line per pair of hosts that exchange anything; made once per journey, moved on layout. */
    private void createLinks() {
        links.getChildren().clear();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TimelineEvent e : session.events()) {
            if (e.source().equals(e.destination())) {
                continue;
            }
            String key = e.source().compareTo(e.destination()) < 0 ? e.source() + "|" + e.destination()
                    : e.destination() + "|" + e.source();
            if (nodes.containsKey(e.source()) && nodes.containsKey(e.destination()) && seen.add(key)) {
                Line l = new Line();
                l.getStyleClass().add("link");
                l.setUserData(new String[] {e.source(), e.destination()});
                links.getChildren().add(l);
            }
        }
    }

    /** Moves the lines to the hosts' places; changes no children, so layout does not start again. */
    private void drawLinks() {
        for (javafx.scene.Node n : links.getChildren()) {
            Line l = (Line) n;
            String[] ends = (String[]) l.getUserData();
            VBox a = nodes.get(ends[0]);
            VBox b = nodes.get(ends[1]);
            l.setStartX(cx(a));
            l.setStartY(cy(a));
            l.setEndX(cx(b));
            l.setEndY(cy(b));
        }
    }

    private void showStep() {
        TimelineEvent e = session.currentProperty().get();
        // the same computation as the message inspector's: the host highlighted is the host whose copy it shows
        MessageAtStep.Holders holders = MessageAtStep.holders(session.events(), session.stepProperty().get());
        for (Map.Entry<String, VBox> en : nodes.entrySet()) {
            VBox box = en.getValue();
            String host = en.getKey();
            box.pseudoClassStateChanged(HELD, holders.held().contains(host));
            box.pseudoClassStateChanged(HOLDER, holders.current().equals(host));
            boolean involved = e != null && (e.source().equals(host) || e.destination().equals(host));
            box.pseudoClassStateChanged(CURRENT, involved);
        }
        placeActive();
        animate();
    }

    private void placeActive() {
        TimelineEvent e = session.currentProperty().get();
        VBox a = e == null ? null : nodes.get(e.source());
        VBox b = e == null ? null : nodes.get(e.destination());
        boolean link = a != null && b != null && a != b;
        active.setVisible(link);
        if (link) {
            active.setStartX(cx(a));
            active.setStartY(cy(a));
            active.setEndX(cx(b));
            active.setEndY(cy(b));
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
        packet.setTranslateX(cx(a));
        packet.setTranslateY(cy(a));
        move = new TranslateTransition(Duration.millis(Math.max(80, 600 / Math.max(1, session.speedProperty().get()))),
                packet);
        move.setFromX(cx(a));
        move.setFromY(cy(a));
        move.setToX(cx(b));
        move.setToY(cy(b));
        move.play();
    }
}

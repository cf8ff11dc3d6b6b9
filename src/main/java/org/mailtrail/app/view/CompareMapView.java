package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import javafx.scene.Group;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import org.mailtrail.app.model.RouteComparison;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.HostLayout;

/**
 * The Compare tab's map: the hosts of both routes on one map, and each route's path (the links it uses) drawn in its
 * own colour over the grey links, side by side where both routes use a link. The relay sits below the row of the
 * other hosts, so that the direct link from the sender's server to the MX passes above it.
 */
public final class CompareMapView extends Region {
    private final ResourceBundle ui;
    private final MapDrawing drawing = new MapDrawing();
    private final Group paths = new Group();
    private final FlowPane legend;
    private final List<Set<String>> routePaths = new ArrayList<>();
    private final List<String> routeIds = new ArrayList<>();

    public CompareMapView(ResourceBundle ui) {
        this.ui = ui;
        drawing.texts(ui);
        setId("compareMap");
        getStyleClass().addAll("network-map", "compare-map");
        setAccessibleText(ui.getString("compare.map.accessible"));
        paths.setManaged(false);
        paths.setMouseTransparent(true);
        legend = MapDrawing.legend("compareMapLegend", ui);
        getChildren().addAll(drawing.orgs(), drawing.links(), paths, drawing.labels(), legend);
        setMinSize(360, 220);
        setPrefSize(620, 300);
    }

    /** Shows the journeys of a result (nothing for none). */
    public void show(SimulationResult r) {
        getChildren().removeAll(drawing.nodes().values());
        drawing.clear();
        paths.getChildren().clear();
        routePaths.clear();
        routeIds.clear();
        legend.getChildren().clear();
        if (r == null || r.journeys().isEmpty()) {
            return;
        }
        RouteComparison c = new RouteComparison(r.journeys());
        List<Journey> js = c.journeys();
        var events = c.allEvents();
        String sender = events.isEmpty() ? "" : events.get(0).source();
        HostLayout layout = HostLayout.of(r.info(), events, sender);
        getChildren().addAll(getChildren().indexOf(drawing.labels()), drawing.build(layout, c.links(), true));
        routePaths.addAll(c.paths());
        for (int i = 0; i < js.size(); i++) {
            String id = js.get(i).route().name().toLowerCase(Locale.ROOT);
            routeIds.add(id);
            for (String key : routePaths.get(i)) {
                if (drawing.line(key) != null) {
                    Line l = new Line();
                    l.getStyleClass().addAll("route-path", "route-" + id);
                    l.setUserData(key);
                    paths.getChildren().add(l);
                }
            }
            String meaning = text("compare.legend." + id);
            legend.getChildren().add(MapDrawing.legendItem(MapDrawing.legendLine("route-path", "route-" + id),
                    meaning.isEmpty() ? ui.getString("route." + id) : meaning));
        }
        legend.getChildren().addAll(MapDrawing.orgEntries(ui));
        requestLayout();
    }

    private String text(String key) {
        return ui.containsKey(key) ? ui.getString(key) : "";
    }

    /** The links each route's path is drawn on, by route ({@code direct}, {@code relay}): for tests. */
    public java.util.Map<String, Set<String>> pathsShown() {
        java.util.Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        for (javafx.scene.Node n : paths.getChildren()) {
            for (String id : routeIds) {
                if (n.getStyleClass().contains("route-" + id)) {
                    out.computeIfAbsent(id, k -> new java.util.LinkedHashSet<>()).add((String) n.getUserData());
                }
            }
        }
        return out;
    }

    /** The texts on the links, by pair of hosts ({@code a|b}): for tests. */
    public java.util.Map<String, String> linkLabels() {
        return drawing.labelTexts();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double lh = legend.prefHeight(w - 8);
        legend.resizeRelocate(4, h - lh - 2, w - 8, lh);
        if (drawing.isEmpty()) {
            return;
        }
        drawing.layout(w, Math.max(60, h - lh - 6), 0);
        for (javafx.scene.Node n : paths.getChildren()) {
            Line p = (Line) n;
            String key = (String) p.getUserData();
            Line l = drawing.line(key);
            int shared = 0;
            int index = 0;
            for (int i = 0; i < routePaths.size(); i++) {
                if (routePaths.get(i).contains(key)) {
                    if (p.getStyleClass().contains("route-" + routeIds.get(i))) {
                        index = shared;
                    }
                    shared++;
                }
            }
            // a link both routes use carries two lines side by side
            double offset = shared < 2 ? 0 : (index - (shared - 1) / 2.0) * 5;
            double dx = l.getEndX() - l.getStartX();
            double dy = l.getEndY() - l.getStartY();
            double len = Math.max(1, Math.hypot(dx, dy));
            double ox = -dy / len * offset;
            double oy = dx / len * offset;
            p.setStartX(l.getStartX() + ox);
            p.setStartY(l.getStartY() + oy);
            p.setEndX(l.getEndX() + ox);
            p.setEndY(l.getEndY() + oy);
        }
    }

    @Override
    protected double computePrefHeight(double width) {
        return 300;
    }
}

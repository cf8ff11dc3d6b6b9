package org.mailtrail.app.view;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.RouteComparison;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Relay and direct side by side and in step (step n of each): a table of figures (hops, TCP connections, DNS queries,
 * SMTP round trips, Received: lines, time in transport, who looks up the MX) with the rows where the routes differ
 * highlighted, both routes' paths on one network map, and each route's steps. The whole view scrolls.
 *
 * <p>While a lesson is under way ({@link #keepBack}) the figures, the map, the ladders and the lanes are held back
 * and a note says they appear once the lesson's questions are answered: they show the whole of both journeys, the
 * commands and replies a checkpoint asks for included (a tester read MAIL FROM and RCPT TO here before "which
 * command does her laptop send next?"). When the lesson is finished or ended they are made again.
 */
public final class CompareView extends ScrollPane {
    private final SessionViewModel session;
    private final ResourceBundle ui;
    private final GridPane summary = new GridPane();
    private final VBox figures = new VBox(4);
    private final CompareMapView map;
    /** Where aligned ladder diagrams of both routes may go (empty and not laid out until something is put in). */
    private final VBox ladders = new VBox(6);
    private final HBox lanes = new HBox(8);
    private final HBox show = new HBox(6);
    private final Label hint = new Label();
    private final List<String> routes = new java.util.ArrayList<>();
    private final java.util.List<Runnable> followers = new java.util.ArrayList<>();
    private final ViewScope scope;
    private boolean built;
    /** True while a lesson keeps its answers back; null: never. */
    private javafx.beans.value.ObservableBooleanValue kept;

    /** The two ladders aligned by phase, or null (then the slot stays empty). */
    private AlignedLadders aligned;

    /** The view with both journeys' ladders side by side, aligned by phase and stepping together. */
    public CompareView(SessionViewModel session, ResourceBundle ui, ViewScope scope, AlignedLadders aligned) {
        this(session, ui, scope);
        this.aligned = aligned;
    }

    public CompareView(SessionViewModel session, ResourceBundle ui, ViewScope scope) {
        this.session = session;
        this.ui = ui;
        setId("compareView");
        getStyleClass().add("compare-view");
        setAccessibleText(ui.getString("compare.title"));
        this.scope = scope;
        this.map = new CompareMapView(ui);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.AS_NEEDED);
        setVbarPolicy(ScrollBarPolicy.AS_NEEDED);
    }

    /** Holds the comparison back while {@code kept} is true (a lesson under way); call before {@link #build}. */
    public void keepBack(javafx.beans.value.ObservableBooleanValue kept) {
        this.kept = kept;
    }

    /**
     * Builds the content and starts following the session; until then this is an empty container with its id.
     * The window makes this view and builds it when the compare tab is first shown (not at start-up).
     */
    public void build() {
        if (built) {
            return;
        }
        built = true;
        summary.setId("compareSummary");
        summary.getStyleClass().add("compare-summary");
        summary.setHgap(18);
        summary.setVgap(3);
        figures.setId("compareFigures");
        figures.getStyleClass().add("compare-figures");
        figures.setAccessibleText(ui.getString("compare.figures.accessible"));
        Label differs = new Label(ui.getString("compare.legend.differs"));
        differs.getStyleClass().addAll("compare-differs", "legend-text");
        figures.getChildren().addAll(summary, differs);
        hint.setId("compareHint");
        hint.getStyleClass().add("hint");
        HBox.setHgrow(lanes, Priority.ALWAYS);
        show.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // the buttons above the table and the outcome as its first row
        VBox left = new VBox(8, hint, show, figures);
        left.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setWrapText(true);
        hint.setMaxWidth(420);
        Label mapTitle = new Label(ui.getString("compare.map.title"));
        mapTitle.getStyleClass().add("compare-header");
        VBox mapBox = new VBox(4, mapTitle, map);
        VBox.setVgrow(map, Priority.ALWAYS);
        HBox.setHgrow(mapBox, Priority.ALWAYS);
        mapBox.setMinWidth(480);
        HBox top = new HBox(12, left, mapBox);
        // beside the figures where the view is wide enough for both, else under them (the view scrolls)
        rearrange = () -> arrange(top, left, mapBox, getViewportBounds().getWidth());
        scope.listen(viewportBoundsProperty(), (o, a, b) -> rearrange.run());
        ladders.setId("compareLadders");
        ladders.managedProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(ladders.getChildren()));
        ladders.visibleProperty().bind(ladders.managedProperty());
        lanes.setMinHeight(180);
        lanes.setPrefHeight(260);
        VBox content = new VBox(10, top, ladders, lanes);
        this.content = content;
        content.setPadding(new Insets(6));
        content.getStyleClass().add("compare-content");
        setContent(content);
        scope.listen(session.resultProperty(), (o, a, r) -> rebuild(r));
        scope.listen(session.stepProperty(), (o, a, v) -> followers.forEach(Runnable::run));
        if (kept != null) {
            scope.listen(kept, (o, a, k) -> rebuild(session.resultProperty().get()));
        }
        rebuild(session.resultProperty().get());
    }

    private VBox content;
    private Runnable rearrange = () -> { };

    private void arrange(HBox top, VBox left, VBox mapBox, double width) {
        boolean beside = width >= left.prefWidth(-1) + 12 + 560;
        if (beside && mapBox.getParent() != top) {
            content.getChildren().remove(mapBox);
            top.getChildren().add(mapBox);
        } else if (!beside && mapBox.getParent() == top) {
            top.getChildren().remove(mapBox);
            content.getChildren().add(content.getChildren().indexOf(top) + 1, mapBox);
        }
    }

    private void rebuild(SimulationResult r) {
        summary.getChildren().clear();
        lanes.getChildren().clear();
        show.getChildren().clear();
        followers.clear();
        boolean held = r != null && r.journeys().size() > 1 && kept != null && kept.getValue();
        boolean both = r != null && r.journeys().size() > 1 && !held;
        hint.setText(ui.getString(held ? "compare.keptBack" : "compare.hint"));
        hint.setVisible(!both);
        hint.setManaged(!both);
        for (javafx.scene.Node n : new javafx.scene.Node[] {show, figures, map, map.getParent(), lanes}) {
            n.setVisible(both);
            n.setManaged(both);
        }
        map.show(both ? r : null);
        if (aligned != null) {
            if (both) {
                Label title = new Label(ui.getString("compare.ladders.title"));
                title.getStyleClass().add("compare-header");
                aligned.setPrefHeight(360);
                aligned.setMinHeight(240);
                ladders.getChildren().setAll(title, aligned);
                aligned.show(r);
                Runnable follow = () -> {
                    Journey shown = session.journeyProperty().get();
                    if (shown != null) {
                        aligned.follow(shown.route(), session.stepProperty().get());
                    }
                };
                followers.add(follow);
                follow.run(); // at the step of the moment: the view may be made after a step was chosen (as the lanes)
            } else {
                ladders.getChildren().clear();
            }
        }
        if (!both) {
            return;
        }
        List<Journey> js = r.journeys();
        routes.clear();
        js.forEach(j -> routes.add(j.route().name().toLowerCase(Locale.ROOT)));
        summary.add(header(ui.getString("compare.metric")), 0, 0);
        for (int i = 0; i < js.size(); i++) {
            summary.add(header(routeName(js.get(i))), i + 1, 0);
        }
        // how each route ended, per recipient: the difference that matters most (delivered against bounced)
        summary.add(rowName(ui.getString("compare.outcome")), 0, 1);
        for (int i = 0; i < js.size(); i++) {
            Label v = new Label(outcome(js.get(i)));
            v.setId("compare-outcome-" + js.get(i).route().name().toLowerCase(Locale.ROOT));
            v.getStyleClass().add("compare-value");
            summary.add(v, i + 1, 1);
        }
        highlight(1, js.stream().map(this::outcome).distinct().count() > 1);
        int row = 2;
        for (RouteComparison.Figure f : new RouteComparison(js).figures()) {
            row(row++, f);
        }
        ToggleGroup group = new ToggleGroup();
        show.getChildren().add(new Label(ui.getString("compare.showIn")));
        for (int i = 0; i < js.size(); i++) {
            int index = i;
            ToggleButton b = new ToggleButton(routeName(js.get(i)));
            b.setId("show" + js.get(i).route().name().charAt(0) + js.get(i).route().name().substring(1).toLowerCase(Locale.ROOT));
            b.setToggleGroup(group);
            b.setSelected(session.journeyProperty().get() == js.get(i));
            b.setOnAction(ev -> session.showJourney(index));
            b.setAccessibleText(b.getText());
            show.getChildren().add(b);
            lanes.getChildren().add(lane(js.get(i)));
        }
        rearrange.run(); // the table's width has changed
    }

    /** "2 delivered, 1 bounced": the recipients by how their journey ended, in the window's language. */
    private String outcome(Journey j) {
        java.util.Map<org.mailtrail.engine.RecipientOutcome.Status, Integer> n =
                new java.util.EnumMap<>(org.mailtrail.engine.RecipientOutcome.Status.class);
        for (org.mailtrail.engine.RecipientOutcome o : j.outcomes().values()) {
            n.merge(o.status(), 1, Integer::sum);
        }
        List<String> parts = new java.util.ArrayList<>();
        n.forEach((status, count) -> parts.add(java.text.MessageFormat.format(
                ui.getString("compare.outcome." + status.name().toLowerCase(Locale.ROOT)), count)));
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    private String routeName(Journey j) {
        return ui.getString("route." + j.route().name().toLowerCase(Locale.ROOT));
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("compare-header");
        return l;
    }

    private void row(int r, RouteComparison.Figure f) {
        summary.add(rowName(ui.getString("compare." + f.id())), 0, r);
        for (int i = 0; i < f.values().size(); i++) {
            Label v = new Label(f.values().get(i));
            v.setId("compare-" + f.id() + "-" + routes.get(i));
            v.getStyleClass().add("compare-value");
            summary.add(v, i + 1, r);
        }
        highlight(r, f.differs());
    }

    /** A row's name, wrapped so that the table leaves room for the map beside it. */
    private static Label rowName(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(230);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    /** Marks the cells of a row of the table where the routes differ. */
    private void highlight(int r, boolean differs) {
        if (!differs) {
            return;
        }
        for (javafx.scene.Node n : summary.getChildren()) {
            Integer row = GridPane.getRowIndex(n);
            if (row != null && row == r) {
                n.getStyleClass().add("compare-differs");
            }
        }
    }

    private VBox lane(Journey j) {
        ListView<TimelineEvent> list = new ListView<>();
        list.getItems().setAll(j.timeline().events());
        org.mailtrail.timeline.SummaryText words = new org.mailtrail.timeline.SummaryText(ui.getLocale());
        list.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TimelineEvent e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : (e.index() + 1) + "  " + words.of(e));
            }
        });
        list.setFocusTraversable(false);
        list.setMouseTransparent(true);
        java.util.List<org.mailtrail.timeline.PhaseSegment> mine =
                org.mailtrail.timeline.PhaseSegments.of(j.timeline().events());
        Runnable follow = () -> {
            // the journey shown in the main views is at its step; the other at the matching step of the same part
            Journey shown = session.journeyProperty().get();
            int step = session.stepProperty().get();
            int s = shown == null || shown == j ? Math.min(step, j.timeline().size() - 1)
                    : org.mailtrail.app.model.LadderRows.matchingStep(session.segments(), step, mine);
            if (s >= 0) {
                list.getSelectionModel().select(s);
                list.scrollTo(Math.max(0, s - 3));
            }
        };
        followers.add(follow);
        follow.run();
        Label title = new Label(routeName(j));
        title.getStyleClass().add("compare-header");
        VBox box = new VBox(4, title, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }
}

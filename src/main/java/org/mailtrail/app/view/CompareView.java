package org.mailtrail.app.view;

import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Relay and direct side by side and in step (step n of each), with a summary: hops, TCP
 * connections, DNS queries, SMTP round trips, total time and Received: lines.
 */
public final class CompareView extends HBox {
    private final SessionViewModel session;
    private final ResourceBundle ui;
    private final GridPane summary = new GridPane();
    private final HBox lanes = new HBox(8);
    private final HBox show = new HBox(6);
    private final Label hint = new Label();
    private final java.util.List<Runnable> followers = new java.util.ArrayList<>();
    private final ViewScope scope;
    private boolean built;

    public CompareView(SessionViewModel session, ResourceBundle ui, ViewScope scope) {
        this.session = session;
        this.ui = ui;
        setId("compareView");
        getStyleClass().add("compare-view");
        setAccessibleText(ui.getString("compare.title"));
        this.scope = scope;
    }

    /**
     * Builds the content and starts following the session; until then this is an empty container
     * with its id (it sits in a tab that is not shown at start). Called when the tab is first shown.
     */
    public void build() {
        if (built) {
            return;
        }
        built = true;
        setSpacing(8);
        setPadding(new Insets(6));
        summary.setId("compareSummary");
        summary.getStyleClass().add("compare-summary");
        summary.setHgap(18);
        summary.setVgap(3);
        hint.setText(ui.getString("compare.hint"));
        hint.getStyleClass().add("hint");
        HBox.setHgrow(lanes, Priority.ALWAYS);
        show.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // the buttons above the table and the outcome as its first row: in a short bottom pane, what is cut off
        // at the bottom is the least important
        VBox left = new VBox(8, hint, show, summary);
        left.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setWrapText(true);
        hint.setMaxWidth(420);
        getChildren().addAll(left, lanes);
        scope.listen(session.resultProperty(), (o, a, r) -> rebuild(r));
        scope.listen(session.stepProperty(), (o, a, v) -> followers.forEach(Runnable::run));
        rebuild(session.resultProperty().get());
    }

    private void rebuild(SimulationResult r) {
        summary.getChildren().clear();
        lanes.getChildren().clear();
        show.getChildren().clear();
        followers.clear();
        boolean both = r != null && r.journeys().size() > 1;
        hint.setVisible(!both);
        hint.setManaged(!both);
        if (!both) {
            return;
        }
        List<Journey> js = r.journeys();
        summary.add(header(ui.getString("compare.metric")), 0, 0);
        for (int i = 0; i < js.size(); i++) {
            summary.add(header(routeName(js.get(i))), i + 1, 0);
        }
        // how each route ended, per recipient: the difference that matters most (delivered against bounced)
        summary.add(new Label(ui.getString("compare.outcome")), 0, 1);
        for (int i = 0; i < js.size(); i++) {
            Label v = new Label(outcome(js.get(i)));
            v.setId("compare-outcome-" + js.get(i).route().name().toLowerCase(Locale.ROOT));
            v.getStyleClass().add("compare-value");
            summary.add(v, i + 1, 1);
        }
        row(2, "compare.hops", js, s -> Integer.toString(s.hops()));
        row(3, "compare.tcp", js, s -> Long.toString(s.tcpConnections()));
        row(4, "compare.dns", js, s -> Long.toString(s.dnsQueries()));
        row(5, "compare.smtp", js, s -> Long.toString(s.smtpRoundTrips()));
        row(6, "compare.time", js, s -> TextTranscript.clock(s.durationMicros()));
        row(7, "compare.received", js, s -> Integer.toString(s.receivedLines()));
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

    private void row(int r, String key, List<Journey> js, Function<Journey.Stats, String> f) {
        summary.add(new Label(ui.getString(key)), 0, r);
        for (int i = 0; i < js.size(); i++) {
            Label v = new Label(f.apply(js.get(i).stats()));
            v.setId("compare-" + key.substring("compare.".length()) + "-" + js.get(i).route().name().toLowerCase(Locale.ROOT));
            v.getStyleClass().add("compare-value");
            summary.add(v, i + 1, r);
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
        Runnable follow = () -> {
            int s = Math.min(session.stepProperty().get(), j.timeline().size() - 1);
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

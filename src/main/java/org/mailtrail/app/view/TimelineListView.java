package org.mailtrail.app.view;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.TimelineEvent;

/** The list of steps; it follows the current step and selecting a step goes there. */
public final class TimelineListView extends ListView<TimelineEvent> {
    private boolean syncing;

    public TimelineListView(SessionViewModel session, ViewScope scope) {
        setId("timelineList");
        getStyleClass().add("timeline-list");
        setAccessibleText("Steps of the journey");
        setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TimelineEvent e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll(org.mailtrail.app.model.TranscriptLines.STYLES);
                if (empty || e == null) {
                    setText(null);
                } else {
                    setText((e.index() + 1) + "  " + TextTranscript.clock(e.timeMicros()) + "  " + e.summary());
                    getStyleClass().add(org.mailtrail.app.model.TranscriptLines.style(e)); // coloured as in the transcript
                }
            }
        });
        Runnable fill = () -> {
            syncing = true;
            getItems().setAll(session.events());
            syncing = false;
            follow(session.stepProperty().get());
        };
        scope.listen(session.journeyProperty(), (o, a, j) -> fill.run());
        fill.run();
        scope.listen(session.stepProperty(), (o, a, s) -> follow(s.intValue()));
        getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncing && i.intValue() >= 0) {
                session.goTo(i.intValue());
            }
        });
    }

    private void follow(int step) {
        syncing = true;
        try {
            if (step < 0) {
                getSelectionModel().clearSelection();
            } else if (getSelectionModel().getSelectedIndex() != step) {
                getSelectionModel().select(step);
                scrollTo(Math.max(0, step - 3));
            }
        } finally {
            syncing = false;
        }
    }
}

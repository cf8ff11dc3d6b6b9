package org.mailtrail.app.view;

import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The list of steps; it follows the current step and selecting a step goes there. The first step of each part of the
 * journey ({@link PhaseSegment}) carries that part's header ({@code #phaseHeader}) above its own line; the items stay
 * the events, so a step's index is its row.
 */
public final class TimelineListView extends ListView<TimelineEvent> {
    private boolean syncing;
    private final CurrentRow row;

    public TimelineListView(SessionViewModel session, ViewScope scope) {
        this(session, Locale.ENGLISH, null, scope);
    }

    /**
     * With the phase headers in this language; the step shown is brought into view again when {@code textSize} (the
     * presentation's font scale; null: fixed) changes.
     */
    public TimelineListView(SessionViewModel session, Locale locale, javafx.beans.value.ObservableValue<? extends Number>
            textSize, ViewScope scope) {
        row = new CurrentRow(this, () -> getSelectionModel().getSelectedIndex(), textSize, scope);
        PhaseText phases = new PhaseText(locale);
        SummaryText summaries = new SummaryText(locale);
        setId("timelineList");
        getStyleClass().add("timeline-list");
        setAccessibleText(java.util.ResourceBundle.getBundle("org.mailtrail.app.messages", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_DEFAULT)).getString("steps.accessible"));
        setCellFactory(lv -> new StepCell(lv, session, phases, summaries));
        Runnable fill = () -> {
            syncing = true;
            getItems().setAll(session.events());
            syncing = false;
            follow(session.stepProperty().get());
        };
        scope.listen(session.journeyProperty(), (o, a, j) -> fill.run());
        scope.listen(session.horizonProperty(), (o, a, h) -> fill.run()); // a lesson's hidden steps
        fill.run();
        scope.listen(session.stepProperty(), (o, a, s) -> follow(s.intValue()));
        getSelectionModel().selectedIndexProperty().addListener((o, a, i) -> {
            if (!syncing && i.intValue() >= 0) {
                session.goTo(i.intValue());
            }
        });
    }

    /** A step's line, coloured as in the transcript; the first of a segment with the segment's header above it. */
    private static final class StepCell extends ListCell<TimelineEvent> {
        private final ListView<TimelineEvent> list;
        private final SessionViewModel session;
        private final PhaseText phases;
        private final SummaryText summaries;
        private Label header;
        private Label line;
        private VBox box;

        StepCell(ListView<TimelineEvent> list, SessionViewModel session, PhaseText phases, SummaryText summaries) {
            this.list = list;
            this.session = session;
            this.phases = phases;
            this.summaries = summaries;
        }

        @Override
        protected void updateItem(TimelineEvent e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().removeAll(TranscriptLines.STYLES);
            if (empty || e == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            String text = (e.index() + 1) + "  " + TextTranscript.clock(e.timeMicros()) + "  " + summaries.of(e);
            getStyleClass().add(TranscriptLines.style(e)); // coloured as in the transcript
            PhaseSegment s = session.segmentStartingAt(e.index());
            if (s == null) {
                setText(text);
                setGraphic(null);
                return;
            }
            if (box == null) {
                build();
            }
            header.getStyleClass().removeAll(TranscriptLines.PHASE_STYLES);
            header.getStyleClass().addAll(TranscriptLines.HEADER_STYLE, TranscriptLines.phaseStyle(s.phase()));
            header.setText(phases.header(s));
            header.getTooltip().setText(phases.about(s.phase()));
            line.setText(text);
            setText(null);
            setGraphic(box);
        }

        private void build() {
            header = new Label();
            header.setId("phaseHeader");
            // as wide as the list (a band across it), wrapped rather than cut when the list is narrow
            header.setWrapText(true);
            header.prefWidthProperty().bind(list.widthProperty().subtract(30));
            header.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Tooltip about = new Tooltip();
            about.setWrapText(true);
            about.setMaxWidth(420);
            header.setTooltip(about);
            line = new Label();
            line.getStyleClass().add("step-line");
            // the step's own line looks like every other cell's text: colour (also when selected) and font
            line.textFillProperty().bind(textFillProperty());
            line.fontProperty().bind(fontProperty());
            box = new VBox(2, header, line);
            box.setFillWidth(true);
            box.setMaxWidth(Double.MAX_VALUE);
        }
    }

    private void follow(int step) {
        syncing = true;
        try {
            if (step < 0) {
                getSelectionModel().clearSelection();
            } else if (getSelectionModel().getSelectedIndex() != step) {
                getSelectionModel().select(step);
                row.show(step);
            }
        } finally {
            syncing = false;
        }
    }
}

package org.mailtrail.app.view;

import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.app.model.TranscriptLines;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SummaryText;

/** The transcript: DNS, TCP and C:/S: lines coloured by kind and reply class; selecting a line goes to its step. */
public final class TranscriptView extends ListView<TranscriptLines.Line> {
    private final SessionViewModel session;
    private List<TranscriptLines.Line> lines = List.of();
    private boolean syncing;
    private final CurrentRow row;

    public TranscriptView(SessionViewModel session, ViewScope scope) {
        this(session, Locale.ENGLISH, null, scope);
    }

    /**
     * With a header line, in this language, at the start of each part of the journey ({@link PhaseSegment}); the
     * step shown is brought into view again when {@code textSize} (the font scale; null: fixed) changes.
     */
    public TranscriptView(SessionViewModel session, Locale locale,
                          javafx.beans.value.ObservableValue<? extends Number> textSize, ViewScope scope) {
        this.session = session;
        row = new CurrentRow(this, () -> getSelectionModel().getSelectedIndex(), textSize, scope);
        PhaseText phases = new PhaseText(locale);
        SummaryText summaries = new SummaryText(locale);
        setId("transcriptView");
        getStyleClass().add("transcript");
        setAccessibleText(java.util.ResourceBundle.getBundle("org.mailtrail.app.messages", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_DEFAULT)).getString("transcript.accessible"));
        setCellFactory(lv -> new ListCell<>() {
            private Tooltip about;

            @Override
            protected void updateItem(TranscriptLines.Line item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(TranscriptLines.STYLES);
                getStyleClass().removeAll(TranscriptLines.PHASE_STYLES);
                getStyleClass().remove("current-step");
                setTooltip(null);
                if (empty || item == null) {
                    setText(null);
                } else {
                    setText(item.text());
                    getStyleClass().add(item.style());
                    if (item.header()) {
                        getStyleClass().add(TranscriptLines.HEADER_STYLE);
                        PhaseSegment s = session.segmentStartingAt(item.event());
                        if (s != null) {
                            if (about == null) {
                                about = new Tooltip();
                                about.setWrapText(true);
                                about.setMaxWidth(420);
                            }
                            about.setText(phases.about(s.phase()));
                            setTooltip(about);
                        }
                        return;
                    }
                    if (item.event() == session.stepProperty().get()) {
                        getStyleClass().add("current-step");
                    }
                }
            }
        });
        Runnable fill = () -> {
            lines = TranscriptLines.of(session.events(), session.segments(), phases, summaries);
            getItems().setAll(FXCollections.observableArrayList(lines));
            follow();
        };
        scope.listen(session.journeyProperty(), (o, a, j) -> fill.run());
        scope.listen(session.horizonProperty(), (o, a, h) -> fill.run()); // a lesson's hidden steps
        fill.run();
        scope.listen(session.stepProperty(), (o, a, s) -> follow());
        getSelectionModel().selectedItemProperty().addListener((o, a, line) -> {
            if (!syncing && line != null) {
                session.goTo(line.event());
            }
        });
    }

    private void follow() {
        int step = session.stepProperty().get();
        int line = TranscriptLines.firstLineOf(lines, step);
        syncing = true;
        try {
            if (line >= 0) {
                TranscriptLines.Line selected = getSelectionModel().getSelectedItem();
                if (selected == null || selected.event() != step) {
                    getSelectionModel().select(line);
                    row.show(line);
                }
            } else {
                getSelectionModel().clearSelection();
            }
            refresh();
        } finally {
            syncing = false;
        }
    }
}

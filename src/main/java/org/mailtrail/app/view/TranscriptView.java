package org.mailtrail.app.view;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.app.model.TranscriptLines;

/** The transcript: DNS, TCP and C:/S: lines coloured by kind and reply class; selecting a line goes to its step. */
public final class TranscriptView extends ListView<TranscriptLines.Line> {
    private final SessionViewModel session;
    private List<TranscriptLines.Line> lines = List.of();
    private boolean syncing;

    public TranscriptView(SessionViewModel session, ViewScope scope) {
        this.session = session;
        setId("transcriptView");
        getStyleClass().add("transcript");
        setAccessibleText("Transcript of the session; select a line to go to its step");
        setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TranscriptLines.Line item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(TranscriptLines.STYLES);
                getStyleClass().remove("current-step");
                if (empty || item == null) {
                    setText(null);
                } else {
                    setText(item.text());
                    getStyleClass().add(item.style());
                    if (item.event() == session.stepProperty().get()) {
                        getStyleClass().add("current-step");
                    }
                }
            }
        });
        Runnable fill = () -> {
            lines = TranscriptLines.of(session.events());
            getItems().setAll(FXCollections.observableArrayList(lines));
            follow();
        };
        scope.listen(session.journeyProperty(), (o, a, j) -> fill.run());
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
                    scrollTo(Math.max(0, line - 3));
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

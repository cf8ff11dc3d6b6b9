package org.mailtrail.app.view;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.MessageAtStep;
import org.mailtrail.app.model.SessionViewModel;

/** The envelope (MAIL FROM, RCPT TO) beside the header as the message stands at the current hop. */
public final class MessageInspectorView extends VBox {
    private final Label envelope = new Label();
    private final Label where = new Label();
    private final ListView<String> headers = new ListView<>();

    public MessageInspectorView(SessionViewModel session, ResourceBundle ui, ViewScope scope) {
        this(session, ui, scope, new javafx.beans.property.SimpleBooleanProperty(false));
    }

    /**
     * @param holderAsked while true (a lesson asks who holds the message, or how many Received: lines it will have),
     *                    the host and its copy are kept back
     */
    public MessageInspectorView(SessionViewModel session, ResourceBundle ui, ViewScope scope,
                                javafx.beans.value.ObservableBooleanValue holderAsked) {
        setId("messageInspector");
        getStyleClass().add("message-inspector");
        setAccessibleText(ui.getString("inspector.title"));
        envelope.getStyleClass().add("envelope");
        envelope.setId("envelopeLabel");
        envelope.setWrapText(true);
        envelope.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        where.getStyleClass().add("inspector-where");
        headers.setId("headerList");
        headers.getStyleClass().add("header-list");
        headers.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("received", "return-path");
                setText(empty ? null : item);
                if (!empty && item != null) {
                    if (item.startsWith("Received:")) {
                        getStyleClass().add("received");
                    } else if (item.startsWith("Return-Path:")) {
                        getStyleClass().add("return-path");
                    }
                }
            }
        });
        VBox.setVgrow(headers, Priority.ALWAYS);
        getChildren().addAll(where, envelope, headers);
        Runnable update = () -> {
            if (holderAsked.get()) { // the copy would name its host in its Received: lines
                where.setText(ui.getString("inspector.asked"));
                envelope.setText("");
                headers.getItems().setAll(ui.getString("inspector.asked"));
                return;
            }
            MessageAtStep.State s = MessageAtStep.at(session.events(), session.stepProperty().get());
            where.setText(s.host().isEmpty() ? ui.getString("inspector.noSession")
                    : MessageFormat.format(ui.getString("inspector.where"), s.host(), s.receivedCount()));
            envelope.setText(s.mailFrom().isEmpty() && s.rcptTo().isEmpty() ? ui.getString("inspector.noEnvelope")
                    : "MAIL FROM:" + s.mailFrom() + "\nRCPT TO:" + String.join(", ", s.rcptTo().stream()
                    .map(r -> s.isRefused(r) ? MessageFormat.format(ui.getString("inspector.refused"), r,
                            s.refused().get(r)) : r).toList()));
            if (s.headers().isEmpty()) {
                headers.getItems().setAll(ui.getString("inspector.notSent"));
            } else {
                headers.getItems().setAll(s.headers());
            }
        };
        scope.listen(session.stepProperty(), (o, a, v) -> update.run());
        scope.listen(session.journeyProperty(), (o, a, v) -> update.run());
        scope.listen(holderAsked, (o, a, v) -> update.run());
        update.run();
    }
}

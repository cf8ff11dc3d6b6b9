package org.mailtrail.app.view;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ResourceBundle;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.ServerViewModel;
import org.mailtrail.live.ReceivedSession;

/**
 * The Server tab: start Mail Trail's receiving SMTP server, watch sessions arrive, open one as a timeline
 * (double-click or Open). This is how a developer sees exactly what their own application sends.
 */
public final class ServerPane extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final ServerViewModel vm;
    private final ResourceBundle ui;
    final TableView<ReceivedSession> table = new TableView<>();

    public ServerPane(ServerViewModel vm, ResourceBundle ui, ViewScope scope) {
        this.vm = vm;
        this.ui = ui;
        vm.useMessages(ui); // its errors in the window's language
        getStyleClass().add("server-pane");
        setSpacing(6);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(4);
        form.addRow(0, Forms.label(ui, "server.listen"), Forms.field(ui, "serverListenField", "server.listen", vm.listenProperty()));
        form.addRow(1, Forms.label(ui, "server.domains"), Forms.field(ui, "serverDomainsField", "server.domains", vm.domainsProperty()));
        form.addRow(2, Forms.label(ui, "server.store"), Forms.field(ui, "serverStoreField", "server.store", vm.storeDirProperty()));
        Button start = Forms.button(ui, new Button(), "serverStartButton", "server.start");
        Button stop = Forms.button(ui, new Button(), "serverStopButton", "server.stop");
        Button open = Forms.button(ui, new Button(), "serverOpenButton", "server.open");
        start.disableProperty().bind(vm.runningProperty().or(vm.busyProperty()));
        stop.disableProperty().bind(vm.runningProperty().not().or(vm.busyProperty()));
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        start.setOnAction(e -> vm.start());
        stop.setOnAction(e -> vm.stop());
        open.setOnAction(e -> vm.open(table.getSelectionModel().getSelectedItem()));
        Label status = new Label();
        status.setId("serverStatusLabel");
        status.setWrapText(true);
        Runnable statusText = () -> status.setText(vm.runningProperty().get()
                ? java.text.MessageFormat.format(ui.getString("server.listening"), vm.addressProperty().get())
                : ui.getString("server.stopped"));
        scope.listen(vm.runningProperty(), (o, a, v) -> statusText.run());
        scope.listen(vm.addressProperty(), (o, a, v) -> statusText.run());
        statusText.run();
        Label error = new Label();
        error.setId("serverErrorLabel");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());

        table.setId("serverSessionsTable");
        table.setAccessibleText(ui.getString("server.sessions.accessible"));
        table.setPlaceholder(new Label(ui.getString("server.sessions.none")));
        table.getColumns().add(column("server.col.time", s -> TIME.format(s.start())));
        table.getColumns().add(column("server.col.client", s -> s.client().getAddress().getHostAddress() + ":"
                + s.client().getPort()));
        table.getColumns().add(column("server.col.helo", ReceivedSession::heloName));
        table.getColumns().add(column("server.col.messages", s -> Integer.toString(s.messagesStored())));
        table.getColumns().add(column("server.col.tls", s -> s.tls() ? "TLS" : ""));
        table.getColumns().add(column("server.col.state", s -> s.finished() ? s.closeReason()
                : ui.getString("server.state.open")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setItems(vm.sessions());
        table.setPrefHeight(160);
        table.setRowFactory(t -> {
            TableRow<ReceivedSession> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.open(row.getItem());
                }
            });
            return row;
        });
        HBox top = new HBox(16, form, new VBox(6, new HBox(6, start, stop, open), status, error));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(top, table);
    }

    private TableColumn<ReceivedSession, String> column(String key, java.util.function.Function<ReceivedSession, String> f) {
        TableColumn<ReceivedSession, String> c = new TableColumn<>(ui.getString(key));
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }



}

package org.mailtrail.app.view;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.ProxyViewModel;
import org.mailtrail.live.ReceivedSession;

/**
 * The Proxy tab (docs/inspect.md), shaped like the {@link ServerPane}: listen and upstream fields, start and
 * stop, the sessions recorded as they arrive; one opens as a timeline (double-click or Open). Its texts come from its
 * own bundle, {@code org/mailtrail/app/proxy}.
 */
public final class ProxyPane extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final ResourceBundle ui;
    final TableView<ReceivedSession> table = new TableView<>();

    /** The tab's texts in {@code locale} (English where the language is not one of the app's). */
    public static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle("org.mailtrail.app.proxy", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    public ProxyPane(ProxyViewModel vm, ResourceBundle ui, ViewScope scope) {
        this.ui = ui;
        vm.useMessages(ui);
        getStyleClass().add("server-pane");
        setSpacing(6);
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(4);
        form.addRow(0, Forms.label(ui, "proxy.listen"), Forms.field(ui, "proxyListenField", "proxy.listen",
                vm.listenProperty()));
        form.addRow(1, Forms.label(ui, "proxy.upstream"), Forms.field(ui, "proxyUpstreamField", "proxy.upstream",
                vm.upstreamProperty()));
        form.addRow(2, Forms.label(ui, "proxy.store"), Forms.field(ui, "proxyStoreField", "proxy.store",
                vm.storeDirProperty()));
        Button start = Forms.button(ui, new Button(), "proxyStartButton", "proxy.start");
        Button stop = Forms.button(ui, new Button(), "proxyStopButton", "proxy.stop");
        Button open = Forms.button(ui, new Button(), "proxyOpenButton", "proxy.open");
        start.disableProperty().bind(vm.runningProperty().or(vm.busyProperty()));
        stop.disableProperty().bind(vm.runningProperty().not().or(vm.busyProperty()));
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        start.setOnAction(e -> vm.start());
        stop.setOnAction(e -> vm.stop());
        open.setOnAction(e -> vm.open(table.getSelectionModel().getSelectedItem()));
        Label hint = new Label(ui.getString("proxy.hint"));
        hint.setWrapText(true);
        Label status = new Label();
        status.setId("proxyStatusLabel");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE); // wraps rather than being cut short
        Runnable statusText = () -> status.setText(vm.runningProperty().get()
                ? new java.text.MessageFormat(ui.getString("proxy.listening"), ui.getLocale())
                .format(new Object[] {vm.addressProperty().get(), vm.upstreamProperty().get()})
                : ui.getString("proxy.stopped"));
        scope.listen(vm.runningProperty(), (o, a, v) -> statusText.run());
        scope.listen(vm.addressProperty(), (o, a, v) -> statusText.run());
        statusText.run();
        Label error = new Label();
        error.setId("proxyErrorLabel");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());

        table.setId("proxySessionList");
        table.setAccessibleText(ui.getString("proxy.sessions.accessible"));
        table.setPlaceholder(new Label(ui.getString("proxy.sessions.none")));
        table.getColumns().add(column("proxy.col.time", s -> TIME.format(s.start())));
        table.getColumns().add(column("proxy.col.client", s -> s.client().getAddress().getHostAddress() + ":"
                + s.client().getPort()));
        table.getColumns().add(column("proxy.col.helo", ReceivedSession::heloName));
        table.getColumns().add(column("proxy.col.messages", s -> Integer.toString(s.messagesStored())));
        table.getColumns().add(column("proxy.col.tls", s -> s.tls() ? "TLS" : ""));
        table.getColumns().add(column("proxy.col.state", s -> s.finished() ? s.closeReason()
                : ui.getString("proxy.state.open")));
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
        for (Node n : form.getChildren()) {
            if (n instanceof Label l) {
                l.setMinWidth(Region.USE_PREF_SIZE); // the field names are never cut short
            }
        }
        HBox top = new HBox(16, form, new HBox(6, start, stop, open));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(hint, top, status, error, table); // full-width rows: long texts wrap
    }

    private TableColumn<ReceivedSession, String> column(String key,
                                                        java.util.function.Function<ReceivedSession, String> f) {
        TableColumn<ReceivedSession, String> c = new TableColumn<>(ui.getString(key));
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }
}

package org.mailtrail.app.view;

import java.text.MessageFormat;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.LabViewModel;
import org.mailtrail.app.model.LabRows;
import org.mailtrail.app.model.LabRows.HostRow;
import org.mailtrail.app.model.LabRows.JourneyRow;
import org.mailtrail.world.World;

/**
 * The Lab tab: start the chosen scenario's world on loopback, see where each host lives, send the scenario's
 * message through it and watch the journeys; one opens (double-click or Open) as a timeline in the main views.
 */
public final class LabPane extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");
    private static final PseudoClass DOWN = PseudoClass.getPseudoClass("down");
    private final LabViewModel vm;
    private final ResourceBundle ui;
    final TableView<HostRow> hostTable = new TableView<>();
    final TableView<JourneyRow> journeyTable = new TableView<>();

    public LabPane(LabViewModel vm, ResourceBundle ui, ViewScope scope) {
        this.vm = vm;
        this.ui = ui;
        vm.useMessages(ui); // its errors in the window's language
        getStyleClass().add("lab-pane");
        setSpacing(6);
        Button toggle = Forms.button(ui, new Button(), "labStartButton", "lab.start");
        Button send = Forms.button(ui, new Button(), "labSendButton", "lab.send");
        Button open = Forms.button(ui, new Button(), "labOpenButton", "lab.open");
        toggle.disableProperty().bind(vm.busyProperty());
        send.disableProperty().bind(vm.runningProperty().not().or(vm.busyProperty()));
        open.disableProperty().bind(journeyTable.getSelectionModel().selectedItemProperty().isNull());
        toggle.setOnAction(e -> vm.toggle());
        send.setOnAction(e -> vm.send());
        open.setOnAction(e -> vm.open(journeyTable.getSelectionModel().getSelectedItem()));

        Label status = label("labStatusLabel", "lab.status.accessible");
        Label active = label("labActiveLabel", "lab.active.accessible");
        active.getStyleClass().add("lab-active");
        Label password = label("labPasswordLabel", "lab.password.accessible");
        password.setText(MessageFormat.format(ui.getString("lab.password"), LabViewModel.PASSWORD));
        Label error = label("labErrorLabel", "lab.error.accessible");
        error.getStyleClass().add("field-error");
        error.textProperty().bind(javafx.beans.binding.Bindings.when(vm.errorProperty().isEmpty())
                .then(vm.planProblemProperty()).otherwise(vm.errorProperty()));
        javafx.scene.control.TextField base = Forms.field(ui, "labBaseField", "lab.base", vm.baseProperty());
        base.setPrefColumnCount(8);
        base.disableProperty().bind(vm.runningProperty().or(vm.busyProperty()));
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip(); // the world's title, the whole line
        status.setTooltip(whole);
        Runnable statusText = () -> {
            boolean running = vm.runningProperty().get();
            toggle.setText(ui.getString(running ? "lab.stop" : "lab.start"));
            World w = running ? vm.runningWorldProperty().get() : vm.chosenWorld().getValue();
            String name = w == null ? "" : w.name(); // the title can be long: the tooltip has it
            status.setText(vm.busyProperty().get() ? ui.getString("lab.busy") : running
                    ? new MessageFormat(ui.getString("lab.running"), ui.getLocale()).format(new Object[] {name,
                        vm.hosts().isEmpty() ? "" : vm.hosts().get(0).address() + ":" + vm.portsProperty().get().dns(),
                        Math.round(vm.timeScaleProperty().get())})
                    : MessageFormat.format(ui.getString("lab.stopped"), name));
            whole.setText(w == null ? status.getText() : w.title() + "\n" + status.getText());
        };
        scope.listen(vm.runningProperty(), (o, a, v) -> statusText.run());
        scope.listen(vm.busyProperty(), (o, a, v) -> statusText.run());
        scope.listen(vm.chosenWorld(), (o, a, v) -> statusText.run());
        statusText.run();
        Runnable activeText = () -> {
            Set<String> hosts = vm.activeHostsProperty().get();
            active.setText(hosts.isEmpty() ? "" : MessageFormat.format(ui.getString("lab.active"),
                    String.join(" \u2192 ", hosts)));
            hostTable.refresh();
        };
        scope.listen(vm.activeHostsProperty(), (o, a, v) -> activeText.run());
        activeText.run();

        hostTable.setId("labHostTable");
        hostTable.setAccessibleText(ui.getString("lab.hosts.accessible"));
        hostTable.setPlaceholder(new Label(ui.getString("lab.hosts.none")));
        hostTable.getColumns().add(column("lab.col.host", HostRow::host));
        hostTable.getColumns().add(column("lab.col.role", HostRow::role));
        hostTable.getColumns().add(column("lab.col.address", HostRow::address));
        TableColumn<HostRow, String> portColumn = column("lab.col.ports", this::ports);
        portColumn.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new javafx.scene.control.Tooltip(text)); // when cut short
            }
        });
        hostTable.getColumns().add(portColumn);
        widths(hostTable, 150, 80, 95, 220);
        hostTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        hostTable.setItems(vm.hosts());
        hostTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(HostRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(DOWN, !empty && row != null && row.down());
                pseudoClassStateChanged(ACTIVE, !empty && row != null
                        && vm.activeHostsProperty().get().contains(row.host()));
            }
        });

        journeyTable.setId("labJourneyList");
        journeyTable.setAccessibleText(ui.getString("lab.journeys.accessible"));
        Label none = new Label(ui.getString("lab.journeys.none"));
        none.setWrapText(true);
        journeyTable.setPlaceholder(none);
        journeyTable.getColumns().add(column("lab.col.number", r -> Integer.toString(r.number())));
        journeyTable.getColumns().add(column("lab.col.started", r -> TIME.format(r.started())));
        journeyTable.getColumns().add(column("lab.col.title", JourneyRow::title));
        journeyTable.getColumns().add(column("lab.col.route", r -> ui.getString("route."
                + r.route().name().toLowerCase(Locale.ROOT))));
        journeyTable.getColumns().add(column("lab.col.status", r -> ui.getString("lab.status." + r.status().name())));
        widths(journeyTable, 36, 70, 140, 60, 95);
        journeyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        journeyTable.setItems(vm.journeys());
        journeyTable.setRowFactory(t -> {
            TableRow<JourneyRow> row = new TableRow<>() {
                @Override
                protected void updateItem(JourneyRow r, boolean empty) {
                    super.updateItem(r, empty);
                    getStyleClass().removeAll("lab-delivered", "lab-bounced", "lab-queued");
                    if (!empty && r != null && r.status() != LabRows.Status.IN_PROGRESS) {
                        getStyleClass().add("lab-" + r.status().name().toLowerCase(Locale.ROOT));
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.open(row.getItem());
                }
            });
            return row;
        });

        // two short lines above the tables, so that a low pane still shows a few rows of each
        HBox buttons = new HBox(6, toggle, send, open, status);
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (Button b : new Button[] {toggle, send, open}) {
            b.setMinWidth(Button.USE_PREF_SIZE);
        }
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMinWidth(200);
        HBox info = new HBox(8, new Label(ui.getString("lab.base")), base, password, active);
        info.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setMargin(password, new javafx.geometry.Insets(0, 16, 0, 16));
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        SplitPane tables = new SplitPane(hostTable, journeyTable);
        tables.setDividerPositions(0.58);
        hostTable.setPrefHeight(120);
        journeyTable.setPrefHeight(120);
        VBox.setVgrow(tables, Priority.ALWAYS);
        getChildren().addAll(buttons, info, error, tables);
    }

    /** Preferred widths; the short columns (addresses, times, states) never narrower, so they are not cut short. */
    private static void widths(TableView<?> table, double... px) {
        for (int i = 0; i < px.length; i++) {
            table.getColumns().get(i).setPrefWidth(px[i]);
            table.getColumns().get(i).setMinWidth(px[i] <= 100 ? px[i] : 70);
        }
    }

    private Label label(String id, String accessibleKey) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setAccessibleText(ui.getString(accessibleKey));
        return l;
    }

    private String ports(HostRow r) {
        if (r.down()) {
            return ui.getString("lab.down");
        }
        if (r.ports().isEmpty()) {
            return "\u2013";
        }
        StringBuilder b = new StringBuilder();
        for (LabRows.Port p : r.ports()) {
            b.append(b.length() == 0 ? "" : ", ").append(p.number());
            if (!p.kind().isEmpty()) {
                b.append(" (").append(ui.getString("lab.port." + p.kind())).append(')');
            }
        }
        return b.toString();
    }

    private <T> TableColumn<T, String> column(String key, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(ui.getString(key));
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setSortable(false);
        return c;
    }
}

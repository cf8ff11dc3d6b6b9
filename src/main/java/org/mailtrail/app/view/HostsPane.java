package org.mailtrail.app.view;

import java.util.List;
import java.util.Locale;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.app.model.WorldEditorViewModel.HostRow;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.Role;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldEdits;

/**
 * The hosts half of the world editor: the host table, a row to add (with the new host's own role), rename or remove
 * one, and a form with the chosen host's role, settings and fault. The chosen host stays chosen across edits (each
 * edit gives new rows), and fields are checked as they are typed in, with the problem said under the form.
 */
final class HostsPane extends VBox {
    private final EditorFields f;
    private final WorldEditorViewModel vm;
    final TableView<HostRow> hostTable = new TableView<>();
    private final TextField hostName;
    private final ChoiceBox<Role> newRole = new ChoiceBox<>();
    private final ChoiceBox<Role> role = new ChoiceBox<>();
    private final ChoiceBox<HostFault> fault = new ChoiceBox<>();
    private final TextField faultParameter;
    private final CheckBox starttls = new CheckBox();
    /** The host to keep chosen when the rows are given anew (after an edit, an undo, a check). */
    private String wanted;
    /** A host added or renamed, to be chosen once the rows have it (until then the table's own choice does not count). */
    private String pending;

    HostsPane(EditorFields f, ViewScope scope) {
        this.f = f;
        this.vm = f.vm;
        var t = f.t;
        hostName = f.field("hostNameField", "editor.host.name", 12);
        faultParameter = f.field("faultParameterField", "editor.fault.parameter", 12);
        hostTable.setId("hostTable");
        hostTable.setAccessibleText(t.getString("editor.hosts"));
        hostTable.setItems(vm.hosts());
        hostTable.getColumns().setAll(List.of(EditorFields.column(t, "editor.host.name", HostRow::name, 210),
                EditorFields.column(t, "editor.host.role", HostRow::role, 90),
                EditorFields.column(t, "editor.host.fault", HostRow::fault, 170)));
        EditorFields.markProblemRows(hostTable, HostRow::problem);
        hostTable.setPrefHeight(220);
        hostTable.setMinHeight(140);
        var selection = hostTable.getSelectionModel().selectedItemProperty();
        scope.listen(selection, (o, a, r) -> {
            if (r != null && pending == null) {
                wanted = r.name();
            }
        });
        scope.listen(vm.hosts(), (javafx.collections.ListChangeListener<HostRow>) c -> keepChosen());

        newRole.getItems().setAll(Role.values());
        newRole.setValue(Role.MX);
        newRole.setId("newHostRoleChoice");
        newRole.setAccessibleText(t.getString("editor.host.newRole"));
        newRole.setConverter(EditorFields.converter(r -> r.name().toLowerCase(Locale.ROOT)));
        Button add = f.button("addHostButton", "editor.host.add");
        Button remove = f.button("removeHostButton", "editor.host.remove");
        Button rename = f.button("renameHostButton", "editor.host.rename");
        var noHost = selection.isNull();
        remove.disableProperty().bind(noHost.or(vm.readOnlyProperty()));
        rename.disableProperty().bind(noHost.or(vm.readOnlyProperty()));
        add.disableProperty().bind(vm.readOnlyProperty());
        add.setOnAction(e -> {
            f.origin.set("hosts");
            vm.typing().clear(); // what the check while typing said, Add now says once
            String name = World.normalise(hostName.getText().strip());
            if (vm.addHost(hostName.getText(), newRole.getValue())) {
                pending = name;
            }
        });
        remove.setOnAction(e -> {
            f.origin.set("hosts");
            vm.removeHost(selected());
        });
        rename.setOnAction(e -> {
            f.origin.set("hosts");
            vm.typing().clear();
            String to = World.normalise(hostName.getText().strip());
            if (vm.renameHost(selected(), hostName.getText())) {
                pending = to;
            }
        });
        f.checkedAsTyped(scope, hostName, () -> selected() == null ? "" : selected(),
                text -> vm.typing().check(hostName.getId(), d -> WorldEdits.addHost(d, text, newRole.getValue())),
                null);
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 4, hostName, newRole, add, rename,
                remove); // wraps in a narrow half rather than cutting the buttons' names to "Rena…"
        for (var b : List.of(add, rename, remove)) {
            b.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        }
        hostName.setPrefColumnCount(14);

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE); // "User (mail client's address)", whole
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(120);
        form.getColumnConstraints().setAll(labels, fields);
        int row = 0;
        role.getItems().setAll(Role.values());
        role.setId("roleChoice");
        role.setAccessibleText(t.getString("editor.host.role"));
        role.setConverter(EditorFields.converter(r -> r.name().toLowerCase(Locale.ROOT)));
        role.setOnAction(e -> {
            if (!f.updating && selected() != null && role.getValue() != null) {
                f.origin.set("hosts");
                vm.setRole(selected(), role.getValue());
            }
        });
        form.addRow(row++, Forms.label(t, "editor.host.role"), role);
        for (String field : new String[] {"localDomains", "mailboxes", "mailboxHost", "smartHost", "relayFrom", "user",
                "smtp.software"}) {
            form.addRow(row++, Forms.label(t, "editor.field." + field), f.withTyping(hostField(scope, field)));
        }
        TextField password = f.field("host-password", "editor.field.password.prompt", 12);
        password.setOnAction(e -> commitPassword(password.getText()));
        f.checkedAsTyped(scope, password, () -> passwordOf(selected()), text -> { }, this::commitPassword);
        scope.listen(selection, (o, a, h) -> fillPassword(password));
        scope.listen(vm.draftProperty(), (o, a, d) -> fillPassword(password));
        password.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> userOf(selected()).isEmpty(), selection, vm.draftProperty()));
        form.addRow(row++, Forms.label(t, "editor.field.password"), f.withTyping(password));
        starttls.setId("starttlsCheck");
        starttls.setText(t.getString("editor.field.starttls"));
        starttls.setOnAction(e -> {
            if (!f.updating && selected() != null) {
                f.origin.set("hosts");
                vm.setStarttls(selected(), starttls.isSelected());
            }
        });
        form.addRow(row++, new Label(), starttls);
        fault.setId("faultChoice");
        fault.setAccessibleText(t.getString("editor.fault"));
        fault.getItems().setAll(HostFault.values());
        fault.setConverter(EditorFields.converter(vm::faultName));
        fault.setOnAction(e -> applyFault(true));
        faultParameter.setOnAction(e -> applyFault(false));
        faultParameter.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() ->
                fault.getValue() == null || fault.getValue().parameter() == HostFault.Parameter.NONE, fault.valueProperty()));
        f.checkedAsTyped(scope, faultParameter, () -> selected() == null ? "" : vm.faultOf(selected()).getValue(),
                text -> {
                    if (selected() != null && fault.getValue() != null) {
                        String h = selected();
                        HostFault chosen = fault.getValue();
                        vm.typing().check(faultParameter.getId(), d -> WorldEdits.setFault(d, h, chosen, text));
                    }
                }, text -> applyFault(false));
        javafx.scene.layout.FlowPane faultRow = new javafx.scene.layout.FlowPane(6, 4, fault,
                f.withTyping(faultParameter)); // the parameter goes under the choice where the half is narrow
        form.addRow(row++, Forms.label(t, "editor.fault"), faultRow);
        form.addRow(row, Forms.label(t, "editor.latency"), latencyRow(scope));
        scope.listen(selection, (o, a, h) -> showHost());
        scope.listen(vm.draftProperty(), (o, a, d) -> showHost());
        form.disableProperty().bind(noHost.or(vm.readOnlyProperty()));

        Label title = new Label(t.getString("editor.hosts"));
        title.getStyleClass().add("field-label");
        Label typed = f.typingLabel("hostTypingLabel", id -> id.equals(hostName.getId()));
        getChildren().setAll(title, hostTable, buttons, typed, f.inputLabel("hostInputLabel", "hosts"), form,
                f.problemLabel("hostProblemLabel", "hosts"));
        setSpacing(6);
        setStyle("-fx-padding: 6;");
        VBox.setVgrow(hostTable, Priority.ALWAYS);
    }

    /** A text field of the chosen host's settings, checked as typed; Enter or leaving it makes the edit. */
    private TextField hostField(ViewScope scope, String field) {
        TextField tf = f.field("host-" + field.replace('.', '-'), "editor.field." + field, 12);
        tf.setOnAction(e -> commitField(field, tf.getText()));
        f.checkedAsTyped(scope, tf, () -> value(selected(), field), text -> {
            if (selected() != null) {
                vm.typing().hostField(tf.getId(), selected(), field, text);
            }
        }, text -> commitField(field, text));
        scope.listen(hostTable.getSelectionModel().selectedItemProperty(), (o, a, h) -> fill(tf, field));
        scope.listen(vm.draftProperty(), (o, a, d) -> fill(tf, field));
        return tf;
    }

    private void fill(TextField tf, String field) {
        f.quietly(() -> tf.setText(value(selected(), field)));
    }

    private void commitField(String field, String text) {
        if (selected() != null) {
            f.origin.set("hosts");
            vm.setHostField(selected(), field, text);
        }
    }

    /**
     * The one-way latency of the link between the chosen host and another ({@code links.latencies}): choose the
     * other host, type milliseconds, Enter or Set.
     */
    private HBox latencyRow(ViewScope scope) {
        ChoiceBox<String> peer = new ChoiceBox<>();
        peer.setId("latencyPeerChoice");
        peer.setAccessibleText(f.t.getString("editor.latency.peer"));
        TextField ms = f.field("latencyField", "editor.latency.ms", 5);
        Button set = f.button("setLatencyButton", "editor.latency.set");
        Runnable peers = () -> {
            String keep = peer.getValue();
            peer.getItems().setAll(vm.hosts().stream().map(HostRow::name).filter(n -> !n.equals(selected())).toList());
            peer.setValue(peer.getItems().contains(keep) ? keep : null);
        };
        scope.listen(vm.hosts(), (javafx.collections.ListChangeListener<HostRow>) c -> peers.run());
        scope.listen(hostTable.getSelectionModel().selectedItemProperty(), (o, a, h) -> peers.run());
        Runnable show = () -> ms.setText(latency(selected(), peer.getValue()));
        scope.listen(peer.valueProperty(), (o, a, p) -> show.run());
        scope.listen(vm.draftProperty(), (o, a, d) -> show.run());
        Runnable apply = () -> {
            if (selected() == null || peer.getValue() == null) {
                return;
            }
            f.origin.set("hosts");
            try {
                double v = Double.parseDouble(ms.getText().strip());
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new NumberFormatException();
                }
                vm.setLatency(selected(), peer.getValue(), v);
            } catch (NumberFormatException e) {
                vm.inputErrorProperty().set(f.t.getString("editor.latency.number"));
            }
        };
        set.setOnAction(e -> apply.run());
        ms.setOnAction(e -> apply.run());
        set.disableProperty().bind(peer.valueProperty().isNull());
        set.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        HBox box = new HBox(6, peer, ms, set);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return box;
    }

    /** The latency set for the link between {@code a} and {@code b}, in milliseconds, or empty. */
    private String latency(String a, String b) {
        var d = vm.draftProperty().get();
        if (a == null || b == null || d == null) {
            return "";
        }
        for (var l : d.tree().path("links").path("latencies")) {
            String x = l.path("between").path(0).asText();
            String y = l.path("between").path(1).asText();
            if (x.equals(a) && y.equals(b) || x.equals(b) && y.equals(a)) {
                double v = l.path("latencyMs").asDouble();
                return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
            }
        }
        return "";
    }

    /** The mail client's user of host {@code h} (its {@code user:}), or empty. */
    private String userOf(String h) {
        return value(h, "user").strip();
    }

    /** The user's own password (lab, AUTH), or empty when the world's default password applies. */
    private String passwordOf(String h) {
        String user = userOf(h);
        var d = vm.draftProperty().get();
        return user.isEmpty() || d == null ? "" : d.tree().path("users").path("passwords").path(user).asText("");
    }

    private void fillPassword(TextField tf) {
        f.quietly(() -> tf.setText(passwordOf(selected())));
    }

    private void commitPassword(String text) {
        String user = userOf(selected());
        if (!user.isEmpty() && !text.equals(passwordOf(selected()))) {
            f.origin.set("hosts");
            vm.setPassword(user, text);
        }
    }

    /** The host chosen before the rows were given anew is chosen again, if it is still there. */
    private void keepChosen() {
        if (pending != null && hostTable.getItems().stream().anyMatch(r -> r.name().equals(pending))) {
            wanted = pending;
            pending = null;
        }
        if (wanted != null && !wanted.equals(selected())) {
            select(wanted);
        }
    }

    private void applyFault(boolean chosen) {
        HostFault choice = fault.getValue();
        if (f.updating || selected() == null || choice == null) {
            return;
        }
        String p = faultParameter.getText();
        if (chosen && (p == null || p.isBlank() || choice.parameter() != vm.faultOf(selected()).getKey().parameter())) {
            p = choice.defaultParameter();
        }
        f.origin.set("hosts");
        vm.setFault(selected(), choice, p);
    }

    private void showHost() {
        String h = selected();
        var host = h == null || vm.draftProperty().get() == null ? null : vm.draftProperty().get().host(h);
        f.quietly(() -> {
            if (host == null) { // no host chosen: the form shows nothing of the host chosen before
                role.setValue(null);
                fault.setValue(null);
                faultParameter.setText("");
                starttls.setSelected(false);
                return;
            }
            hostName.setText(h);
            role.setValue(Role.parse(host.path("role").asText("")));
            starttls.setSelected(host.path("smtp").path("starttls").asBoolean(true));
            var now = vm.faultOf(h);
            fault.setValue(now.getKey());
            faultParameter.setText(now.getValue());
        });
    }

    private String value(String h, String field) {
        var d = vm.draftProperty().get();
        var host = h == null || d == null ? null : d.host(h);
        if (host == null) {
            return "";
        }
        var leaf = host.at("/" + field.replace('.', '/'));
        return leaf.isArray() ? join(leaf) : leaf.isMissingNode() || leaf.isNull() ? "" : leaf.asText();
    }

    private static String join(com.fasterxml.jackson.databind.JsonNode list) {
        StringBuilder b = new StringBuilder();
        list.forEach(x -> b.append(b.length() == 0 ? "" : ", ").append(x.asText()));
        return b.toString();
    }

    String selected() {
        HostRow r = hostTable.getSelectionModel().getSelectedItem();
        return r == null ? null : r.name();
    }

    private void select(String name) {
        hostTable.getItems().stream().filter(r -> r.name().equals(name)).findFirst()
                .ifPresent(r -> hostTable.getSelectionModel().select(r));
    }
}

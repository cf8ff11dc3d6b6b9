package org.mailtrail.app.view;

import java.util.List;
import java.util.ResourceBundle;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.app.model.WorldEditorViewModel.RecordRow;
import org.mailtrail.world.ZoneRecord;

/**
 * The DNS half of the world editor: the records of one zone (RFC 1035 §5), a form to add, change or remove one
 * (MX with its preference, A, AAAA, CNAME, NS; {@code .} with preference 0 is a null MX, RFC 7505), and where mail
 * for each domain goes, as the simulation's MX policy finds it (RFC 5321 §5.1).
 */
final class DnsRecordsPane extends VBox {
    private final EditorFields f;
    private final WorldEditorViewModel vm;
    private final ResourceBundle t;
    final TableView<RecordRow> table = new TableView<>();
    private final ChoiceBox<String> type = new ChoiceBox<>();
    private final TextField owner;
    private final TextField preference;
    private final TextField value;
    private final TextField ttl;

    DnsRecordsPane(EditorFields f, ViewScope scope) {
        this.f = f;
        this.vm = f.vm;
        this.t = f.t;
        setSpacing(6);
        setStyle("-fx-padding: 6;");
        owner = field("recordNameField", "editor.record.name", 14);
        preference = field("recordPreferenceField", "editor.record.preference", 4);
        value = field("recordValueField", "editor.record.value", 14);
        ttl = field("recordTtlField", "editor.record.ttl", 5);
        ChoiceBox<String> domain = new ChoiceBox<>(vm.domains());
        domain.setId("domainChoice");
        domain.setAccessibleText(t.getString("editor.domain"));
        domain.valueProperty().bindBidirectional(vm.domainProperty());
        table.setId("dnsRecordTable");
        table.setAccessibleText(t.getString("editor.records"));
        table.setItems(vm.records());
        table.getColumns().setAll(List.of(
                EditorFields.column(t, "editor.record.name", RecordRow::owner, 170),
                EditorFields.column(t, "editor.record.ttl", r -> String.valueOf(r.ttl()), 60),
                EditorFields.column(t, "editor.record.type", RecordRow::type, 60),
                EditorFields.column(t, "editor.record.data", RecordRow::data, 240)));
        EditorFields.markProblemRows(table, RecordRow::problem);
        table.setPrefHeight(220);
        table.setMinHeight(140);
        scope.listen(table.getSelectionModel().selectedItemProperty(), (o, a, r) -> fill(r));
        type.setId("recordTypeChoice");
        type.getItems().setAll(ZoneRecord.EDITABLE_TYPES);
        type.setValue("MX");
        Button add = button("addRecordButton", "editor.record.add");
        Button apply = button("applyRecordButton", "editor.record.apply");
        Button remove = button("removeRecordButton", "editor.record.remove");
        var none = table.getSelectionModel().selectedItemProperty().isNull();
        apply.disableProperty().bind(none.or(vm.readOnlyProperty()));
        remove.disableProperty().bind(none.or(vm.readOnlyProperty()));
        add.disableProperty().bind(vm.readOnlyProperty());
        add.setOnAction(e -> record(-1));
        apply.setOnAction(e -> record(table.getSelectionModel().getSelectedItem().index()));
        remove.setOnAction(e -> {
            f.origin.set("records");
            vm.removeRecord(table.getSelectionModel().getSelectedItem().index());
        });
        javafx.scene.layout.FlowPane form = new javafx.scene.layout.FlowPane(6, 4, type, owner, preference, value, ttl);
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(6, 4, add, apply, remove);
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {type, owner, preference, value, ttl,
                add, apply, remove}) {
            c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE); // wrapped, never cut to "Pr" (a tester)
        }
        Label problem = f.problemLabel("recordProblemLabel", "zone");
        ListView<String> mx = new ListView<>(vm.mxOrder());
        mx.setId("mxOrderList");
        mx.setAccessibleText(t.getString("editor.mxOrder"));
        mx.setCellFactory(list -> new javafx.scene.control.ListCell<>() { // a long line wraps, not cut at the right
            {
                setWrapText(true);
                prefWidthProperty().bind(list.widthProperty().subtract(24));
                setMaxWidth(javafx.scene.control.Control.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
            }
        });
        mx.setPrefHeight(110);
        mx.setMinHeight(80);
        Label title = new Label(t.getString("editor.records"));
        title.getStyleClass().add("field-label");
        Label mxTitle = new Label(t.getString("editor.mxOrder"));
        mxTitle.getStyleClass().add("field-label");
        TextField newDomain = field("domainNameField", "editor.domain.name", 12);
        Button addDomain = button("addDomainButton", "editor.domain.add");
        Button removeDomain = button("removeDomainButton", "editor.domain.remove");
        addDomain.disableProperty().bind(vm.readOnlyProperty());
        removeDomain.disableProperty().bind(vm.readOnlyProperty().or(vm.domainProperty().isNull()));
        addDomain.setOnAction(e -> {
            f.origin.set("records");
            if (vm.addDomain(newDomain.getText())) {
                newDomain.clear();
            }
        });
        newDomain.setOnAction(addDomain.getOnAction());
        removeDomain.setOnAction(e -> {
            f.origin.set("records");
            vm.removeDomain(vm.domainProperty().get());
        });
        f.checkedAsTyped(scope, newDomain, () -> "", text -> vm.typing().check(newDomain.getId(),
                d -> org.mailtrail.world.WorldEdits.addDomain(d, text)), null);
        javafx.scene.layout.FlowPane domains = new javafx.scene.layout.FlowPane(6, 4, title, domain, removeDomain,
                newDomain, addDomain);
        domains.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().setAll(domains, f.typingLabel("domainTypingLabel", id -> id.equals("domainNameField")),
                table, form, buttons,
                f.inputLabel("recordInputLabel", "records"), problem, mxTitle, mx);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    /** Shows the chosen record in the form, so that it can be changed. */
    private void fill(RecordRow row) {
        if (row == null || vm.draftProperty().get() == null) {
            return;
        }
        ZoneRecord r = vm.draftProperty().get().records().get(row.index());
        type.setValue(ZoneRecord.EDITABLE_TYPES.contains(r.type()) ? r.type() : null);
        owner.setText(r.owner());
        preference.setText(r.preference() < 0 ? "" : String.valueOf(r.preference()));
        value.setText(r.target());
        ttl.setText(String.valueOf(r.ttl()));
    }

    private void record(int index) {
        f.origin.set("records");
        long seconds;
        int pref;
        try {
            seconds = ttl.getText().isBlank() ? org.mailtrail.dns.WorldZones.DEFAULT_TTL
                    : Long.parseLong(ttl.getText().strip());
            pref = preference.getText().isBlank() ? 0 : Integer.parseInt(preference.getText().strip());
        } catch (NumberFormatException e) {
            vm.inputErrorProperty().set(t.getString("editor.record.number"));
            return;
        }
        String o = owner.getText().isBlank() && vm.domainProperty().get() != null ? vm.domainProperty().get()
                : owner.getText();
        if (index < 0) {
            vm.addRecord(type.getValue(), o, seconds, value.getText(), pref);
        } else {
            vm.replaceRecord(index, type.getValue(), o, seconds, value.getText(), pref);
        }
    }

    private TextField field(String id, String key, int columns) {
        return f.field(id, key, columns);
    }

    private Button button(String id, String key) {
        return f.button(id, key);
    }
}

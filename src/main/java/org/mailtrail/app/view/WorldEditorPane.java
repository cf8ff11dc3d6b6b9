package org.mailtrail.app.view;

import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.app.model.WorldEditorViewModel.HostRow;
import org.mailtrail.world.HostFault;
import org.mailtrail.world.Role;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldTemplates;

/**
 * The World tab (docs/worlds.md, "The world editor"): hosts with their roles, settings and faults on the left, the
 * DNS records of a zone and where mail goes on the right ({@link DnsRecordsPane}). Thin over
 * {@link WorldEditorViewModel}: each field commits one edit (Enter, or a choice made), Ctrl+Z / Ctrl+Y undo and redo.
 */
public final class WorldEditorPane extends BorderPane {
    static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
    private final WorldEditorViewModel vm;
    private final ResourceBundle t;
    final TableView<HostRow> hostTable = new TableView<>();
    private final TextField hostName;
    private final ChoiceBox<Role> role = new ChoiceBox<>();
    private final ChoiceBox<HostFault> fault = new ChoiceBox<>();
    private final TextField faultParameter;
    private final java.util.function.Supplier<org.mailtrail.engine.Compose> message;
    private final CheckBox starttls = new CheckBox();
    private boolean updating;
    /** Asks where to save the world (a file chooser; tests give a path of their own). */
    private java.util.function.Supplier<java.nio.file.Path> saveTarget = this::chooseSaveTarget;

    public WorldEditorPane(WorldEditorViewModel vm, ResourceBundle editorTexts, ViewScope scope) {
        this(vm, editorTexts, scope, null);
    }

    /** @param message the message composed in the window (null: none), which can become the world's default */
    public WorldEditorPane(WorldEditorViewModel vm, ResourceBundle editorTexts, ViewScope scope,
                           java.util.function.Supplier<org.mailtrail.engine.Compose> message) {
        this.vm = vm;
        this.message = message;
        this.t = editorTexts;
        hostName = field("hostNameField", "editor.host.name");
        faultParameter = field("faultParameterField", "editor.fault.parameter");
        vm.useTexts(editorTexts);
        setId("worldEditor");
        setAccessibleText(t.getString("editor.title"));
        getStyleClass().add("world-editor");
        setTop(toolbar());
        javafx.scene.control.ScrollPane dns = new javafx.scene.control.ScrollPane(new DnsRecordsPane(vm, t, scope));
        dns.setFitToWidth(true);
        SplitPane split = new SplitPane(hostsPane(scope), dns);
        split.setDividerPositions(0.5);
        setCenter(split);
        setBottom(bottom(scope));
        setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
                vm.undo();
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN).match(e)) {
                vm.redo();
                e.consume();
            }
        });
    }

    private Node toolbar() {
        Button undo = button("undoButton", "editor.undo");
        Button redo = button("redoButton", "editor.redo");
        Button save = button("saveWorldButton", "editor.saveAs");
        undo.disableProperty().bind(vm.canUndoProperty().not());
        redo.disableProperty().bind(vm.canRedoProperty().not());
        save.disableProperty().bind(vm.validProperty().not().or(vm.readOnlyProperty()));
        undo.setOnAction(e -> vm.undo());
        redo.setOnAction(e -> vm.redo());
        save.setOnAction(e -> {
            java.nio.file.Path target = saveTarget.get();
            if (target != null) {
                vm.saveAs(target);
            }
        });
        MenuButton fresh = new MenuButton(t.getString("editor.new"));
        fresh.setId("newWorldButton");
        for (WorldTemplates w : WorldTemplates.values()) {
            MenuItem i = new MenuItem(t.getString("editor.template." + w.name().toLowerCase(java.util.Locale.ROOT)));
            i.setOnAction(e -> vm.newWorld(w));
            fresh.getItems().add(i);
        }
        Label modified = new Label(t.getString("editor.modified"));
        modified.setId("worldModifiedLabel");
        modified.getStyleClass().add("status-error");
        modified.visibleProperty().bind(vm.modifiedProperty());
        Label readOnly = new Label();
        readOnly.setId("worldReadOnlyLabel");
        readOnly.textProperty().bind(vm.readOnlyNoteProperty());
        readOnly.setWrapText(true);
        Button copy = button("editCopyButton", "editor.editCopy");
        copy.visibleProperty().bind(vm.readOnlyProperty());
        copy.managedProperty().bind(vm.readOnlyProperty());
        copy.setOnAction(e -> vm.editCopy());
        HBox bar = new HBox(8, undo, redo, save, fresh, modified, readOnly, copy);
        bar.getStyleClass().add("editor-toolbar");
        bar.setStyle("-fx-padding: 4; -fx-alignment: center-left;");
        return bar;
    }

    private java.nio.file.Path chooseSaveTarget() {
        FileChooser c = new FileChooser();
        c.setTitle(t.getString("editor.saveAs"));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
        var f = c.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Replaces the file chooser of Save as… (headless tests, where no native dialog can open). */
    public void setSaveTarget(java.util.function.Supplier<java.nio.file.Path> chooser) {
        this.saveTarget = chooser;
    }

    private Node hostsPane(ViewScope scope) {
        hostTable.setId("hostTable");
        hostTable.setAccessibleText(t.getString("editor.hosts"));
        hostTable.setItems(vm.hosts());
        hostTable.getColumns().setAll(List.of(column("editor.host.name", HostRow::name, 210),
                column("editor.host.role", HostRow::role, 90), column("editor.host.fault", HostRow::fault, 170)));
        hostTable.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(HostRow r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(PROBLEM, !empty && r != null && r.problem());
            }
        });
        hostTable.setPrefHeight(220);
        hostTable.setMinHeight(140);
        role.getItems().setAll(Role.values());
        role.setId("roleChoice");
        role.setConverter(converter(r -> r.name().toLowerCase(java.util.Locale.ROOT)));
        Button add = button("addHostButton", "editor.host.add");
        Button remove = button("removeHostButton", "editor.host.remove");
        Button rename = button("renameHostButton", "editor.host.rename");
        var noHost = hostTable.getSelectionModel().selectedItemProperty().isNull();
        remove.disableProperty().bind(noHost.or(vm.readOnlyProperty()));
        rename.disableProperty().bind(noHost.or(vm.readOnlyProperty()));
        add.disableProperty().bind(vm.readOnlyProperty());
        add.setOnAction(e -> {
            if (vm.addHost(hostName.getText(), role.getValue() == null ? Role.MX : role.getValue())) {
                select(World.normalise(hostName.getText()));
            }
        });
        remove.setOnAction(e -> vm.removeHost(selected()));
        rename.setOnAction(e -> {
            String to = World.normalise(hostName.getText().strip());
            if (vm.renameHost(selected(), hostName.getText())) {
                select(to);
            }
        });
        role.setOnAction(e -> {
            if (!updating && selected() != null && role.getValue() != null) {
                vm.setRole(selected(), role.getValue());
            }
        });
        HBox buttons = new HBox(6, hostName, role, add, rename, remove);
        HBox.setHgrow(hostName, Priority.ALWAYS);

        GridPane form = new GridPane();
        form.setHgap(6);
        form.setVgap(4);
        int row = 0;
        for (String f : new String[] {"localDomains", "mailboxes", "mailboxHost", "smartHost", "relayFrom", "user",
                "smtp.software"}) {
            TextField tf = field("host-" + f.replace('.', '-'), "editor.field." + f);
            tf.setOnAction(e -> {
                if (selected() != null) {
                    vm.setHostField(selected(), f, tf.getText());
                }
            });
            checkedAsTyped(scope, tf, () -> value(hostTable.getSelectionModel().getSelectedItem(), f), text -> {
                if (selected() != null) {
                    vm.typing().hostField(tf.getId(), selected(), f, text);
                }
            }, text -> {
                if (selected() != null) {
                    vm.setHostField(selected(), f, text);
                }
            });
            scope.listen(hostTable.getSelectionModel().selectedItemProperty(), (o, a, h) -> tf.setText(value(h, f)));
            scope.listen(vm.draftProperty(), (o, a, d) -> tf.setText(value(hostTable.getSelectionModel()
                    .getSelectedItem(), f)));
            form.addRow(row++, Forms.label(t, "editor.field." + f), tf);
        }
        starttls.setId("starttlsCheck");
        starttls.setText(t.getString("editor.field.starttls"));
        starttls.setOnAction(e -> {
            if (!updating && selected() != null) {
                vm.setStarttls(selected(), starttls.isSelected());
            }
        });
        form.addRow(row++, new Label(), starttls);
        fault.setId("faultChoice");
        fault.setAccessibleText(t.getString("editor.fault"));
        fault.getItems().setAll(HostFault.values());
        fault.setConverter(converter(vm::faultName));
        fault.setOnAction(e -> applyFault(true));
        faultParameter.setOnAction(e -> applyFault(false));
        form.addRow(row, Forms.label(t, "editor.fault"), new HBox(6, fault, faultParameter));
        scope.listen(hostTable.getSelectionModel().selectedItemProperty(), (o, a, h) -> showHost());
        scope.listen(vm.draftProperty(), (o, a, d) -> showHost());
        form.disableProperty().bind(noHost.or(vm.readOnlyProperty()));

        Label problem = problemLabel("hostProblemLabel", "hosts");
        Label typed = typingLabel("hostTypingLabel", "host-");
        Label title = new Label(t.getString("editor.hosts"));
        title.getStyleClass().add("field-label");
        VBox box = new VBox(6, title, hostTable, buttons, form, typed, problem);
        box.setStyle("-fx-padding: 6;");
        VBox.setVgrow(hostTable, Priority.ALWAYS);
        return new javafx.scene.control.ScrollPane(box) {
            {
                setFitToWidth(true);
            }
        };
    }

    private void applyFault(boolean chosen) {
        HostFault f = fault.getValue();
        if (updating || selected() == null || f == null) {
            return;
        }
        String p = faultParameter.getText();
        if (chosen && (p == null || p.isBlank() || f.parameter() != vm.faultOf(selected()).getKey().parameter())) {
            p = f.defaultParameter();
        }
        vm.setFault(selected(), f, p);
    }

    private void showHost() {
        String h = selected();
        updating = true;
        try {
            var host = h == null || vm.draftProperty().get() == null ? null : vm.draftProperty().get().host(h);
            if (host == null) {
                return;
            }
            hostName.setText(h);
            role.setValue(Role.parse(host.path("role").asText("")));
            starttls.setSelected(host.path("smtp").path("starttls").asBoolean(true));
            var f = vm.faultOf(h);
            fault.setValue(f.getKey());
            faultParameter.setText(f.getValue());
        } finally {
            updating = false;
        }
    }

    private String value(HostRow h, String field) {
        var d = vm.draftProperty().get();
        var host = h == null || d == null ? null : d.host(h.name());
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

    private Node bottom(ViewScope scope) {
        TextField interval = field("retryIntervalField", "editor.retry.interval");
        TextField giveUp = field("retryGiveUpField", "editor.retry.giveUp");
        ChoiceBox<String> route = new ChoiceBox<>();
        route.setId("routeDefaultChoice");
        route.getItems().setAll("direct", "relay", "both");
        TextField password = field("passwordField", "editor.password");
        interval.setOnAction(e -> vm.set("retry.intervalMinutes", interval.getText().strip()));
        giveUp.setOnAction(e -> vm.set("retry.giveUpHours", giveUp.getText().strip()));
        for (String[] r : new String[][] {{"retry.intervalMinutes"}, {"retry.giveUpHours"}}) {
            TextField tf = r[0].endsWith("Minutes") ? interval : giveUp;
            checkedAsTyped(scope, tf, () -> {
                var d = vm.draftProperty().get();
                return d == null ? "" : orEmpty(d.text(r[0]));
            }, text -> vm.typing().setting(tf.getId(), r[0], text.strip()), text -> vm.set(r[0], text.strip()));
        }
        password.setOnAction(e -> vm.setPassword(null, password.getText()));
        route.setOnAction(e -> {
            if (!updating && route.getValue() != null) {
                vm.set("defaults.route", route.getValue());
            }
        });
        ChoiceBox<String> retrieval = new ChoiceBox<>();
        retrieval.setId("retrievalDefaultChoice");
        retrieval.setAccessibleText(t.getString("editor.retrieval"));
        retrieval.getItems().setAll("imap", "pop3", "none");
        retrieval.setOnAction(e -> {
            if (!updating && retrieval.getValue() != null) {
                vm.set("defaults.retrieval", retrieval.getValue());
            }
        });
        Button useMessage = button("useMessageAsDefaultButton", "editor.useMessage");
        useMessage.setVisible(message != null);
        useMessage.setManaged(message != null);
        useMessage.disableProperty().bind(vm.readOnlyProperty());
        useMessage.setOnAction(e -> vm.setDefaultMessage(message.get()));
        javafx.beans.value.ChangeListener<org.mailtrail.world.WorldDraft> fill = (o, a, d) -> {
            updating = true;
            interval.setText(d == null ? "" : orEmpty(d.text("retry.intervalMinutes")));
            giveUp.setText(d == null ? "" : orEmpty(d.text("retry.giveUpHours")));
            password.setText(d == null ? "" : orEmpty(d.text("users.defaultPassword")));
            route.setValue(d == null ? null : d.text("defaults.route"));
            String r = d == null ? null : d.text("defaults.retrieval");
            retrieval.setValue(r == null ? "imap" : r);
            updating = false;
        };
        scope.listen(vm.draftProperty(), fill);
        fill.changed(null, null, vm.draftProperty().get());
        javafx.scene.layout.FlowPane settings = new javafx.scene.layout.FlowPane(12, 4, // a label wraps with its field
                pair("editor.retry.interval", interval), pair("editor.retry.giveUp", giveUp), pair("editor.route", route),
                pair("editor.retrieval", retrieval), pair("editor.password", password), useMessage);
        settings.setStyle("-fx-alignment: center-left;");
        interval.setPrefColumnCount(4);
        giveUp.setPrefColumnCount(4);
        Label problem = new Label();
        problem.setId("worldProblemLabel");
        problem.getStyleClass().add("status-error");
        problem.setWrapText(true);
        problem.textProperty().bind(Bindings.when(vm.problemProperty().isEmpty()).then("")
                .otherwise(Bindings.concat(t.getString("editor.problem"), " ", vm.problemProperty())));
        Label input = new Label();
        input.setId("editorInputLabel");
        input.getStyleClass().add("status-error");
        input.textProperty().bind(vm.inputErrorProperty());
        Label notice = new Label();
        notice.setId("editorNoticeLabel");
        notice.textProperty().bind(vm.noticeProperty());
        VBox box = new VBox(4, settings, typingLabel("settingsTypingLabel", "retry"), problem, input, notice);
        box.setStyle("-fx-padding: 6;");
        return box;
    }

    private HBox pair(String key, Node field) {
        HBox b = new HBox(6, Forms.label(t, key), field);
        b.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return b;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * A text field checked as it is typed in (docs/worlds.md): each change is checked with the loader's rules
     * ({@code preview}) and the field is marked while the text would be refused; leaving the field makes the edit
     * ({@code commit}), as Enter does, unless the text is what the world holds already.
     */
    private void checkedAsTyped(ViewScope scope, TextField tf, java.util.function.Supplier<String> stored,
                                java.util.function.Consumer<String> preview, java.util.function.Consumer<String> commit) {
        tf.textProperty().addListener((o, a, text) -> {
            if (!updating && !text.equals(stored.get())) { // a text set from the world is what the world holds
                preview.accept(text);
            }
        });
        tf.focusedProperty().addListener((o, was, now) -> {
            if (!now && !updating && !tf.getText().equals(stored.get()) && !vm.readOnlyProperty().get()) {
                commit.accept(tf.getText());
            }
        });
        var typing = vm.typing();
        javafx.beans.value.ChangeListener<String> mark = (o, a, b) -> tf.pseudoClassStateChanged(PROBLEM,
                tf.getId().equals(typing.fieldProperty().get()) && !typing.problemProperty().get().isEmpty());
        scope.listen(typing.fieldProperty(), mark);
        scope.listen(typing.problemProperty(), mark);
    }

    /** What the loader would say about the text being typed in a field whose id starts with {@code prefix}. */
    private Label typingLabel(String id, String prefix) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("status-error");
        l.setWrapText(true);
        var typing = vm.typing();
        l.textProperty().bind(Bindings.when(Bindings.createBooleanBinding(() -> typing.fieldProperty().get()
                .startsWith(prefix), typing.fieldProperty())).then(typing.problemProperty()).otherwise(""));
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    /** A label that shows the loader's problem when it is about {@code field}. */
    Label problemLabel(String id, String field) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("status-error");
        l.setWrapText(true);
        l.textProperty().bind(Bindings.when(vm.problemFieldProperty().isEqualTo(field))
                .then(vm.problemProperty()).otherwise(""));
        return l;
    }

    private String selected() {
        HostRow r = hostTable.getSelectionModel().getSelectedItem();
        return r == null ? null : r.name();
    }

    private void select(String name) {
        hostTable.getItems().stream().filter(r -> r.name().equals(name)).findFirst()
                .ifPresent(r -> hostTable.getSelectionModel().select(r));
    }

    private TextField field(String id, String key) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(t.getString(key));
        f.setAccessibleText(t.getString(key));
        f.setPrefColumnCount(12);
        return f;
    }

    Button button(String id, String key) {
        Button b = new Button(t.getString(key));
        b.setId(id);
        b.setAccessibleText(t.getString(key));
        return b;
    }

    static <R> TableColumn<R, String> column(ResourceBundle t, String key, java.util.function.Function<R, String> f,
                                             double width) {
        TableColumn<R, String> c = new TableColumn<>(t.getString(key));
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private <R> TableColumn<R, String> column(String key, java.util.function.Function<R, String> f, double width) {
        return column(t, key, f, width);
    }

    static <T> StringConverter<T> converter(java.util.function.Function<T, String> f) {
        return new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : f.apply(v);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        };
    }
}

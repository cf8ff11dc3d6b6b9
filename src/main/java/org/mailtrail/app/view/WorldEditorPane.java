package org.mailtrail.app.view;

import java.util.ResourceBundle;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mailtrail.app.model.WorldEditorViewModel;
import org.mailtrail.app.model.WorldEditorViewModel.HostRow;
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
    private final EditorFields f;
    private final HostsPane hosts;
    final TableView<HostRow> hostTable;
    private final java.util.function.Supplier<org.mailtrail.engine.Compose> message;
    /** Asks where to save the world (a file chooser; tests give a path of their own). */
    private java.util.function.Supplier<java.nio.file.Path> saveTarget = this::chooseSaveTarget;

    public WorldEditorPane(WorldEditorViewModel vm, ResourceBundle editorTexts, ViewScope scope) {
        this(vm, editorTexts, scope, null, null);
    }

    /**
     * @param message the message composed in the window (null: none), which can become the world's default
     * @param kept    true while a lesson is under way: the world (its faults, where mail goes) is kept back, since it
     *                would give the answers away ({@code LessonSecrets}); null: never
     */
    public WorldEditorPane(WorldEditorViewModel vm, ResourceBundle editorTexts, ViewScope scope,
                           java.util.function.Supplier<org.mailtrail.engine.Compose> message,
                           javafx.beans.value.ObservableBooleanValue kept) {
        this.vm = vm;
        this.message = message;
        this.t = editorTexts;
        this.f = new EditorFields(vm, editorTexts);
        vm.useTexts(editorTexts);
        setId("worldEditor");
        setAccessibleText(t.getString("editor.title"));
        getStyleClass().add("world-editor");
        Label readOnly = new Label(); // a row of its own: the long note would squeeze the toolbar's buttons
        readOnly.setId("worldReadOnlyLabel");
        readOnly.textProperty().bind(vm.readOnlyNoteProperty());
        readOnly.setWrapText(true);
        readOnly.visibleProperty().bind(vm.readOnlyProperty());
        readOnly.managedProperty().bind(vm.readOnlyProperty());
        readOnly.setStyle("-fx-padding: 0 6 4 6;");
        setTop(new VBox(toolbar(), readOnly));
        hosts = new HostsPane(f, scope);
        hostTable = hosts.hostTable;
        javafx.scene.control.ScrollPane hostScroll = new javafx.scene.control.ScrollPane(hosts);
        hostScroll.setFitToWidth(true);
        javafx.scene.control.ScrollPane dns = new javafx.scene.control.ScrollPane(new DnsRecordsPane(f, scope));
        dns.setFitToWidth(true);
        SplitPane split = new SplitPane(hostScroll, dns);
        split.setDividerPositions(0.5);
        if (kept == null) {
            setCenter(split);
        } else {
            Label note = new Label(t.getString("editor.keptBack"));
            note.setId("worldKeptBackNote");
            note.setWrapText(true);
            note.setStyle("-fx-padding: 24;");
            note.visibleProperty().bind(kept);
            split.visibleProperty().bind(Bindings.not(kept));
            setCenter(new javafx.scene.layout.StackPane(split, note));
        }
        Node bottom = bottom(scope);
        if (kept != null) {
            bottom.visibleProperty().bind(Bindings.not(kept));
            getTop().disableProperty().bind(Bindings.createBooleanBinding(kept::get, kept));
        }
        setBottom(bottom);
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
        Button undo = f.button("undoButton", "editor.undo");
        Button redo = f.button("redoButton", "editor.redo");
        Button save = f.button("saveWorldButton", "editor.saveAs");
        undo.disableProperty().bind(vm.canUndoProperty().not());
        redo.disableProperty().bind(vm.canRedoProperty().not());
        save.disableProperty().bind(vm.validProperty().not().or(vm.readOnlyProperty()));
        undo.setOnAction(e -> vm.undo());
        redo.setOnAction(e -> vm.redo());
        save.setOnAction(e -> {
            java.nio.file.Path target = saveTarget.get();
            if (target != null) {
                f.origin.set("settings");
                vm.saveAs(target);
            }
        });
        MenuButton fresh = new MenuButton(t.getString("editor.new"));
        fresh.setId("newWorldButton");
        for (WorldTemplates w : WorldTemplates.values()) {
            MenuItem i = new MenuItem(t.getString("editor.template." + w.name().toLowerCase(java.util.Locale.ROOT)));
            i.setOnAction(e -> {
                if (DiscardEdits.mayDiscard(this, vm, t)) {
                    vm.newWorld(w);
                }
            });
            fresh.getItems().add(i);
        }
        Label modified = new Label(t.getString("editor.modified"));
        modified.setId("worldModifiedLabel");
        modified.getStyleClass().add("status-error");
        modified.visibleProperty().bind(vm.modifiedProperty());
        Button copy = f.button("editCopyButton", "editor.editCopy");
        copy.visibleProperty().bind(vm.readOnlyProperty());
        copy.managedProperty().bind(vm.readOnlyProperty());
        copy.setOnAction(e -> vm.editCopy());
        HBox bar = new HBox(8, undo, redo, save, fresh, copy, modified);
        bar.getStyleClass().add("editor-toolbar");
        bar.setStyle("-fx-padding: 4; -fx-alignment: center-left;");
        for (Node n : bar.getChildren()) {
            if (n instanceof javafx.scene.control.Control c) {
                c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE); // never squeezed to "…"
            }
        }
        return bar;
    }

    private java.nio.file.Path chooseSaveTarget() {
        FileChooser c = new FileChooser();
        c.setTitle(t.getString("editor.saveAs"));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
        var d = vm.draftProperty().get();
        String name = d == null || d.text("name") == null ? "my-world" : d.text("name");
        // a name to start from: the world's own, or "my-direct" for a built-in scenario's
        c.setInitialFileName((org.mailtrail.world.WorldLoader.BUILT_IN.contains(name) || name.equals("world")
                ? "my-" + name : name) + ".yaml");
        var f = c.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    /** Replaces the file chooser of Save as… (headless tests, where no native dialog can open). */
    public void setSaveTarget(java.util.function.Supplier<java.nio.file.Path> chooser) {
        this.saveTarget = chooser;
    }

    private Node bottom(ViewScope scope) {
        TextField interval = f.field("retryIntervalField", "editor.retry.interval", 12);
        TextField giveUp = f.field("retryGiveUpField", "editor.retry.giveUp", 12);
        ChoiceBox<String> route = new ChoiceBox<>();
        route.setId("routeDefaultChoice");
        route.getItems().setAll("direct", "relay", "both");
        TextField password = f.field("passwordField", "editor.password", 12);
        interval.setOnAction(e -> setting("retry.intervalMinutes", interval.getText().strip()));
        giveUp.setOnAction(e -> setting("retry.giveUpHours", giveUp.getText().strip()));
        for (String[] r : new String[][] {{"retry.intervalMinutes"}, {"retry.giveUpHours"}}) {
            TextField tf = r[0].endsWith("Minutes") ? interval : giveUp;
            f.checkedAsTyped(scope, tf, () -> {
                var d = vm.draftProperty().get();
                return d == null ? "" : orEmpty(d.text(r[0]));
            }, text -> vm.typing().setting(tf.getId(), r[0], text.strip()), text -> setting(r[0], text.strip()), "retry");
        }
        password.setOnAction(e -> {
            f.origin.set("settings");
            vm.setPassword(null, password.getText());
        });
        route.setOnAction(e -> {
            if (!f.updating && route.getValue() != null) {
                setting("defaults.route", route.getValue());
            }
        });
        ChoiceBox<String> retrieval = new ChoiceBox<>();
        retrieval.setId("retrievalDefaultChoice");
        retrieval.setAccessibleText(t.getString("editor.retrieval"));
        retrieval.getItems().setAll("imap", "pop3", "none");
        retrieval.setOnAction(e -> {
            if (!f.updating && retrieval.getValue() != null) {
                setting("defaults.retrieval", retrieval.getValue());
            }
        });
        Button useMessage = f.button("useMessageAsDefaultButton", "editor.useMessage");
        useMessage.setVisible(message != null);
        useMessage.setManaged(message != null);
        useMessage.disableProperty().bind(vm.readOnlyProperty());
        useMessage.setOnAction(e -> {
            f.origin.set("settings");
            vm.setDefaultMessage(message.get());
        });
        TextField title = f.field("worldTitleField", "editor.worldTitle", 24);
        javafx.scene.control.TextArea description = new javafx.scene.control.TextArea();
        description.setId("worldDescriptionArea");
        description.setPromptText(t.getString("editor.worldDescription"));
        description.setAccessibleText(t.getString("editor.worldDescription"));
        description.setPrefRowCount(2);
        description.setPrefColumnCount(40);
        description.setWrapText(true);
        title.setOnAction(e -> text("title", title.getText()));
        for (var field : java.util.List.of(title, description)) {
            String name = field == title ? "title" : "description";
            f.checkedAsTyped(scope, field, () -> {
                var d = vm.draftProperty().get();
                return d == null ? "" : orEmpty(d.text(name));
            }, typed -> vm.typing().check(field.getId(), d -> org.mailtrail.world.WorldEdits.setText(d, name, typed)),
                    typed -> text(name, typed));
        }
        javafx.beans.value.ChangeListener<org.mailtrail.world.WorldDraft> fill = (o, a, d) -> f.quietly(() -> {
            title.setText(d == null ? "" : orEmpty(d.text("title")));
            description.setText(d == null ? "" : orEmpty(d.text("description")));
            interval.setText(d == null ? "" : orEmpty(d.text("retry.intervalMinutes")));
            giveUp.setText(d == null ? "" : orEmpty(d.text("retry.giveUpHours")));
            password.setText(d == null ? "" : orEmpty(d.text("users.defaultPassword")));
            route.setValue(d == null ? null : d.text("defaults.route"));
            String r = d == null ? null : d.text("defaults.retrieval");
            retrieval.setValue(r == null ? "imap" : r);
        });
        scope.listen(vm.draftProperty(), fill);
        // after "Edit a copy" the fields show the copy (the same world: no change of the draft is seen)
        scope.listen(vm.readOnlyProperty(), (o, a, b) -> fill.changed(null, null, vm.draftProperty().get()));
        fill.changed(null, null, vm.draftProperty().get());
        javafx.scene.layout.FlowPane settings = new javafx.scene.layout.FlowPane(12, 4, // a label wraps with its field
                pair("editor.retry.interval", interval), pair("editor.retry.giveUp", giveUp), pair("editor.route", route),
                pair("editor.retrieval", retrieval), pair("editor.password", password), useMessage);
        settings.getChildren().addAll(pair("editor.worldTitle", title), pair("editor.worldDescription", description));
        HBox.setHgrow(description, javafx.scene.layout.Priority.ALWAYS);
        settings.setStyle("-fx-alignment: center-left;");
        settings.disableProperty().bind(vm.readOnlyProperty()); // a hand-written world takes no input it would ignore
        interval.setPrefColumnCount(4);
        giveUp.setPrefColumnCount(4);
        Label problem = new Label();
        problem.setId("worldProblemLabel");
        problem.getStyleClass().add("status-error");
        problem.setWrapText(true);
        problem.textProperty().bind(Bindings.when(vm.problemProperty().isEmpty()).then("")
                .otherwise(Bindings.concat(t.getString("editor.problem"), " ", vm.problemProperty())));
        Label input = f.inputLabel("editorInputLabel", "settings");
        Label notice = new Label();
        notice.setId("editorNoticeLabel");
        notice.textProperty().bind(vm.noticeProperty());
        notice.managedProperty().bind(notice.textProperty().isNotEmpty());
        javafx.scene.control.TitledPane more = new javafx.scene.control.TitledPane(t.getString("editor.settings"),
                settings); // folded by default: the hosts and records get the height (found cramped by a tester)
        more.setId("worldSettingsPane");
        more.setExpanded(false);
        more.setAnimated(false);
        VBox box = new VBox(4, more, f.typingLabel("settingsTypingLabel",
                id -> id.startsWith("retry") || id.startsWith("world")), problem,
                input, notice);
        box.setStyle("-fx-padding: 6;");
        return box;
    }

    private void text(String field, String value) {
        f.origin.set("settings");
        vm.setText(field, value);
    }

    private void setting(String path, String value) {
        f.origin.set("settings");
        vm.set(path, value);
    }

    private HBox pair(String key, Node field) {
        HBox b = new HBox(6, Forms.label(t, key), field);
        b.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return b;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

}

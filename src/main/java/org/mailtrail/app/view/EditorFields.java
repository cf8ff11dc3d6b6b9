package org.mailtrail.app.view;

import java.util.ResourceBundle;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;
import org.mailtrail.app.model.WorldEditorViewModel;

/**
 * What the parts of the world editor share: the view model, the texts, the flag that tells a field filled from the
 * world from one typed in, and where the last edit came from, so that a refused edit is said next to the part of
 * the tab it came from (hosts, records, settings) rather than at the bottom of the tab.
 */
final class EditorFields {
    final WorldEditorViewModel vm;
    final ResourceBundle t;
    /** True while fields are filled from the world (their listeners must not make edits). */
    boolean updating;
    /** The part of the tab the last edit came from: {@code hosts}, {@code records} or {@code settings}. */
    final StringProperty origin = new SimpleStringProperty("settings");

    EditorFields(WorldEditorViewModel vm, ResourceBundle t) {
        this.vm = vm;
        this.t = t;
    }

    /** Runs {@code fill} as the world filling fields in: their listeners make no edits and no checks meanwhile. */
    void quietly(Runnable fill) {
        boolean was = updating;
        updating = true;
        try {
            fill.run();
        } finally {
            updating = was;
        }
    }

    /** Marks the rows of {@code table} whose item the loader's problem is about. */
    static <R> void markProblemRows(javafx.scene.control.TableView<R> table, Predicate<R> problem) {
        table.setRowFactory(tv -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(R r, boolean empty) {
                super.updateItem(r, empty);
                pseudoClassStateChanged(WorldEditorPane.PROBLEM, !empty && r != null && problem.test(r));
            }
        });
    }

    TextField field(String id, String key, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(t.getString(key));
        f.setAccessibleText(t.getString(key));
        f.setPrefColumnCount(columns);
        return f;
    }

    Button button(String id, String key) {
        Button b = new Button(t.getString(key));
        b.setId(id);
        b.setAccessibleText(t.getString(key));
        return b;
    }

    /**
     * A text field checked as it is typed in (docs/worlds.md): each change is checked with the loader's rules
     * ({@code preview}) and the field is marked while the text would be refused; leaving the field makes the edit
     * ({@code commit}), as Enter does, unless the text is what the world holds already.
     */
    void checkedAsTyped(ViewScope scope, javafx.scene.control.TextInputControl tf, java.util.function.Supplier<String> stored,
                        java.util.function.Consumer<String> preview, java.util.function.Consumer<String> commit) {
        checkedAsTyped(scope, tf, stored, preview, commit, null);
    }

    /**
     * As above; the field stays marked once the edit is made while the world's problem is about {@code place}
     * ({@code retry}, say: the loader's problem after a bad value was entered; a tester saw the mark go on Tab).
     */
    void checkedAsTyped(ViewScope scope, javafx.scene.control.TextInputControl tf, java.util.function.Supplier<String> stored,
                        java.util.function.Consumer<String> preview, java.util.function.Consumer<String> commit,
                        String place) {
        tf.textProperty().addListener((o, a, text) -> {
            if (!updating && !text.equals(stored.get())) { // a text set from the world is what the world holds
                preview.accept(text);
            }
        });
        if (commit != null) {
            tf.focusedProperty().addListener((o, was, now) -> {
                if (!now && !updating && !tf.getText().equals(stored.get()) && !vm.readOnlyProperty().get()) {
                    commit.accept(tf.getText());
                }
            });
        }
        var typing = vm.typing();
        javafx.beans.value.ChangeListener<String> mark = (o, a, b) -> tf.pseudoClassStateChanged(
                WorldEditorPane.PROBLEM, tf.getId().equals(typing.fieldProperty().get())
                        && !typing.problemProperty().get().isEmpty()
                        || place != null && place.equals(vm.problemFieldProperty().get())
                        && !vm.problemProperty().get().isEmpty());
        scope.listen(typing.fieldProperty(), mark);
        scope.listen(typing.problemProperty(), mark);
        if (place != null) {
            scope.listen(vm.problemFieldProperty(), mark);
            scope.listen(vm.problemProperty(), mark);
        }
    }

    /** What the loader would say about the text being typed in a field whose id {@code ids} accepts. */
    Label typingLabel(String id, Predicate<String> ids) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("status-error");
        l.setWrapText(true);
        var typing = vm.typing();
        l.textProperty().bind(Bindings.when(Bindings.createBooleanBinding(() -> ids.test(typing.fieldProperty().get()),
                typing.fieldProperty())).then(typing.problemProperty()).otherwise(""));
        shownWhenSaid(l);
        return l;
    }

    /**
     * {@code field} with, right under it, what the loader would say about the text being typed in it (id
     * {@code FIELD-typing}): the message stays beside the field instead of moving the form (found by a tester).
     */
    javafx.scene.layout.VBox withTyping(javafx.scene.control.TextInputControl field) {
        Label l = typingLabel(field.getId() + "-typing", id -> id.equals(field.getId()));
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(2, field, l);
        javafx.scene.layout.HBox.setHgrow(box, javafx.scene.layout.Priority.ALWAYS);
        return box;
    }

    /** Why the last edit made from the part {@code part} of the tab was refused (what was typed), or nothing. */
    Label inputLabel(String id, String part) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("status-error");
        l.setWrapText(true);
        l.textProperty().bind(Bindings.when(origin.isEqualTo(part)).then(vm.inputErrorProperty()).otherwise(""));
        shownWhenSaid(l);
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
        shownWhenSaid(l);
        return l;
    }

    private static void shownWhenSaid(Label l) {
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        // a message below the visible part of a scrolled pane is scrolled into view once it is laid out (a tester
        // added a host with a bad name and saw nothing: the message was under the buttons, out of sight)
        boolean[] pending = {false};
        l.textProperty().addListener((o, was, now) -> pending[0] = now != null && !now.isEmpty());
        l.boundsInParentProperty().addListener((o, was, now) -> {
            if (pending[0] && now.getHeight() > 0) {
                pending[0] = false;
                javafx.application.Platform.runLater(() -> reveal(l)); // once the pane has measured its content
            }
        });
    }

    /** Scrolls the nearest scroll pane around {@code n} so that all of {@code n} is in its viewport. */
    static void reveal(javafx.scene.Node n) {
        javafx.scene.Parent p = n.getParent();
        while (p != null && !(p instanceof javafx.scene.control.ScrollPane)) {
            p = p.getParent();
        }
        if (!(p instanceof javafx.scene.control.ScrollPane sp) || sp.getContent() == null) {
            return;
        }
        sp.layout();
        javafx.scene.Node content = sp.getContent();
        javafx.geometry.Bounds b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
        double extra = content.getBoundsInLocal().getHeight() - sp.getViewportBounds().getHeight();
        if (b == null || extra <= 0) {
            return;
        }
        double top = sp.getVvalue() / sp.getVmax() * extra;
        double view = sp.getViewportBounds().getHeight();
        if (b.getMaxY() > top + view) {
            sp.setVvalue(Math.min(1, (b.getMaxY() - view) / extra) * sp.getVmax());
        } else if (b.getMinY() < top) {
            sp.setVvalue(Math.max(0, b.getMinY() / extra) * sp.getVmax());
        }
    }

    static <R> TableColumn<R, String> column(ResourceBundle t, String key, java.util.function.Function<R, String> f,
                                             double width) {
        TableColumn<R, String> c = new TableColumn<>(t.getString(key));
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
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

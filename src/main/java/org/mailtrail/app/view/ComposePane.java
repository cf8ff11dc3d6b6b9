package org.mailtrail.app.view;

import java.util.ResourceBundle;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailtrail.app.model.ComposeViewModel;

/** The compose form: From, To, Cc, Subject, Body, each with its error shown beneath it. */
public final class ComposePane extends VBox {
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private final TextField from = new TextField();
    private final TextField to = new TextField();
    private final TextField cc = new TextField();
    private final TextField subject = new TextField();
    private final TextArea body = new TextArea();
    private final ViewScope scope;

    public ComposePane(ComposeViewModel vm, ResourceBundle ui, ViewScope scope) {
        this.scope = scope;
        vm.useMessages(ui); // its errors in the window's language
        getStyleClass().add("compose-pane");
        setSpacing(2);
        field("from", from, vm.fromProperty(), vm.fromErrorProperty(), ui);
        Label fromNote = new Label(); // not an error: Run runs, and a server that asks for a login refuses it
        fromNote.setId("fromNote");
        fromNote.getStyleClass().add("field-note");
        fromNote.setWrapText(true);
        fromNote.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        fromNote.textProperty().bind(vm.fromNoteProperty());
        fromNote.visibleProperty().bind(vm.fromNoteProperty().isNotEmpty());
        fromNote.managedProperty().bind(fromNote.visibleProperty());
        getChildren().add(fromNote);
        field("to", to, vm.toProperty(), vm.toErrorProperty(), ui);
        field("cc", cc, vm.ccProperty(), vm.ccErrorProperty(), ui);
        field("subject", subject, vm.subjectProperty(), vm.subjectErrorProperty(), ui);
        body.setWrapText(true);
        body.setPrefRowCount(6);
        field("body", body, vm.bodyProperty(), null, ui);
        VBox.setVgrow(body, Priority.ALWAYS);
        heldBodyNote(vm, ui);
        // Tab leaves the body for the next control, as in the fields above (a TextArea would insert a tab
        // character, and a keyboard user could not get out); Ctrl+Tab does what Tab did
        body.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.TAB && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                e.consume();
                body.fireEvent(new javafx.scene.input.KeyEvent(e.getSource(), e.getTarget(), e.getEventType(),
                        e.getCharacter(), e.getText(), e.getCode(), e.isShiftDown(), true, false, false));
            }
        });
    }

    private void field(String name, TextInputControl input, StringProperty value, StringProperty error,
                       ResourceBundle ui) {
        Label label = new Label(ui.getString("compose." + name));
        label.getStyleClass().add("field-label");
        label.setLabelFor(input);
        input.setId(name.equals("body") ? "bodyArea" : name + "Field");
        input.setAccessibleText(ui.getString("compose." + name + ".accessible"));
        input.setPromptText(ui.getString("compose." + name + ".prompt"));
        input.textProperty().bindBidirectional(value);
        getChildren().addAll(label, input);
        if (error != null) {
            Label err = new Label();
            err.setId(name + "Error");
            err.getStyleClass().add("field-error");
            err.setWrapText(true);
            err.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrapped in full, never cut to "..."
            err.textProperty().bind(error);
            err.visibleProperty().bind(error.isNotEmpty());
            err.managedProperty().bind(err.visibleProperty());
            scope.listen(error, (o, a, v) -> input.pseudoClassStateChanged(INVALID, v != null && !v.isEmpty()));
            getChildren().add(err);
        }
    }

    /**
     * A body too long for the form ({@link ComposeViewModel#EDITABLE_BODY}) is shown only in part and read-only, with
     * a short note above it that says so (its tooltip says why) and a link that lets the user write a new one.
     */
    private void heldBodyNote(ComposeViewModel vm, ResourceBundle ui) {
        Label note = new Label();
        note.setId("heldBodyNote");
        note.getStyleClass().add("field-note");
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Tooltip about = new Tooltip(ui.getString("compose.body.held.about"));
        about.setWrapText(true);
        about.setMaxWidth(420);
        note.setTooltip(about);
        Hyperlink replace = new Hyperlink(ui.getString("compose.body.replace"));
        replace.setId("replaceBodyButton");
        replace.setOnAction(e -> {
            vm.replaceHeldBody();
            body.requestFocus();
        });
        VBox box = new VBox(0, note, replace);
        Runnable update = () -> {
            int n = vm.heldBodyLengthProperty().get();
            box.setVisible(n > 0);
            box.setManaged(n > 0);
            note.setVisible(n > 0); // for those who ask the note itself
            body.setEditable(n == 0);
            note.setText(n == 0 ? "" : java.text.MessageFormat.format(ui.getString("compose.body.held"), n));
        };
        scope.listen(vm.heldBodyLengthProperty(), (o, a, n) -> update.run());
        update.run();
        getChildren().add(getChildren().indexOf(body), box); // above the body: seen before the text it speaks of
    }

    /** Puts the focus on the first field with an error. */
    public void focusFirstError() {
        for (TextInputControl c : new TextInputControl[] {from, to, cc, subject}) {
            if (c.getPseudoClassStates().contains(INVALID)) {
                c.requestFocus();
                return;
            }
        }
    }
}

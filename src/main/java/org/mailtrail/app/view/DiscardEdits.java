package org.mailtrail.app.view;

import java.util.ResourceBundle;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import org.mailtrail.app.model.WorldEditorViewModel;

/**
 * Asks before edits to the world that were not saved are given up (another scenario, a world file opened, a new
 * world): "Discard the changes to the world?" (a tester lost an afternoon's edits to a choice in the scenario box).
 */
final class DiscardEdits {
    private DiscardEdits() {
    }

    /** True when nothing would be lost, or the user says the edits may go. */
    static boolean mayDiscard(Node owner, WorldEditorViewModel vm, ResourceBundle editorTexts) {
        if (!vm.unsavedEdits()) {
            return true;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, editorTexts.getString("editor.discard"),
                ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(editorTexts.getString("editor.discardTitle"));
        a.getDialogPane().setId("worldDiscardDialog");
        if (owner != null && owner.getScene() != null) {
            a.initOwner(owner.getScene().getWindow());
        }
        return a.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}

package org.mailtrail.app.view;

import java.util.ResourceBundle;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** The labelled fields and buttons of the settings forms, each with its id, prompt and accessible text. */
final class Forms {
    private Forms() {
    }

    /** A field label from {@code key}. */
    static Label label(ResourceBundle ui, String key) {
        Label l = new Label(ui.getString(key));
        l.getStyleClass().add("field-label");
        return l;
    }

    /** A text field bound both ways to {@code value}; prompt and accessible text from {@code key.prompt} and {@code key.accessible}. */
    static TextField field(ResourceBundle ui, String id, String key, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(18);
        f.setAccessibleText(ui.getString(key + ".accessible"));
        f.setPromptText(ui.getString(key + ".prompt"));
        f.textProperty().bindBidirectional(value);
        return f;
    }

    /** Gives {@code b} its id, text and accessible text from {@code key}. */
    static Button button(ResourceBundle ui, Button b, String id, String key) {
        b.setId(id);
        b.setText(ui.getString(key));
        b.setAccessibleText(ui.getString(key + ".accessible"));
        return b;
    }
}

package org.mailtrail.app.view;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * A titled area of the window: a header line and the content beneath it. It looks like a
 * non-collapsible {@code TitledPane} but has no skin of its own (no arrow, animation or clip),
 * which makes the window's first layout cheaper.
 */
public final class Panel extends VBox {
    private final Label title = new Label();
    private Node content;

    public Panel() {
        getStyleClass().add("panel");
        title.getStyleClass().add("panel-title");
        title.setMaxWidth(Double.MAX_VALUE);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().add(title);
        setMaxHeight(Double.MAX_VALUE);
        // like a TitledPane, a click into the panel takes the focus from elsewhere (e.g. the Run
        // button), so that Space and the arrow keys then step and play instead of pressing a button;
        // a control inside that takes the focus itself keeps it
        addEventHandler(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            javafx.scene.Node focus = getScene() == null ? null : getScene().getFocusOwner();
            for (javafx.scene.Node n = focus; n != null; n = n.getParent()) {
                if (n == this) {
                    return;
                }
            }
            requestFocus();
        });
    }

    public Panel(String text, Node content) {
        this();
        setText(text);
        setContent(content);
    }

    public void setText(String text) {
        title.setText(text);
    }

    /** Shows or hides the header line (the focus layout leaves it out to give the content the room). */
    public void setTitleShown(boolean shown) {
        title.setVisible(shown);
        title.setManaged(shown);
    }

    public String getText() {
        return title.getText();
    }

    /** The node beneath the header, grown to fill the panel. */
    public void setContent(Node node) {
        if (content != null) {
            getChildren().remove(content);
        }
        content = node;
        if (node != null) {
            VBox.setVgrow(node, Priority.ALWAYS);
            getChildren().add(node);
        }
    }

    public Node getContent() {
        return content;
    }
}

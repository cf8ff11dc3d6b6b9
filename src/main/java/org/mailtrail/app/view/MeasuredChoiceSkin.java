package org.mailtrail.app.view;

import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.skin.ChoiceBoxSkin;
import javafx.scene.text.Text;
import javafx.util.StringConverter;

/**
 * A choice box as JavaFX draws it, whose preferred width comes from its items' texts in its own font: as wide as the
 * box is when it shows the longest item. JavaFX's skin measures its popup menu instead, and to do that styles the
 * whole menu (a popup window, a menu item and its label per item) the first time the box is laid out, long before
 * anyone opens it: about a tenth of the window's layout at start-up for the tool bar's three boxes. The menu is
 * built when it is first opened, as before.
 */
final class MeasuredChoiceSkin<T> extends ChoiceBoxSkin<T> {
    private final Text measure = new Text();

    private MeasuredChoiceSkin(ChoiceBox<T> box) {
        super(box);
    }

    /** Gives {@code box} this skin. */
    static <T> void install(ChoiceBox<T> box) {
        box.setSkin(new MeasuredChoiceSkin<>(box));
    }

    @Override
    protected double computePrefWidth(double height, double topInset, double rightInset, double bottomInset,
                                      double leftInset) {
        ChoiceBox<T> box = getSkinnable();
        if (box.getItems().isEmpty()) {
            return super.computePrefWidth(height, topInset, rightInset, bottomInset, leftInset);
        }
        Label label = null;
        Node arrow = null;
        for (Node n : getChildren()) {
            if (n instanceof Label l) {
                label = l;
            } else if (n.getStyleClass().contains("open-button")) {
                arrow = n;
            }
        }
        if (label == null || arrow == null) {
            return super.computePrefWidth(height, topInset, rightInset, bottomInset, leftInset);
        }
        measure.setFont(label.getFont());
        double widest = 0;
        StringConverter<T> converter = box.getConverter();
        for (T item : box.getItems()) {
            measure.setText(converter != null ? converter.toString(item) : item == null ? "" : item.toString());
            widest = Math.max(widest, measure.getLayoutBounds().getWidth());
        }
        double labelWidth = label.snappedLeftInset() + Math.ceil(widest) + label.snappedRightInset();
        return leftInset + Math.max(labelWidth, label.prefWidth(-1)) + arrow.prefWidth(-1) + rightInset;
    }
}

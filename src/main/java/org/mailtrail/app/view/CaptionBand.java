package org.mailtrail.app.view;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.control.Label;
import org.mailtrail.app.model.ExplanationText;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.timeline.Explanations;

/** The focus layout's caption band: the current step and why it happens, in large text for a projector. */
public final class CaptionBand extends Label {
    public CaptionBand(SessionViewModel session, ResourceBundle ui, Locale locale, ViewScope scope) {
        Explanations explanations = new Explanations(locale);
        setId("captionBand");
        getStyleClass().add("caption-band");
        setAccessibleText(ui.getString("caption.accessible"));
        setWrapText(true);
        setMaxWidth(Double.MAX_VALUE);
        setMinHeight(USE_PREF_SIZE); // the whole text, never an ellipsis
        Runnable update = () -> setText(ExplanationText.caption(session.currentProperty().get(), explanations, ui));
        scope.listen(session.currentProperty(), (o, a, e) -> update.run());
        update.run();
    }
}

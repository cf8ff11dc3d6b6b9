package org.mailtrail.app.view;

import java.util.Locale;
import java.util.ResourceBundle;
import javafx.scene.control.TextArea;
import org.mailtrail.app.model.ExplanationText;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.TimelineEvent;

/** The explanation of the current step, in the chosen language. */
public final class ExplanationView extends TextArea {
    public ExplanationView(SessionViewModel session, ResourceBundle ui, Locale locale, ViewScope scope) {
        Explanations explanations = new Explanations(locale);
        setId("explanationText");
        getStyleClass().add("explanation");
        setEditable(false);
        setWrapText(true);
        setAccessibleText(ui.getString("explanation.title"));
        PhaseText phases = new PhaseText(locale);
        Runnable update = () -> {
            TimelineEvent e = session.currentProperty().get();
            // the part as it stands at this step: only the servers contacted so far (not the backup MX yet)
            setText(ExplanationText.of(e, explanations, ui, e == null ? null : session.segmentUpTo(e.index()), phases));
        };
        scope.listen(session.currentProperty(), (o, a, e) -> update.run());
        // another journey at the same step number: the step is computed again before the new journey's parts are
        // (a binding hears of the change before the listeners do), so its part is taken again when they come
        scope.listen(session.segmentsProperty(), (o, a, s) -> update.run());
        update.run();
    }
}

package org.mailtrail.app.model;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.mailtrail.smtp.EnhancedStatus;
import org.mailtrail.smtp.ReplyCodes;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/** The text of the explanation pane for one step: what happens and why, the RFC, and what a reply code means. */
public final class ExplanationText {
    private ExplanationText() {
    }

    public static String of(TimelineEvent e, Explanations explanations, ResourceBundle ui) {
        return of(e, explanations, ui, null, null);
    }

    /**
     * The text for a step and, below it, the part of the journey it belongs to: the segment's header and what its
     * phase is in the whole ({@link PhaseText#about}); without a segment or phase words, only the step.
     */
    public static String of(TimelineEvent e, Explanations explanations, ResourceBundle ui, PhaseSegment segment,
                            PhaseText phases) {
        String step = step(e, explanations, ui);
        if (e == null || segment == null || phases == null) {
            return step;
        }
        return step + '\n' + MessageFormat.format(ui.getString("explanation.phase"), phases.header(segment)) + '\n'
                + phases.about(segment.phase()) + '\n';
    }

    private static String step(TimelineEvent e, Explanations explanations, ResourceBundle ui) {
        if (e == null) {
            return ui.getString("explanation.none");
        }
        StringBuilder b = new StringBuilder();
        b.append(new SummaryText(ui.getLocale()).of(e)).append("\n\n");
        b.append(explanations.text(e.explanationKey())).append('\n');
        if (!e.rfc().isEmpty()) {
            b.append('\n').append(MessageFormat.format(ui.getString("explanation.rfc"), e.rfc())).append('\n');
        }
        String code = e.detail(Details.CODE);
        if (code.matches("[2-5][0-9][0-9]")) {
            int c = Integer.parseInt(code);
            ResourceBundle codes = codes(ui);
            b.append('\n').append(MessageFormat.format(ui.getString("explanation.reply"), code,
                    text(codes, "reply." + c, ReplyCodes.meaning(c)))).append('\n');
            b.append(MessageFormat.format(ui.getString("explanation.class"), code.charAt(0),
                    text(codes, "reply.class." + code.charAt(0), ReplyCodes.classMeaning(c)))).append('\n');
            String enhanced = e.detail(Details.ENHANCED);
            if (!enhanced.isEmpty()) {
                EnhancedStatus.parse(enhanced).ifPresent(es -> b.append(MessageFormat.format(
                        ui.getString("explanation.enhanced"), es.toString(), enhancedMeaning(es, codes))).append('\n'));
            }
        }
        return b.toString();
    }

    /**
     * The caption band of the focus layout: what happens (the step's summary) and why, in a few lines
     * large enough for a projector; the RFC and code meanings stay in the explanation pane.
     */
    public static String caption(TimelineEvent e, Explanations explanations, ResourceBundle ui) {
        if (e == null) {
            return ui.getString("explanation.none");
        }
        return new SummaryText(ui.getLocale()).of(e) + "\n" + explanations.text(e.explanationKey()).strip();
    }

    /** The meanings of reply and status codes in the window's language (English: from the SMTP core). */
    static ResourceBundle codes(ResourceBundle ui) {
        return ResourceBundle.getBundle("org.mailtrail.app.codes", ui.getLocale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT));
    }

    /** An enhanced status code's meaning in the language of {@code codes}. */
    static String enhancedMeaning(EnhancedStatus es, ResourceBundle codes) {
        String english = es.meaning();
        if (es.codeClass() == 2 && es.subject() == 0 && es.detail() == 0) {
            return text(codes, "enhanced.ok", english);
        }
        if (codes.containsKey("enhanced." + es.subject() + "." + es.detail())) {
            return codes.getString("enhanced." + es.subject() + "." + es.detail());
        }
        return text(codes, "enhanced.other", english);
    }

    private static String text(ResourceBundle codes, String key, String english) {
        return codes.containsKey(key) ? codes.getString(key) : english;
    }
}

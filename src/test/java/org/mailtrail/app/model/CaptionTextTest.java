package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.MailTrailApp;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.TimelineEvent;

/** The caption band of the focus layout: the step and why, in the window's language, without the reference part. */
class CaptionTextTest {
    private static final TimelineEvent REPLY = new TimelineEvent(0, 0, 0, EventKind.SMTP_REPLY, "mx.example.net",
            "mail.example.org", "S: 221 2.0.0 Bye", List.of("221 2.0.0 Bye"), "smtp.reply.2xx", "RFC 5321 §4.2",
            Map.of("code", "221", "enhanced", "2.0.0"));

    @Test
    void theCaptionIsTheSummaryAndTheExplanation() {
        ResourceBundle ui = MailTrailApp.bundle(Locale.ENGLISH);
        Explanations ex = new Explanations(Locale.ENGLISH);
        String caption = ExplanationText.caption(REPLY, ex, ui);
        assertThat(caption).isEqualTo("S: 221 2.0.0 Bye\n" + ex.text("smtp.reply.2xx").strip());
        assertThat(caption).doesNotContain("RFC 5321 §4.2"); // the reference stays in the explanation pane
    }

    @Test
    void theCaptionSpeaksTheWindowsLanguageAndSaysWhatToDoBeforeARun() {
        ResourceBundle de = MailTrailApp.bundle(Locale.GERMAN);
        assertThat(ExplanationText.caption(REPLY, new Explanations(Locale.GERMAN), de))
                .endsWith(new Explanations(Locale.GERMAN).text("smtp.reply.2xx").strip());
        assertThat(ExplanationText.caption(null, new Explanations(Locale.GERMAN), de))
                .isEqualTo(de.getString("explanation.none"));
    }
}

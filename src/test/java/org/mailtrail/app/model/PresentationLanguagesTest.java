package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.MailTrailApp;
import org.mailtrail.timeline.Explanations;

/** The languages the window offers, by their own names, each with texts of its own (no silent fallback to English). */
class PresentationLanguagesTest {
    @Test
    void theFourLanguagesAreOfferedInTheirOwnWords() {
        assertThat(Presentation.LANGUAGES.stream().map(Presentation::languageName))
                .containsExactly("English", "Deutsch", "Français", "Español");
    }

    @Test
    void eachLanguageHasItsOwnTextsEvenOnAMachineWithAnotherLanguage() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            for (Locale l : Presentation.LANGUAGES) {
                ResourceBundle ui = MailTrailApp.bundle(l);
                assertThat(ui.getLocale().getLanguage()).as("%s", l)
                        .isEqualTo(l == Locale.ENGLISH ? "" : l.getLanguage());
                assertThat(ExplanationText.codes(ui).getLocale().getLanguage()).as("codes in %s", l)
                        .isEqualTo(l == Locale.ENGLISH ? "" : l.getLanguage());
            }
            assertThat(MailTrailApp.bundle(Locale.FRENCH).getString("run")).isEqualTo("Lancer");
            assertThat(MailTrailApp.bundle(Locale.forLanguageTag("es")).getString("run")).isEqualTo("Ejecutar");
            assertThat(new Explanations(Locale.FRENCH).text("smtp.cmd.rcpt")).startsWith("RCPT TO désigne");
            assertThat(new Explanations(Locale.forLanguageTag("es")).text("smtp.cmd.rcpt")).startsWith("RCPT TO indica");
        } finally {
            Locale.setDefault(before);
        }
    }
}

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

    private static org.mailtrail.timeline.TimelineEvent reply(String code, String enhanced) {
        return new org.mailtrail.timeline.TimelineEvent(0, 0, 0, org.mailtrail.timeline.EventKind.SMTP_REPLY,
                "mx.example.net", "mail.example.org", "S: " + code + " " + enhanced + " No",
                java.util.List.of(code + " " + enhanced + " No"), "smtp.reply.5xx", "RFC 5321 §4.2",
                java.util.Map.of("code", code, "enhanced", enhanced));
    }

    @Test
    void replyCodesAreExplainedInFrenchAndSpanish() {
        Locale es = Locale.forLanguageTag("es");
        String fr = ExplanationText.of(reply("550", "5.1.1"), new Explanations(Locale.FRENCH),
                MailTrailApp.bundle(Locale.FRENCH));
        assertThat(fr).contains("Réponse 550 : Action non effectuée : boîte aux lettres indisponible")
                .contains("Premier chiffre 5 : Réponse négative définitive").contains("5.1.1 : boîte aux lettres")
                .doesNotContain("Requested action not taken");
        String spanish = ExplanationText.of(reply("550", "5.1.1"), new Explanations(es), MailTrailApp.bundle(es));
        assertThat(spanish).contains("Respuesta 550: Acción no realizada: buzón no disponible")
                .contains("Primer dígito 5: Respuesta negativa permanente").contains("5.1.1: buzón de destino no válido");
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

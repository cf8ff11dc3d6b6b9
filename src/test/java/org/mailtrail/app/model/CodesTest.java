package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import org.mailtrail.app.MailTrailApp;
import org.mailtrail.smtp.EnhancedStatus;
import org.mailtrail.smtp.ReplyCodes;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.TimelineEvent;

/** Reply and status codes explained in the window's language, and English staying English on a German system. */
class CodesTest {
    private static ResourceBundle german() {
        return ExplanationText.codes(MailTrailApp.bundle(Locale.GERMAN));
    }

    @Test
    void everyCodeTheSmtpCoreExplainsHasAGermanText() {
        ResourceBundle de = german();
        for (int c = 200; c < 600; c++) {
            if (!ReplyCodes.meaning(c).equals(ReplyCodes.classMeaning(c))) {
                assertThat(de.containsKey("reply." + c)).as("reply.%d", c).isTrue();
            }
        }
        for (int k = 2; k <= 5; k++) {
            assertThat(de.containsKey("reply.class." + k)).isTrue();
        }
        for (int subject = 0; subject <= 7; subject++) {
            for (int detail = 0; detail <= 20; detail++) {
                EnhancedStatus es = new EnhancedStatus(5, subject, detail);
                if (!es.meaning().equals(new EnhancedStatus(5, 9, 999).meaning())) {
                    assertThat(de.containsKey("enhanced." + subject + "." + detail)).as("%s", es).isTrue();
                }
            }
        }
    }

    private static TimelineEvent reply(String code, String enhanced) {
        return new TimelineEvent(0, 0, 0, EventKind.SMTP_REPLY, "mx.example.net", "mail.example.org",
                "S: " + code + " " + enhanced + " Bye", List.of(code + " " + enhanced + " Bye"), "smtp.reply.2xx",
                "RFC 5321 §4.2", Map.of("code", code, "enhanced", enhanced));
    }

    @Test
    void theExplanationGivesTheMeaningsInTheWindowsLanguage() {
        String de = ExplanationText.of(reply("221", "2.0.0"), new Explanations(Locale.GERMAN), MailTrailApp.bundle(Locale.GERMAN));
        assertThat(de).contains("Antwort 221: Dienst schließt den Übertragungskanal")
                .contains("Erste Ziffer 2: Positive Erledigung").contains("2.0.0: in Ordnung")
                .doesNotContain("Service closing");
        String en = ExplanationText.of(reply("550", "5.1.1"), new Explanations(Locale.ENGLISH), MailTrailApp.bundle(Locale.ENGLISH));
        assertThat(en).contains(ReplyCodes.meaning(550)).contains("bad destination mailbox address");
    }

    @Test
    void englishStaysEnglishOnAGermanSystem() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(MailTrailApp.bundle(Locale.ENGLISH).getString("run")).isEqualTo("Run");
            assertThat(ExplanationText.of(reply("221", "2.0.0"), new Explanations(Locale.ENGLISH),
                    MailTrailApp.bundle(Locale.ENGLISH))).contains("Service closing transmission channel");
        } finally {
            Locale.setDefault(before);
        }
    }
}

package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The titles of recorded and opened sessions in the reader's language (a known-left defect: live titles in English). */
class SessionTitlesTest {
    @ParameterizedTest
    @ValueSource(strings = {"SMTP session from 127.0.0.1:40312 to mx.example.test",
            "SMTP session from ::1:40312 through the proxy to upstream [127.0.0.1]",
            "SMTP session from 127.0.0.1:40313 turned away by the proxy",
            "SMTP session from [IPv6:::1]:40314 turned away by mx.example.test",
            "Live delivery to bob@example.test, carol@example.test", "Transcript swaks.txt: 1 connection",
            "Transcript two words.txt: 0 connections", "Transcript x.txt: 12345 connections",
            "Capture a.pcap: 1 mail connection, 1 DNS message, 9 packets",
            "Capture b.pcapng: 2 mail connections, 0 DNS messages, 1200 packets",
            "mailtrail serve on [::1]:2525", "mailtrail proxy on 127.0.0.1:2526 to 127.0.0.1:2525"})
    void everyFormSaysTheSameInEnglishAndIsTranslatedElsewhere(String title) {
        assertThat(SessionTitles.in(title, Locale.ENGLISH)).isEqualTo(title);
        for (String lang : new String[] {"fr", "de", "es"}) {
            String said = SessionTitles.in(title, Locale.forLanguageTag(lang));
            assertThat(said).as(lang).isNotEqualTo(title).doesNotContain("{");
        }
    }

    @Test
    void theWordsAndNumbersAreKept() {
        assertThat(SessionTitles.in("SMTP session from 127.0.0.1:40312 to mx.example.test", Locale.FRENCH))
                .isEqualTo("Session SMTP de 127.0.0.1:40312 vers mx.example.test");
        assertThat(SessionTitles.in("SMTP session from 127.0.0.1:9 through the proxy to upstream [127.0.0.1]",
                Locale.GERMAN)).isEqualTo("SMTP-Sitzung von 127.0.0.1:9 über den Proxy an upstream [127.0.0.1]");
        assertThat(SessionTitles.in("Transcript s.txt: 1 connection", Locale.forLanguageTag("es")))
                .isEqualTo("Transcripción s.txt: 1 conexión");
        assertThat(SessionTitles.in("Transcript s.txt: 1234 connections", Locale.GERMAN))
                .isEqualTo("Protokoll s.txt: 1234 Verbindungen");
        assertThat(SessionTitles.in("Capture c.pcap: 2 mail connections, 1 DNS message, 14 packets", Locale.FRENCH))
                .isEqualTo("Capture c.pcap : 2 connexions de messagerie, 1 message DNS, 14 paquets");
    }

    @Test
    void aTitleOfAnotherFormIsLeftAsItIs() {
        for (String t : new String[] {"Direct delivery to the recipient's MX", "", "SMTP session from a b to c",
                "Transcript t.txt: many connections"}) {
            assertThat(SessionTitles.in(t, Locale.FRENCH)).isEqualTo(t);
        }
        assertThat(SessionTitles.in(null, Locale.FRENCH)).isNull();
        assertThat(SessionTitles.in("Live delivery to x@y", null)).isEqualTo("Live delivery to x@y");
    }
}

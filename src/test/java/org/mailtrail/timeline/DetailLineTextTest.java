package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The detail lines Mail Trail writes under its own steps, in German; protocol lines and servers' words unchanged. */
class DetailLineTextTest {
    private static final DetailLineText GERMAN = new DetailLineText(Locale.GERMAN);
    private static final DetailLineText ENGLISH = new DetailLineText(Locale.ENGLISH);

    @Test
    void aLineBecomesGermanWithItsValuesAndEnglishStaysAsItIs() {
        TimelineEvent delivered = new TimelineEvent(0, 0, 0, EventKind.DELIVERED, "mx1.example.net", "imap.example.net",
                "x", List.of("mailbox bob@example.net now holds 2 message(s)"), "delivered", "", Map.of());
        assertThat(GERMAN.of(delivered, delivered.lines().get(0)))
                .isEqualTo("Postfach bob@example.net enthält jetzt 2 Nachricht(en)");
        assertThat(ENGLISH.of(delivered, delivered.lines().get(0))).isEqualTo(delivered.lines().get(0));
        // a server's words stay its words
        assertThat(GERMAN.of(delivered, "550 5.1.1 User unknown")).isEqualTo("550 5.1.1 User unknown");
        TimelineEvent reply = new TimelineEvent(0, 0, 0, EventKind.SMTP_REPLY, "a", "b", "S: 250 Ok",
                List.of("retry at noon"), "smtp.reply.2xx", "", Map.of());
        assertThat(GERMAN.of(reply, "retry at noon")).isEqualTo("retry at noon");
    }

    @Test
    void aRecipientsOutcomeIsSaidInEachLanguageAndAServersDiagnosticStays() {
        assertThat(new DetailLineText(Locale.FRENCH).line("in the mailbox on imap.example.net"))
                .isEqualTo("dans la boîte aux lettres sur imap.example.net");
        assertThat(new DetailLineText(Locale.forLanguageTag("es")).line("refused at submission: 554 5.7.1 No"))
                .isEqualTo("rechazado en el envío: 554 5.7.1 No");
        assertThat(new DetailLineText(Locale.GERMAN).line("not yet delivered")).isEqualTo("noch nicht zugestellt");
        assertThat(new DetailLineText(Locale.FRENCH).line("550 5.1.1 <nobody@example.net>: User unknown"))
                .isEqualTo("550 5.1.1 <nobody@example.net>: User unknown");
        assertThat(new DetailLineText(Locale.ENGLISH).line("in the mailbox on x")).isEqualTo("in the mailbox on x");
        // a live session's outcomes (a tester found them in English in translated transcripts)
        assertThat(new DetailLineText(Locale.GERMAN).line("accepted; the server took responsibility (RFC 5321 §6.1)"))
                .isEqualTo("angenommen; der Server hat die Verantwortung übernommen (RFC 5321 §6.1)");
        assertThat(new DetailLineText(Locale.FRENCH).line("refused at RCPT")).isEqualTo("refusé au RCPT");
    }

    /** The NXDOMAIN lines lost their "(RFC 5321 §5.1)"; a session saved before, with it, is still translated. */
    /** Found by a tester: a smart host's 421 read "Pas encore remis à … : server is closing the connection: …". */
    @Test
    void theClientsNoteAroundAClosingReplyIsTranslatedAndTheReplyStays() {
        String line = "server is closing the connection: 4.4.1 the upstream 127.0.0.1:2525 cannot be reached"
                + " (connection refused); try again later (RFC 5321 §3.8)";
        assertThat(new DetailLineText(Locale.FRENCH).line(line)).isEqualTo("le serveur ferme la connexion : 4.4.1 the"
                + " upstream 127.0.0.1:2525 cannot be reached (connection refused); try again later (RFC 5321 §3.8)");
        assertThat(GERMAN.line(line)).startsWith("der Server schließt die Verbindung: 4.4.1 the upstream");
        assertThat(new DetailLineText(Locale.forLanguageTag("es")).line(line))
                .startsWith("el servidor cierra la conexión: 4.4.1 the upstream");
        assertThat(ENGLISH.line(line)).isEqualTo(line);
    }

    /** Found by a tester: "250-mail.example.org (+6 lines)" and "<message data, 14 lines, …>" in a French diagram. */
    @Test
    void mailTrailsWrappingOfAProtocolStepIsTranslatedAndTheProtocolsWordsStay() {
        SummaryText fr = new SummaryText(Locale.FRENCH);
        TimelineEvent reply = new TimelineEvent(0, 0, 0, EventKind.SMTP_REPLY, "mx", "mail",
                "S: 250-mail.example.org (+6 lines)", List.of(), "", "", Map.of());
        TimelineEvent data = new TimelineEvent(1, 0, 0, EventKind.SMTP_COMMAND, "mail", "mx",
                "C: <message data, 14 lines, ending with \".\">", List.of(), "", "", Map.of());
        TimelineEvent mail = new TimelineEvent(2, 0, 0, EventKind.SMTP_COMMAND, "mail", "mx",
                "C: MAIL FROM:<alice@example.org> SIZE=323", List.of(), "", "", Map.of());
        assertThat(fr.of(reply)).isEqualTo("S: 250-mail.example.org (+6 lignes)");
        assertThat(fr.of(data)).isEqualTo("C: <données du message, 14 lignes, terminées par « . »>");
        assertThat(new SummaryText(Locale.GERMAN).of(data)).isEqualTo("C: <Nachrichtendaten, 14 Zeilen, mit „.“ am Ende>");
        assertThat(fr.of(mail)).isEqualTo(mail.summary());
        assertThat(new SummaryText(Locale.ENGLISH).of(reply)).isEqualTo(reply.summary());
    }

    @Test
    void aNoteAroundAnotherLineIsTranslatedAndSoIsTheLineInside() {
        // found by a tester: "(both addresses tried)" ran into the German "connection refused" sentence as its port
        assertThat(GERMAN.line("connection refused: nothing listens on port 25 (both addresses tried)"))
                .isEqualTo("Verbindung abgewiesen: An Port 25 lauscht nichts (beide Adressen versucht)");
        assertThat(new DetailLineText(Locale.FRENCH).line("no answer within 30 s (all 3 addresses tried)"))
                .isEqualTo("pas de réponse en 30 s (les 3 adresses essayées)");
        // a server's words inside stay as they are, only the note is translated
        assertThat(new DetailLineText(Locale.forLanguageTag("es")).line("554 5.7.1 go away (both addresses tried)"))
                .isEqualTo("554 5.7.1 go away (se probaron ambas direcciones)");
        assertThat(ENGLISH.line("no route to host (both addresses tried)"))
                .isEqualTo("no route to host (both addresses tried)");
    }

    @Test
    void aCertificateVerdictIsTranslatedWithItsReasonAndTheSubjectStays() {
        assertThat(GERMAN.line("verdict: not trusted: no CA in the trust store vouches for it (self-signed or private CA)"
                + " (opportunistic TLS: the session goes on encrypted, RFC 7435)")).isEqualTo("Bewertung: nicht"
                + " vertrauenswürdig: keine Zertifizierungsstelle im Truststore bürgt dafür (selbst signiert oder private"
                + " CA) (opportunistisches TLS: die Sitzung geht verschlüsselt weiter, RFC 7435)");
        assertThat(new DetailLineText(Locale.FRENCH).line("verdict: not trusted: the certificate has expired"))
                .isEqualTo("verdict : pas de confiance : le certificat a expiré");
        assertThat(new DetailLineText(Locale.forLanguageTag("es")).line(
                "verdict: trusted: the lab certificate given with --trust-cert (CN=mx.lab.test)"))
                .isEqualTo("veredicto: de confianza: el certificado de laboratorio indicado con --trust-cert"
                        + " (CN=mx.lab.test)");
        assertThat(GERMAN.line("verdict: trusted: the lab's own certificate"))
                .isEqualTo("Bewertung: vertrauenswürdig: das eigene Zertifikat des Labors");
        // a reason Mail Trail does not know stays in English inside the translated frame
        assertThat(GERMAN.line("verdict: not trusted: something new")).isEqualTo(
                "Bewertung: nicht vertrauenswürdig: something new");
    }

    @Test
    void aServersErrorStepIsTranslatedWithItsWordsAndTheSystemsMessageStays() {
        TimelineEvent cut = new TimelineEvent(0, 0, 0, EventKind.PROTOCOL_ERROR, "mailtrail.test", "[127.0.0.1]",
                "Error: the connection failed while reading: Connection reset; the incomplete message was discarded,"
                        + " nothing was stored", List.of(), "smtp.session.closed", "RFC 5321 §3.8", Map.of());
        assertThat(new SummaryText(Locale.GERMAN).of(cut)).isEqualTo("Fehler: die Verbindung ist beim Lesen"
                + " gescheitert: Connection reset; die unvollständige Nachricht wurde verworfen, nichts wurde gespeichert");
        TimelineEvent down = new TimelineEvent(0, 0, 0, EventKind.PROTOCOL_ERROR, "mailtrail.test", "[127.0.0.1]",
                "Error: the server is shutting down", List.of(), "smtp.session.closed", "RFC 5321 §3.8", Map.of());
        assertThat(new SummaryText(Locale.FRENCH).of(down)).isEqualTo("Erreur : le serveur s’arrête");
        TimelineEvent idle = new TimelineEvent(0, 0, 0, EventKind.PROTOCOL_ERROR, "mailtrail.test", "[127.0.0.1]",
                "Error: the client closed the connection in the middle of the message data: the incomplete message"
                        + " was discarded, nothing was stored", List.of(), "server.idle-timeout", "", Map.of());
        assertThat(new SummaryText(Locale.forLanguageTag("es")).of(idle)).isEqualTo("Error: el cliente cerró la"
                + " conexión en mitad de los datos del mensaje: el mensaje incompleto se descartó, no se guardó nada");
        assertThat(new SummaryText(Locale.ENGLISH).of(down)).isEqualTo("Error: the server is shutting down");
    }

    @Test
    void anNxdomainLineIsTranslatedWithOrWithoutItsOldReference() {
        assertThat(GERMAN.line("NXDOMAIN: example-net.test. does not exist"))
                .isEqualTo("NXDOMAIN: example-net.test. existiert nicht");
        assertThat(GERMAN.line("NXDOMAIN: example-net.test. does not exist (RFC 5321 §5.1)"))
                .isEqualTo("NXDOMAIN: example-net.test. existiert nicht (RFC 5321 §5.1)");
        assertThat(new DetailLineText(Locale.FRENCH).line("Permanent failure: NXDOMAIN: x.test. does not exist."))
                .isEqualTo("Échec définitif : NXDOMAIN : x.test. n’existe pas.");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> scenariosAndLanguages() {
        return WorldLoader.BUILT_IN.stream().flatMap(s -> java.util.stream.Stream.of("de", "fr", "es")
                .map(l -> org.junit.jupiter.params.provider.Arguments.of(s, l)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("scenariosAndLanguages")
    void everyLineMailTrailWritesAboutItsOwnStepsIsTranslated(String scenario, String lang) throws Exception {
        DetailLineText text = new DetailLineText(Locale.forLanguageTag(lang));
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        for (Retrieval r : new Retrieval[] {Retrieval.IMAP, Retrieval.POP3}) {
            for (Journey j : new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                    Route.BOTH, r, w.seed()).journeys()) {
                for (TimelineEvent e : j.timeline().events()) {
                    boolean own = e.kind() == EventKind.DELIVERED || e.kind() == EventKind.MAILBOX_RETRIEVED
                            || e.kind() == EventKind.RETRY_SCHEDULED || e.kind() == EventKind.TLS_NEGOTIATED
                            || e.kind() == EventKind.MX_DECISION;
                    for (String line : e.lines()) {
                        if (!own || line.startsWith("MX ") || line.startsWith("Return-Path:")) {
                            continue; // records and headers are protocol text
                        }
                        assertThat(text.of(e, line)).as(scenario + " in " + lang + ": " + line).isNotEqualTo(line);
                    }
                }
            }
        }
    }
}

package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.timeline.Explanations;

/** {@code --lang} takes en, de, fr and es; the HTML handout of {@code simulate} and {@code export} speaks it. */
class LanguagesCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void simulateSaysTheTextTranscriptInFrenchAndKeepsProtocolText() {
        assertThat(run("simulate", "--scenario", "unknown-user", "--route", "both", "--lang", "fr")).isIn(0, 5);
        String fr = out.toString();
        assertThat(fr).startsWith("Session Mail Trail : unknown-user - Cet utilisateur n’existe pas\n")
                .contains("=== Route : directe ===", "=== Route : par relais ===", "TCP SYN vers mail.example.org",
                        "Requête DNS example.net. IN MX", "Résultat :", "NON REMIS", "Comparaison")
                .contains("    C: EHLO alice-laptop.example.org", "    C: RCPT TO:<nobody@example.net>")
                .contains("550 5.1.1") // a server's diagnostic stays as the server said it
                .doesNotContain("TCP SYN to", "Outcome:", "Figures:", "=== Route: direct");
        assertThat(run("simulate", "--scenario", "unknown-user", "--route", "both")).isIn(0, 5);
        assertThat(out.toString()).contains("=== Route: direct ===", "TCP SYN to mail.example.org", "Outcome:")
                .doesNotContain("TCP SYN vers");
    }

    @Test
    void simulateWritesAFrenchHandout() throws Exception {
        Path html = dir.resolve("relay-fr.html");
        assertThat(run("simulate", "--scenario", "relay", "--route", "relay", "--format", "html", "--lang", "fr", "-o",
                html.toString())).as(err.toString()).isZero();
        Document doc = Jsoup.parse(Files.readString(html));
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(doc.select("h2, h3").eachText()).contains("Le message", "Étape par étape", "Chiffres clés",
                "Diagramme de séquence").doesNotContain("The message", "Step by step", "Figures");
        assertThat(doc.text()).contains("Passage par un relais (smart host)") // the scenario's title
                .contains("il confie chaque message sortant à son relais relay.example.org"); // and description
        assertThat(doc.select("div.summary").eachText()).anySatisfy(s -> assertThat(s).startsWith("TCP SYN vers "))
                .anySatisfy(s -> assertThat(s).startsWith("Route par relais : "))
                .noneSatisfy(s -> assertThat(s).contains("TCP SYN to", "takes responsibility", "goes to"))
                .anySatisfy(s -> assertThat(s).startsWith("C: EHLO")); // protocol text stays as it is
        Explanations fr = new Explanations(Locale.FRENCH);
        assertThat(doc.select("li[data-key=smtp.cmd.rcpt] p.explain").first().text()).isEqualTo(fr.text("smtp.cmd.rcpt"));
        assertThat(doc.selectFirst("tr.outcome .status").text()).isEqualTo("remis");
    }

    @Test
    void exportWritesASpanishHandoutOfASavedSession() throws Exception {
        Path json = dir.resolve("unknown-user.json");
        assertThat(run("simulate", "--scenario", "unknown-user", "--route", "direct", "--format", "json", "-o",
                json.toString())).isIn(0, 5);
        assertThat(run("export", json.toString(), "--format", "html", "--lang", "es")).as(err.toString()).isZero();
        Document doc = Jsoup.parse(out.toString());
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("es");
        assertThat(doc.select("h2, h3").eachText()).contains("El mensaje", "Paso a paso", "Diagrama de secuencia");
        assertThat(doc.text()).contains("Ese usuario no existe").contains("550 5.1.1"); // title; protocol text kept
        assertThat(doc.select("div.summary").eachText())
                .anySatisfy(s -> assertThat(s).contains(" envía un aviso de no entrega a ").contains("MAIL FROM:<>"))
                .noneSatisfy(s -> assertThat(s).contains("sends a bounce"));
        assertThat(doc.select("li[data-key=bounce.generated] p.explain").first().text())
                .isEqualTo(new Explanations(Locale.forLanguageTag("es")).text("bounce.generated"));
        assertThat(doc.selectFirst("tr.outcome .status").text()).isEqualTo("devuelto");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void everyLanguageOfTheAppIsAccepted(String lang) {
        assertThat(run("simulate", "--scenario", "direct", "--format", "html", "--lang", lang)).as(err.toString()).isZero();
        assertThat(Jsoup.parse(out.toString()).selectFirst("html").attr("lang")).isEqualTo(lang);
    }

    @Test
    void anotherLanguageIsBadUsageAndTheMessageListsTheFour() {
        for (List<String> args : List.of(List.of("simulate", "--scenario", "direct", "--format", "html", "--lang", "it"),
                List.of("export", "nothing-read-yet.json", "--format", "html", "--lang", "fr_FR"))) {
            assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
            assertThat(err.toString()).contains("--lang must be en, de, fr or es");
            assertThat(out.toString()).isEmpty();
        }
    }
}

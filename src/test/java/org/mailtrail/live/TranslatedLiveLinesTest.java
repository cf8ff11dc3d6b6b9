package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.DetailLineText;

/**
 * The words Mail Trail writes itself in a live session ({@code send} through a smart host, the {@code proxy} in
 * front of {@code serve}, {@code serve} with and without a store) come out in the reader's language in a text
 * transcript, as the simulation's do; the English transcript keeps them as they are. A tester found "(submission to
 * the smart host)", "SMTP to the upstream for …", "stored as …" and the recipients' outcomes in English in French,
 * German and Spanish transcripts.
 */
@Timeout(60)
class TranslatedLiveLinesTest {
    /** Mail Trail's own English words in these sessions (not servers' words, not protocol text). */
    private static final List<String> ENGLISH = List.of("submission to the smart host", "SMTP to the upstream for",
            "stored as maildir/", "accepted by localhost: 250", "took responsibility (RFC", "refused at RCPT");
    /** The languages other than English. */
    private static final List<String> LANGUAGES = List.of("de", "fr", "es");

    @TempDir
    Path store;

    @Test
    void sendThroughTheProxyToServeIsSaidInEachLanguage() throws Exception {
        BlockingQueue<ReceivedSession> served = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedSession> proxied = new LinkedBlockingQueue<>();
        SmtpReceiver serve = SmtpReceiver.start(ReceiverConfig.defaults("example.test")
                .withListen(new InetSocketAddress(ProxyGreenMailTest.LOOPBACK, 0)).withStoreDir(store));
        serve.onSession(served::add);
        SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(serve.address().getPort()), null, proxied::add);
        try (LoopbackLab lab = LoopbackLab.start()) {
            LiveResult sent = new LiveSender(lab.viaSmartHost("127.0.0.1", proxy.address().getPort(), TlsMode.OFF,
                    List.of(), null, false, "bob@example.test", "carol@other.test"), new LiveRecorder(), null).run();
            assertThat(sent.exitCode()).as("carol refused at RCPT").isEqualTo(5);
            ReceivedSession upstream = served.poll(20, TimeUnit.SECONDS);
            ReceivedSession middle = proxied.poll(20, TimeUnit.SECONDS);
            assertThat(upstream).isNotNull();
            assertThat(middle).isNotNull();
            for (SimulationResult r : List.of(sent.session(), middle.result(), upstream.result())) {
                saidInEachLanguage(r);
            }
            // each English line was there to translate
            String english = TextTranscript.render(sent.session()) + TextTranscript.render(middle.result())
                    + TextTranscript.render(upstream.result());
            assertThat(english).contains(ENGLISH);
            assertThat(TextTranscript.render(sent.session(), Locale.FRENCH))
                    .contains("(soumission au relais)", "(accepté ; le serveur a pris la responsabilité du message");
            assertThat(TextTranscript.render(middle.result(), Locale.GERMAN))
                    .contains("(SMTP zum Upstream-Server für [127.0.0.1])", "angenommen von localhost: 250");
            assertThat(TextTranscript.render(upstream.result(), Locale.forLanguageTag("es")))
                    .contains("guardado como maildir/new/");
        } finally {
            proxy.close();
            serve.close();
        }
    }

    @Test
    void aServerWithoutAStoreSaysSoInEachLanguage() throws Exception {
        BlockingQueue<ReceivedSession> served = new LinkedBlockingQueue<>();
        SmtpReceiver serve = SmtpReceiver.start(ReceiverConfig.defaults("example.test")
                .withListen(new InetSocketAddress(ProxyGreenMailTest.LOOPBACK, 0)));
        serve.onSession(served::add);
        try (LoopbackLab lab = LoopbackLab.start()) {
            LiveResult sent = new LiveSender(lab.viaSmartHost("127.0.0.1", serve.address().getPort(), TlsMode.OFF,
                    List.of(), null, false, "bob@example.test"), new LiveRecorder(), null).run();
            assertThat(sent.exitCode()).isZero();
            ReceivedSession s = served.poll(20, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(TextTranscript.render(s.result())).contains("kept in memory (no store)");
            for (String lang : LANGUAGES) {
                assertThat(TextTranscript.render(s.result(), Locale.forLanguageTag(lang))).as(lang)
                        .doesNotContain("kept in memory");
            }
            assertThat(TextTranscript.render(s.result(), Locale.FRENCH)).contains("gardé en mémoire (aucun stockage)");
        } finally {
            serve.close();
        }
    }

    /**
     * The other lines and outcomes the live code writes itself (a failed connect, a target reserved for
     * documentation, a cancelled or unfinished session, a send that never got a reply's words): each is said in each
     * language, and stays as it is in English. The lines come from the code that writes them where it can be called.
     */
    @Test
    void theLiveCodesOtherOwnLinesAreSaidInEachLanguage() {
        List<String> lines = new ArrayList<>();
        for (IOException e : List.of(new ConnectException("Connection refused"),
                new SocketTimeoutException("connect timed out"), new NoRouteToHostException("No route to host"))) {
            for (int port : new int[] {25, 587}) {
                String why = ConnectFailure.of(e, port, Duration.ofSeconds(30)).why();
                lines.add(why);
                lines.add("connect to mx1.example.test [127.0.0.2]:" + port + " failed: " + why); // LiveSender
            }
        }
        lines.add(DocumentationAddresses.note("docmx.example.test", "192.0.2.25"));
        lines.addAll(List.of("Mail Trail does not retry; an MTA would keep the message queued and try again later.",
                "the session ended before the message was complete", "no message was sent: the session ended before DATA",
                "the session had not finished when this was saved",
                "cancelled by the user", "cancelled by the user before the message was sent", "no attempt was made",
                "the 250 did not reach the client", "cannot find an address for the smart host smtp.example.test",
                "every address of the smart host smtp.example.test is reserved for documentation (RFC 5737 / RFC 3849):"
                        + " nothing was sent",
                "every address of the mail exchangers of docsonly.example.test is reserved for documentation"
                        + " (RFC 5737 / RFC 3849): nothing was sent",
                "550 5.7.1 No (DATA refused)", "554 5.6.0 Bad content (message refused after data)",
                "(the rest of this session is encrypted on the wire)"));
        assertThat(new DetailLineText(Locale.ENGLISH).line(lines.get(0))).isEqualTo(lines.get(0));
        for (String lang : LANGUAGES) {
            DetailLineText text = new DetailLineText(Locale.forLanguageTag(lang));
            for (String line : lines) {
                assertThat(text.line(line)).as(lang).isNotEqualTo(line)
                        .doesNotContain(" the ", "refused", "nothing", "connect to", "no answer");
            }
        }
        assertThat(new DetailLineText(Locale.FRENCH).line(lines.get(1)))
                .isEqualTo("connexion à mx1.example.test [127.0.0.2]:25 impossible : connexion refusée : rien n’écoute"
                        + " sur le port 25");
    }

    private static void saidInEachLanguage(SimulationResult r) {
        for (String lang : LANGUAGES) {
            String text = TextTranscript.render(r, Locale.forLanguageTag(lang));
            for (String english : ENGLISH) {
                assertThat(text).as(lang + ": " + r.info().title()).doesNotContain(english);
            }
        }
    }
}

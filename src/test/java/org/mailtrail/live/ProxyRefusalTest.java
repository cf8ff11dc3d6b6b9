package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.JsonSession;

/**
 * {@code mailtrail proxy} in front of an upstream that refuses one recipient with a 5xx to RCPT: the session records
 * that recipient as refused (the upstream took nothing and the client was told at once), never as bounced, in the
 * result, the text transcript and the JSON, as {@code serve} does; a 4xx stays queued.
 */
@Timeout(60)
class ProxyRefusalTest {
    @TempDir
    Path store;

    @Test
    void aRecipientRefusedByTheUpstreamIsRefusedNotBounced() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:<eve@", "550 5.1.1 <eve@example.net>: Recipient address rejected: User unknown");
            p.answer("RCPT TO:<frank@", "451 4.3.0 Try again later");
            p.answer("QUIT", "221 2.0.0 Bye");
        })) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withStoreDir(store), null,
                    done::add);
            List<String> seen = new ArrayList<>();
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                InputStream in = c.getInputStream();
                OutputStream out = c.getOutputStream();
                seen.addAll(ProxyGreenMailTest.readReply(in));
                for (String cmd : new String[] {"EHLO client.example.test", "MAIL FROM:<alice@example.org>",
                        "RCPT TO:<eve@example.net>", "RCPT TO:<frank@example.net>", "QUIT"}) {
                    out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    seen.addAll(ProxyGreenMailTest.readReply(in));
                }
            } finally {
                ReceivedSession s = done.poll(20, TimeUnit.SECONDS);
                proxy.close();
                assertThat(s).as("a finished session").isNotNull();
                assertThat(seen).anyMatch(l -> l.startsWith("550 5.1.1"));
                Map<String, RecipientOutcome> outcomes = s.result().journeys().get(0).outcomes();
                assertThat(outcomes.get("eve@example.net").status()).isEqualTo(RecipientOutcome.Status.REFUSED);
                assertThat(outcomes.get("eve@example.net").detail()).startsWith("550 5.1.1");
                assertThat(outcomes.get("frank@example.net").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
                assertThat(s.result().exitCode()).as("exit code unchanged").isEqualTo(5);
                Path text = s.textFile().orElseThrow();
                Path json = s.jsonFile().orElseThrow();
                assertThat(Files.readString(text, StandardCharsets.UTF_8))
                        .containsPattern("eve@example\\.net +REFUSED +550 5\\.1\\.1").doesNotContain("BOUNCED");
                String j = Files.readString(json, StandardCharsets.UTF_8);
                assertThat(j).containsPattern("\"status\" *: *\"refused\"").doesNotContain("bounced");
                assertThat(JsonSession.read(j, json.toString()).journeys().get(0).outcomes().get("eve@example.net")
                        .status()).isEqualTo(RecipientOutcome.Status.REFUSED);
            }
        }
    }

    /**
     * A tester: a connection the proxy turned away (too many at once) read "through the proxy to upstream …" with an
     * empty message line and an empty outcome, although nothing was forwarded.
     */
    @Test
    void aConnectionTurnedAwaySaysSoAndHasNoEmptyLines() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = greetingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withMaxConnections(1), null,
                    done::add);
            try (Socket held = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                held.setSoTimeout(10_000);
                assertThat(ProxyGreenMailTest.readReply(held.getInputStream())).isNotEmpty(); // the one slot taken
                try (Socket away = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                    away.setSoTimeout(10_000);
                    assertThat(ProxyGreenMailTest.readReply(away.getInputStream()))
                            .anyMatch(l -> l.startsWith("421 4.7.0"));
                }
                ReceivedSession s = done.poll(20, TimeUnit.SECONDS);
                assertThat(s).as("the turned-away session").isNotNull();
                assertThat(s.result().info().title())
                        .matches("SMTP session from 127\\.0\\.0\\.1:\\d+ turned away by the proxy");
                String text = org.mailtrail.export.TextTranscript.render(s.result());
                assertThat(text).contains("\nMessage: none (no MAIL FROM in this session)\n",
                        "\nOutcome: no recipient\n");
                assertThat(org.mailtrail.export.TextTranscript.render(s.result(), java.util.Locale.FRENCH))
                        .contains("refusée par le proxy", "aucun destinataire", "0 saut, ", "0 requête DNS")
                        .doesNotContain("0 sauts", "0 requêtes", "0 lignes"); // French: the singular for 0 (a tester)
                assertThat(text).contains("0 hops, ");
            } finally {
                proxy.close();
            }
        }
    }

    /**
     * As {@code serve} (ReceiverWaitingRoomTest): a connection beyond the limit waits for a slot and is served when
     * one comes free, rather than being turned away because the session before had not quite ended.
     */
    @Test
    void aConnectionBeyondTheLimitWaitsForTheSlotAndIsServedWhenItComesFree() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = greetingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withMaxConnections(1), null,
                    done::add);
            try (Socket held = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort());
                 Socket next = new Socket()) {
                held.setSoTimeout(10_000);
                assertThat(ProxyGreenMailTest.readReply(held.getInputStream())).anyMatch(l -> l.startsWith("220 "));
                next.connect(new java.net.InetSocketAddress(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort()));
                next.setSoTimeout(10_000);
                awaitWaiting(proxy); // taken by the proxy, not still in the listen queue
                held.getOutputStream().write("QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(ProxyGreenMailTest.readReply(held.getInputStream())).anyMatch(l -> l.startsWith("221 "));
                held.close();
                assertThat(ProxyGreenMailTest.readReply(next.getInputStream()))
                        .as("served, not turned away").anyMatch(l -> l.startsWith("220 upstream"));
            } finally {
                proxy.close();
            }
            assertThat(proxy.servedAfterWaiting()).isEqualTo(1);
            assertThat(proxy.turnedAway()).isZero();
            assertThat(org.mailtrail.cli.ProxyCommandAccess.summary(proxy)).isEqualTo(
                    "stopped after 2 session(s); 1 connection(s) served after waiting for a free slot");
            assertThat(done).noneMatch(s -> s.result().info().title().contains("turned away"));
        }
    }

    /**
     * A tester: a session still open when the proxy stopped got its 421 but no transcript (the store was closed while
     * it was being written), and the stop line counted fewer sessions than there were transcripts.
     */
    @Test
    void aSessionOpenWhenTheProxyStopsIsRecordedBeforeTheStopReturns() throws Exception {
        Path store = this.store.resolve("stopped");
        try (ScriptedServer upstream = greetingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withStoreDir(store), null,
                    null);
            try (Socket open = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                open.setSoTimeout(10_000);
                assertThat(ProxyGreenMailTest.readReply(open.getInputStream())).anyMatch(l -> l.startsWith("220 "));
                proxy.close();
                assertThat(ProxyGreenMailTest.readReply(open.getInputStream())).anyMatch(l -> l.startsWith("421 4.3.2"));
            }
            assertThat(proxy.sessionsFinished()).isEqualTo(1);
            assertThat(ReceiverLimitsTest.files(store.resolve("sessions"))).filteredOn(f -> f.toString().endsWith(".json"))
                    .hasSize(1);
        }
    }

    /** A tester: a connection still waiting for a slot when the proxy stopped was told "too many connections". */
    @Test
    void aConnectionWaitingWhenTheProxyStopsIsToldItIsShuttingDown() throws Exception {
        try (ScriptedServer upstream = greetingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withMaxConnections(1), null,
                    null);
            try (Socket held = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort());
                 Socket next = new Socket()) {
                held.setSoTimeout(10_000);
                assertThat(ProxyGreenMailTest.readReply(held.getInputStream())).anyMatch(l -> l.startsWith("220 "));
                next.connect(new java.net.InetSocketAddress(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort()));
                next.setSoTimeout(10_000);
                awaitWaiting(proxy); // taken by the proxy, not still in the listen queue
                proxy.close();
                assertThat(ProxyGreenMailTest.readReply(next.getInputStream()))
                        .anyMatch(l -> l.startsWith("421 4.3.2 [127.0.0.1] the proxy is shutting down"));
            }
            assertThat(proxy.turnedAway()).isEqualTo(1);
            assertThat(proxy.servedAfterWaiting()).isZero();
        }
    }

    /** An upstream that greets and answers QUIT. */
    private static ScriptedServer greetingUpstream() throws java.io.IOException {
        return ScriptedServer.start(p -> p.write("220 upstream ESMTP\r\n").answer("QUIT", "221 2.0.0 Bye"));
    }

    /** Waits (bounded) until a connection waits for a slot in {@code proxy}. */
    private static void awaitWaiting(SmtpProxy proxy) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.waitingForSlot() == 0) {
            assertThat(System.nanoTime() - until).as("a connection waits for a slot").isNegative();
            Thread.sleep(5);
        }
    }
}

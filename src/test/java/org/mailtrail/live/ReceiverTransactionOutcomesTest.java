package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * What a served session records about its transactions, kept from the server's typed events (RFC 5321 §3.3): the
 * sender, every recipient's outcome, and each message with its own recipients only. On a thread and on a loop.
 */
@Timeout(60)
class ReceiverTransactionOutcomesTest {
    @TempDir
    Path dir;

    private SmtpReceiver receiver;
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private ReceivedSession serve(ReceiverConfig config, boolean eventLoops, Session client) throws Exception {
        receiver = SmtpReceiver.start(config, null, sessions::add, eventLoops);
        try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(receiver.address())) {
            client.run(c);
        }
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    private interface Session {
        void run(ReceiverLimitsTest.Smtp c) throws Exception;
    }

    @ParameterizedTest(name = "event loops: {0}")
    @ValueSource(booleans = {false, true})
    void eachTransactionDecidesOnlyItsOwnRecipients(boolean eventLoops) throws Exception {
        ReceivedSession s = serve(ReceiverLimitsTest.config(dir), eventLoops, c -> {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
            // a transaction dropped by RSET: its accepted recipient gets no outcome, the refused one keeps its refusal
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<eve@elsewhere.test>"))
                    .isEqualTo("554 5.7.1 <eve@elsewhere.test>: Relay access denied");
            assertThat(c.cmd("RSET")).startsWith("250 ");
            // two messages in one session: the second does not carry the first one's recipient
            assertThat(c.cmd("MAIL FROM:<zed@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<carol@example.test>")).startsWith("250 ");
            assertThat(c.data("Subject: one\r\n\r\nfirst")).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<dave@example.test>")).startsWith("250 ");
            assertThat(c.data("Subject: two\r\n\r\nsecond")).startsWith("250 2.0.0 Ok: queued as ");
            // a transaction aborted by QUIT: its recipient is queued, nothing stored
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<frank@example.test>")).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        });
        assertThat(s.closeReason()).isEqualTo("QUIT");
        assertThat(s.heloName()).isEqualTo("client.example.org");
        assertThat(s.messagesStored()).isEqualTo(2);
        assertThat(s.result().compose().from()).as("the first transaction's sender").isEqualTo("alice@example.org");
        assertThat(s.result().compose().to()).containsExactly("bob@example.test", "eve@elsewhere.test",
                "carol@example.test", "dave@example.test", "frank@example.test");
        assertThat(s.result().compose().subject()).isEqualTo("one");

        Map<String, RecipientOutcome> outcomes = s.result().journeys().get(0).outcomes();
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder("eve@elsewhere.test", "carol@example.test",
                "dave@example.test", "frank@example.test");
        assertThat(outcomes.get("eve@elsewhere.test").status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(outcomes.get("eve@elsewhere.test").detail()).startsWith("554 5.7.1");
        // refused at RCPT, not bounced: this server took nothing for eve, and its client was told at once
        Path text = s.textFile().orElseThrow();
        Path json = s.jsonFile().orElseThrow();
        assertThat(Files.readString(text, StandardCharsets.UTF_8))
                .containsPattern("eve@elsewhere\\.test +REFUSED +554 5\\.7\\.1").doesNotContain("BOUNCED");
        assertThat(Files.readString(json, StandardCharsets.UTF_8)).contains("\"status\":\"refused\"")
                .doesNotContain("bounced");
        assertThat(JsonSession.read(Files.readString(json, StandardCharsets.UTF_8), json.toString()).journeys().get(0)
                .outcomes().get("eve@elsewhere.test").status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(outcomes.get("carol@example.test").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("dave@example.test").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("frank@example.test").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcomes.get("frank@example.test").detail()).as("its transaction never reached DATA (a tester read"
                + " 'ended before the message was complete' as if part of a message had come)")
                .isEqualTo("no message was sent: the session ended before DATA");

        assertThat(s.result().journeys().get(0).delivered()).extracting(DeliveredMessage::mailbox)
                .containsExactly("carol@example.test", "dave@example.test");
        List<TimelineEvent> accepted = s.result().journeys().get(0).timeline().events().stream()
                .filter(e -> e.kind() == EventKind.MESSAGE_ACCEPTED).toList();
        assertThat(accepted).hasSize(2);
        assertThat(accepted.get(0).lines()).containsExactly("MAIL FROM:<zed@example.org>", "RCPT TO:<carol@example.test>");
        assertThat(accepted.get(1).lines()).containsExactly("MAIL FROM:<alice@example.org>", "RCPT TO:<dave@example.test>");
        List<Path> files = s.messageFiles();
        assertThat(files).hasSize(2);
        assertThat(Files.readString(files.get(1), StandardCharsets.UTF_8)).startsWith("Return-Path: <alice@example.org>")
                .contains("\tfor <dave@example.test>; ").doesNotContain("carol");
    }

    @ParameterizedTest(name = "event loops: {0}")
    @ValueSource(booleans = {false, true})
    void aRecipientOverTheLimitIsQueuedAndTheOthersDelivered(boolean eventLoops) throws Exception {
        ReceivedSession s = serve(ReceiverLimitsTest.config(dir).withMaxRecipients(1), eventLoops, c -> {
            c.hello("alice@example.org");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<carol@example.test>")).startsWith("452 4.5.3");
            assertThat(c.data("Subject: limited\r\n\r\nbody")).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        });
        Map<String, RecipientOutcome> outcomes = s.result().journeys().get(0).outcomes();
        assertThat(outcomes.get("bob@example.test").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("carol@example.test").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcomes.get("carol@example.test").detail()).startsWith("452 4.5.3");
        assertThat(s.result().compose().to()).containsExactly("bob@example.test", "carol@example.test");
    }
}

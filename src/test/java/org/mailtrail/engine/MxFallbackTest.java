package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** When a sender moves on to the next mail exchanger (RFC 5321 §5.1), and when it must not. */
class MxFallbackTest {
    @TempDir
    Path dir;

    private Journey run(String mx1Smtp, String mx2Smtp) throws Exception {
        Path world = Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + world + "\nname: w\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: " + mx1Smtp + "\n"
                + "  - name: mx2.example.net\n    smtp: " + mx2Smtp + "\n");
        World loaded = new WorldLoader().load(w.toString());
        World.Defaults d = loaded.defaults();
        return new SimulationEngine(loaded).run(new Compose(d.from(), List.of("bob@example.net"), List.of(), d.subject(),
                d.body()), Route.DIRECT, d.retrieval(), loaded.seed()).journeys().get(0);
    }

    private static List<String> syns(Journey j) {
        return j.timeline().events().stream().filter(e -> e.kind() == EventKind.TCP_SYN)
                .map(TimelineEvent::destination).distinct().collect(Collectors.toList());
    }

    @Test
    void aFiveHundredGreetingMovesOnToTheBackupMx() throws Exception {
        Journey j = run("{ greeting: \"554 5.3.2 No service\" }", "{ }");
        assertThat(syns(j)).contains("mx1.example.net", "mx2.example.net");
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.outcomes().get("bob@example.net").host()).isEqualTo("mx2.example.net");
    }

    @Test
    void whenTheLastMxAlsoRefusesInItsGreetingTheMessageBounces() throws Exception {
        Journey j = run("{ greeting: \"554 5.3.2 No service\" }", "{ greeting: \"554 5.3.2 Go away\" }");
        assertThat(syns(j)).contains("mx1.example.net", "mx2.example.net");
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(j.outcomes().get("bob@example.net").detail()).contains("Go away");
    }

    @Test
    void aRecipientRefusedAtRcptIsFinalAndTheBackupIsNotAsked() throws Exception {
        Journey j = run("{ rcptReplies: { \"bob@example.net\": \"550 5.1.1 No such user\" } }", "{ }");
        assertThat(syns(j)).contains("mx1.example.net").doesNotContain("mx2.example.net");
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
    }

    @Test
    void aTemporaryRcptReplyIsAlsoADecisionAndTheBackupIsNotAsked() throws Exception {
        // RFC 5321 §5.1: once a RCPT was answered, the session decided; the message waits in the queue
        Journey j = run("{ rcptReplies: { \"bob@example.net\": \"450 4.2.1 Mailbox busy\" } }", "{ }");
        assertThat(syns(j)).contains("mx1.example.net").doesNotContain("mx2.example.net");
        assertThat(j.outcomes().get("bob@example.net").status()).isNotEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.timeline().events()).anyMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED);
    }

    @Test
    void aSenderRefusedForGoodAtTheFirstMxIsNotTriedAtTheBackup() throws Exception {
        // MAIL refused with a 5xx: no RCPT was answered, but no recipient is left to try elsewhere either
        Journey j = run("{ mailReply: \"550 5.7.1 Sender rejected\" }", "{ }");
        assertThat(syns(j)).contains("mx1.example.net").doesNotContain("mx2.example.net");
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(j.outcomes().get("bob@example.net").detail()).startsWith("550 5.7.1 Sender rejected");
    }
}

package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * A simulated sender splits more than 100 recipients into transactions of at most 100 (RFC 5321 §4.5.3.1.8), as
 * {@code mailtrail send} does, at submission and at the MX.
 */
class SimulationSplitTest {
    /** Recipients per transaction, in order, of the sessions from {@code client}. */
    private static List<Integer> transactions(Journey j, String client) {
        List<Integer> out = new ArrayList<>();
        for (TimelineEvent e : j.timeline().events()) {
            if (e.kind() != EventKind.SMTP_COMMAND || !e.source().equals(client)) {
                continue;
            }
            if (e.verb().equals("MAIL")) {
                out.add(0);
            } else if (e.verb().equals("RCPT")) {
                out.set(out.size() - 1, out.get(out.size() - 1) + 1);
            }
        }
        return out;
    }

    @Test
    void twoHundredAndFiveRecipientsGoInThreeTransactionsAtEachHop() throws Exception {
        World w = new WorldLoader().load("direct");
        List<String> to = new ArrayList<>(List.of("bob@example.net"));
        for (int i = 1; i < 205; i++) {
            to.add("nobody" + i + "@example.net");
        }
        World.Defaults d = w.defaults();
        Compose c = new Compose(d.from(), to, List.of(), "Many", "Hello");
        assertThat(c.validate()).isEmpty();
        Journey j = new SimulationEngine(w).run(c, d.route(), d.retrieval(), w.seed()).journeys().get(0);

        assertThat(transactions(j, "alice-laptop.example.org")).containsExactly(100, 100, 5);
        assertThat(transactions(j, "mail.example.org")).containsExactly(100, 100, 5);
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.outcomes().values()).hasSize(205)
                .filteredOn(o -> o.status() == RecipientOutcome.Status.BOUNCED).hasSize(204);
        assertThat(j.timeline().events()).filteredOn(e -> e.kind() == EventKind.BOUNCE_GENERATED)
                .as("each submitted transaction is a message of its own at mail.example.org: one bounce each").hasSize(3);
        assertThat(j.stats().hops()).isEqualTo(2); // submission server and MX, each once
    }
}

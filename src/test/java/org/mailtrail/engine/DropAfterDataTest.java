package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * {@code smtp.dropAfterData} on the preferred MX of the default world: the server reads the message to the final dot
 * and closes without a reply; the sender counts that as a temporary failure of this attempt (RFC 5321 §4.1.1.4,
 * §6.1), keeps the message queued and tries again, as after a 4xx to the final dot.
 */
public class DropAfterDataTest {
    @TempDir
    Path dir;

    /**
     * The default world with mx1.example.net dropping the connection after DATA, and a give-up time of one hour so
     * that the bounce comes within the simulation's horizon.
     */
    public static Path dropWorld(Path dir) throws IOException {
        Path p = dir.resolve("drop.yaml");
        Files.writeString(p, "extends: builtin:world\nname: drop\nhosts:\n  - name: mx1.example.net\n"
                + "    smtp: { dropAfterData: true }\nretry: { intervalMinutes: 30, giveUpHours: 1 }\n");
        return p;
    }

    @Test
    void theMessageGoesUpToTheFinalDotThenTheLineIsCutAndTheSenderRetries() throws Exception {
        World world = new WorldLoader().load(dropWorld(dir).toString());
        World.Defaults d = world.defaults();
        Compose compose = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        SimulationResult r = new SimulationEngine(world).run(compose, Route.DIRECT, d.retrieval(), world.seed());
        List<TimelineEvent> ev = r.journeys().get(0).timeline().events();

        int cut = indexOf(ev, "smtp.closed-after-data", 0);
        assertThat(cut).isPositive();
        assertThat(ev.get(cut).kind()).isEqualTo(EventKind.PROTOCOL_ERROR);
        assertThat(ev.get(cut).source()).isEqualTo("mx1.example.net");
        assertThat(ev.get(cut).rfc()).contains("RFC 5321 §6.1");
        // DATA, 354, the message ending with the dot, then no reply: the close
        assertThat(ev.get(cut - 3).summary()).isEqualTo("C: DATA");
        assertThat(ev.get(cut - 2).replyCode()).isEqualTo(354);
        assertThat(ev.get(cut - 1).explanationKey()).isEqualTo("smtp.cmd.data-content");
        assertThat(ev.get(cut - 1).lines()).last().isEqualTo(".");
        assertThat(ev.get(cut + 1).kind()).isEqualTo(EventKind.TCP_CLOSE);
        assertThat(ev.get(cut + 2).kind()).isEqualTo(EventKind.QUEUED);
        assertThat(ev.get(cut + 2).source()).isEqualTo("mail.example.org");
        assertThat(ev.get(cut + 3).kind()).isEqualTo(EventKind.RETRY_SCHEDULED);
        // the line was cut before mx1 committed the message: it never takes responsibility, bob gets nothing
        assertThat(ev).noneMatch(e -> e.kind() == EventKind.MESSAGE_ACCEPTED && "mx1.example.net".equals(e.destination()));
        assertThat(ev).noneMatch(e -> e.kind() == EventKind.DELIVERED && e.summary().contains("bob@example.net"));
        // the fault stays, so the retry ends the same way; as after a 4xx to the final dot, an attempt in which mx1
        // answered RCPT is final for that attempt: the backup MX is not tried
        assertThat(indexOf(ev, "smtp.closed-after-data", cut + 1)).isGreaterThan(cut);
        assertThat(ev).noneMatch(e -> e.kind() == EventKind.TCP_SYN && e.summary().contains("mx2.example.net"));
        // until the give-up time; then the bounce, as for any transient failure (RFC 5321 §4.5.4.1)
        assertThat(ev.stream().filter(e -> "smtp.closed-after-data".equals(e.explanationKey())).count())
                .isGreaterThanOrEqualTo(2);
        assertThat(ev).anyMatch(e -> e.kind() == EventKind.BOUNCE_GENERATED);
        assertThat(r.exitCode()).isNotZero();
    }

    private static int indexOf(List<TimelineEvent> ev, String key, int from) {
        for (int i = from; i < ev.size(); i++) {
            if (key.equals(ev.get(i).explanationKey())) {
                return i;
            }
        }
        return -1;
    }
}

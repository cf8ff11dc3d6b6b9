package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * One journey in the simulated world: the {@link DeliveryAgent} of every host over the {@link SimNetwork}, driven by
 * a discrete-event loop over the virtual clock until nothing is left to do or the horizon is reached.
 */
final class JourneyRun implements Scheduler {
    private record Task(long time, long seq, Runnable action) {
    }

    private final World world;
    private final Compose compose;
    private final long horizonMicros;
    private final SimNetwork net;
    private final DeliveryAgent agent;
    private final JourneyState journey;
    private final Route route;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long taskSeq;

    JourneyRun(World world, Compose compose, Route route, Retrieval retrieval, long seed, long horizonMicros) {
        this.world = world;
        this.compose = compose;
        this.horizonMicros = horizonMicros;
        Random random = new Random(seed);
        MailStore mailboxes = MailStore.inMemory(world.users());
        this.net = new SimNetwork(world, new Timeline(), random, mailboxes);
        this.agent = new DeliveryAgent(world, retrieval, net, this, mailboxes, random);
        this.journey = new JourneyState(net, route);
        net.bind(agent, journey);
        this.route = route;
    }

    @Override
    public void schedule(long at, Runnable r) {
        tasks.add(new Task(at, taskSeq++, r));
    }

    Journey run() {
        String from = compose.from().trim();
        Host submission = agent.submissionServerFor(from);
        Host mua = agent.clientFor(from);
        for (String r : compose.recipients()) {
            journey.follow(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, "not yet delivered", mua.name()));
        }
        String messageId = agent.messageIdPart() + "@" + mua.name();
        byte[] content = MessageComposer.compose(compose, world.start(), messageId);
        List<String> rcpts = compose.recipients();
        schedule(0, () -> agent.submit(journey, mua, submission, from, rcpts, content));
        while (!tasks.isEmpty()) {
            Task t = tasks.poll();
            if (t.time > horizonMicros) {
                stopped(t.time);
                break;
            }
            net.advanceTo(t.time);
            t.action.run();
        }
        return new Journey(route, net.timeline(), journey.outcomes(), journey.delivered());
    }

    /**
     * The horizon is reached with work left: a message still waits in a queue. The last step says that the
     * simulation stopped there, not the mail system, and when the next attempt would have been; so does each such
     * recipient's outcome.
     */
    private void stopped(long nextMicros) {
        Map<String, List<String>> byHost = new LinkedHashMap<>();
        for (RecipientOutcome o : journey.outcomes().values()) {
            if (o.status() == RecipientOutcome.Status.QUEUED) {
                byHost.computeIfAbsent(o.host(), h -> new ArrayList<>()).add(o.recipient());
            }
        }
        if (byHost.isEmpty()) {
            return;
        }
        net.advanceTo(horizonMicros);
        String next = MessageComposer.rfc5322Date(world.start().plusNanos(nextMicros * 1000));
        String after = horizonMicros % 3_600_000_000L == 0 ? horizonMicros / 3_600_000_000L + " hours"
                : horizonMicros / 60_000_000L + " minutes";
        for (Map.Entry<String, List<String>> en : byHost.entrySet()) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("retryAt", next);
            d.put("recipients", String.join(",", en.getValue()));
            net.local(EventKind.QUEUED, en.getKey(), "The simulation stops after " + after + " of simulated time: "
                            + "the message is still queued on " + en.getKey() + " for " + String.join(", ", en.getValue()),
                    List.of("simulation stopped; the next attempt would have been at " + next), "simulation.stopped",
                    RfcReferences.of("simulation.stopped", "RFC 5321 §4.5.4.1"), d);
            for (String r : en.getValue()) {
                RecipientOutcome o = journey.outcomes().get(r);
                journey.update(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, o.detail()
                        + " (still queued when the simulation stopped after " + after + "; next attempt would have been at "
                        + next + ")", o.host()));
            }
        }
    }
}

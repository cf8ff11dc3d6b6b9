package org.mailtrail.engine;

import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
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
                break;
            }
            net.advanceTo(t.time);
            t.action.run();
        }
        return new Journey(route, net.timeline(), journey.outcomes(), journey.delivered());
    }
}

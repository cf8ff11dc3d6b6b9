package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message's journey while it is under way: the journal its steps go to, where each of the sender's recipients
 * stands, and the copies that reached a mailbox. Every queue entry that carries the message, or a bounce of it, points
 * here. Safe to use from several threads (the lab's servers and its delivery queue).
 */
public final class JourneyState {
    private final Journal journal;
    private final org.mailtrail.world.Route route;
    private final Map<String, RecipientOutcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<DeliveredMessage> delivered = Collections.synchronizedList(new ArrayList<>());

    /** A journey along {@code route} whose steps go to {@code journal}. */
    public JourneyState(Journal journal, org.mailtrail.world.Route route) {
        this.journal = journal;
        this.route = route;
    }

    /** DIRECT (each host looks up the MX) or RELAY (hosts with a smart host use it). */
    public org.mailtrail.world.Route route() {
        return route;
    }

    public Journal journal() {
        return journal;
    }

    /** Starts following a recipient of the original message (its outcome is reported at the end). */
    public void follow(String recipient, RecipientOutcome initial) {
        outcomes.put(recipient, initial);
    }

    /**
     * A journey that began with a message from outside the world (a client that is not a world host) follows that
     * message's recipients from its first acceptance on; later acceptances (relays, bounces) do not add any.
     */
    void followIfNone(List<String> recipients, String host) {
        synchronized (outcomes) {
            if (outcomes.isEmpty()) {
                for (String r : recipients) {
                    outcomes.put(r, new RecipientOutcome(r, RecipientOutcome.Status.QUEUED, "not yet delivered", host));
                }
            }
        }
    }

    /** Records where a followed recipient stands now; recipients not followed (a bounce's) are ignored. */
    void update(String recipient, RecipientOutcome outcome) {
        synchronized (outcomes) {
            if (outcomes.containsKey(recipient)) {
                outcomes.put(recipient, outcome);
            }
        }
    }

    /** True when the recipient is one of the original message's. */
    boolean follows(String recipient) {
        return outcomes.containsKey(recipient);
    }

    void delivered(DeliveredMessage m) {
        delivered.add(m);
    }

    /** A copy of the outcomes, in the order the recipients were followed. */
    public Map<String, RecipientOutcome> outcomes() {
        synchronized (outcomes) {
            return new LinkedHashMap<>(outcomes);
        }
    }

    /** True when no followed recipient is still queued. */
    public boolean settled() {
        synchronized (outcomes) {
            return !outcomes.isEmpty() && outcomes.values().stream()
                    .noneMatch(o -> o.status() == RecipientOutcome.Status.QUEUED);
        }
    }

    /** A copy of the delivered messages, in delivery order. */
    public List<DeliveredMessage> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }
}

package org.mailtrail.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.world.Host;
import org.mailtrail.world.World;

/**
 * What a host does when an attempt did not deliver: a temporary failure keeps the message in the queue for the
 * world's retry interval, or returns it when it has waited too long (RFC 5321 §4.5.4.1); a permanent failure gives
 * the recipients up and sends the sender a delivery status notification with a null reverse-path (RFC 5321 §4.5.5,
 * RFC 3464), never for a bounce.
 */
final class Setbacks {
    private final DeliveryAgent agent;
    private final World world;
    private final MailNetwork net;
    private final Scheduler scheduler;

    Setbacks(DeliveryAgent agent, World world, MailNetwork net, Scheduler scheduler) {
        this.agent = agent;
        this.world = world;
        this.net = net;
        this.scheduler = scheduler;
    }

    static List<Bounces.Failure> failures(List<String> rcpts, String status, String diag, String mta) {
        List<Bounces.Failure> out = new ArrayList<>();
        for (String r : rcpts) {
            out.add(new Bounces.Failure(r, status, diag, mta));
        }
        return out;
    }

    /** A temporary failure: keep the message and try again later, or give up when it is too old. */
    void defer(Host host, QueueEntry e, List<String> rcpts, String reason) {
        Journal j = e.journey.journal();
        long age = net.now() - e.arrivedMicros;
        long interval = world.retry().intervalSeconds() * 1_000_000L;
        if (age + interval > world.retry().giveUpSeconds() * 1_000_000L) {
            fail(host, e, failures(rcpts, "4.4.7", "delivery time expired; last error: " + reason, null));
            return;
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queueId", e.id);
        d.put("attempt", Integer.toString(e.attempts));
        j.local(EventKind.QUEUED, host.name(), "Message " + e.id + " stays in the queue of " + host.name()
                + " for " + String.join(", ", rcpts), List.of(reason), "queue.deferred", "RFC 5321 §4.5.4.1", d);
        long next = net.now() + interval;
        Map<String, String> r = new LinkedHashMap<>(d);
        r.put("retryAt", MessageComposer.rfc5322Date(world.start().plusNanos(next * 1000)));
        j.local(EventKind.RETRY_SCHEDULED, host.name(), "Next attempt in " + interval / 60_000_000 + " minutes",
                List.of("retry at " + r.get("retryAt")), "queue.retry", "RFC 5321 §4.5.4.1", r);
        if (!e.bounce) {
            for (String rcpt : rcpts) {
                e.journey.update(rcpt, new RecipientOutcome(rcpt, RecipientOutcome.Status.QUEUED, reason, host.name()));
            }
        }
        List<String> pending = new ArrayList<>(rcpts);
        QueueEntry again = new QueueEntry(e.id, e.host, e.reversePath, pending, e.content, e.arrivedMicros,
                e.bounce, e.journey);
        again.attempts = e.attempts;
        agent.keepInstead(e, again); // if the retry cannot be saved, the copy of this attempt stays in the store
        scheduler.schedule(next, () -> agent.deliver(again));
    }

    /** A permanent failure: the recipients are given up, and the sender gets a bounce (never for a bounce). */
    void fail(Host host, QueueEntry e, List<Bounces.Failure> failures) {
        fail(host, e, failures, null);
    }

    /**
     * The explanation of a failure that says its reason, from its enhanced status code (RFC 3463): an unknown user,
     * a full mailbox, relaying denied, a null MX (RFC 7505), a domain that does not exist, a message that waited too
     * long (RFC 5321 §4.5.4.1); the plain {@code delivery.failed} for any other.
     */
    static String failureKey(Bounces.Failure f) {
        String status = f.status() == null ? "" : f.status();
        String diag = f.diagnostic() == null ? "" : f.diagnostic().toLowerCase(java.util.Locale.ROOT);
        if (status.endsWith(".1.1")) {
            return "delivery.failed.unknown-user";
        }
        if (status.endsWith(".1.10")) {
            return "delivery.failed.null-mx";
        }
        if (status.endsWith(".2.2")) {
            return "delivery.failed.mailbox-full";
        }
        if (status.endsWith(".7.1") && diag.contains("relay")) {
            return "delivery.failed.relay-denied";
        }
        if (status.equals("5.1.2")) {
            return "delivery.failed.no-domain";
        }
        if (status.equals("4.4.7")) {
            return "delivery.failed.expired";
        }
        return "delivery.failed";
    }

    /** A permanent failure explained by {@code reasonKey} (null: by each failure's status). */
    void fail(Host host, QueueEntry e, List<Bounces.Failure> failures, String reasonKey) {
        Journal j = e.journey.journal();
        for (Bounces.Failure f : failures) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("recipient", f.recipient());
            d.put("status", f.status());
            if (!e.bounce) { // the state first: whoever sees the step finds the state already decided
                e.journey.update(f.recipient(), new RecipientOutcome(f.recipient(), RecipientOutcome.Status.BOUNCED,
                        f.diagnostic(), host.name()));
            }
            String key = reasonKey != null ? reasonKey : failureKey(f);
            j.local(EventKind.DELIVERY_FAILED, host.name(), "Delivery to " + f.recipient() + " failed for good ("
                    + f.status() + ")", List.of(f.diagnostic()), key, RfcReferences.of(key, "RFC 5321 §4.2.1"), d);
        }
        if (e.reversePath.isEmpty()) {
            j.local(EventKind.DELIVERY_FAILED, host.name(), "No bounce: this message is itself a bounce",
                    List.of("a message with a null reverse-path is never answered with another bounce"),
                    "bounce.none", "RFC 5321 §4.5.5", Map.of());
            return;
        }
        String id = agent.queueId();
        Instant now = net.wallClock();
        byte[] dsn = Bounces.dsn(host.name(), id, e.reversePath, arrival(e), now, failures, e.content);
        String received = "Received: by " + host.name() + " (" + host.smtp().software() + ") id " + id + "; "
                + MessageComposer.rfc5322Date(now) + "\r\n";
        byte[] content = MessageComposer.prepend(received, dsn);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queueId", id);
        d.put("to", e.reversePath);
        j.local(EventKind.BOUNCE_GENERATED, host.name(), host.name() + " sends a bounce to " + e.reversePath
                + " with MAIL FROM:<>", List.of("MAIL FROM:<>", "RCPT TO:<" + e.reversePath + ">",
                "Subject: Undelivered Mail Returned to Sender"), "bounce.generated",
                RfcReferences.of("bounce.generated", "RFC 5321 §4.5.5"), d);
        QueueEntry bounce = new QueueEntry(id, host.name(), "", new ArrayList<>(List.of(e.reversePath)), content,
                net.now(), true, e.journey);
        agent.keepInstead(e, bounce); // if the bounce cannot be saved, the failed message stays in the store instead
        scheduler.schedule(net.now(), () -> agent.deliver(bounce));
    }

    /** When a queue entry arrived, on the wall clock. */
    private Instant arrival(QueueEntry e) {
        return net.wallClock().minusNanos((net.now() - e.arrivedMicros) * 1000);
    }
}

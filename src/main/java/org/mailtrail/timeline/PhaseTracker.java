package org.mailtrail.timeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Works out the {@link Phase} of each step from the steps before it, in the order they are recorded, so that a live
 * timeline has its phases as it grows and an old session log (written before phases existed) gets the same ones.
 *
 * <p>The rules follow what the hosts do: a connection to a POP3 or IMAP port is retrieval, one to 587 or 465 is
 * submission; a server that has chosen a smart host relays; one that looked up the recipient domain's MX transfers;
 * one that generated a bounce carries it back; every step on a connection shares its phase, and the steps a server
 * takes while receiving (the Received: line, taking responsibility) belong to the connection it receives on. A step
 * that already has a phase keeps it, and the tracker learns from it.
 */
public final class PhaseTracker {
    private final Map<String, Phase> connections = new HashMap<>();
    /** What a host is about to do: set by its MX lookup or smart-host choice, used by its next connection. */
    private final Map<String, Phase> pending = new HashMap<>();
    /** The phase of the last connection a host opened, and of the last it accepted. */
    private final Map<String, Phase> asClient = new HashMap<>();
    private final Map<String, Phase> asServer = new HashMap<>();
    /** Phase of the DNS question a host asked last, for its answer. */
    private final Map<String, Phase> dnsAsked = new HashMap<>();
    /** Hosts that have generated a bounce not yet handed on. */
    private final Set<String> bouncing = new HashSet<>();
    /** The phase in which a queue id came into being (a bounce's stays a bounce when it is delivered). */
    private final Map<String, Phase> queueIds = new HashMap<>();

    /** The event with its phase: the one it carries, or the one worked out here. */
    public TimelineEvent assign(TimelineEvent e) {
        Phase p = e.phase() != null ? e.phase() : infer(e);
        learn(e, p);
        return e.withPhase(p);
    }

    private Phase infer(TimelineEvent e) {
        String conn = e.connection();
        if (!conn.isEmpty() && connections.containsKey(conn)) {
            return connections.get(conn);
        }
        String src = e.source();
        return switch (e.kind()) {
            case TCP_SYN, TCP_SYN_ACK, TCP_ACK, TCP_FAILED, TCP_CLOSE, TLS_NEGOTIATED, SMTP_COMMAND, SMTP_REPLY,
                 PROTOCOL_ERROR, MAILBOX_COMMAND, MAILBOX_REPLY -> connectionPhase(e);
            case DNS_QUERY -> isMxQuery(e) ? afterMxLookup(src) : pending.getOrDefault(src, afterMxLookup(src));
            case DNS_ANSWER -> dnsAsked.getOrDefault(e.destination(), Phase.TRANSFER);
            case MX_DECISION -> e.explanationKey().startsWith("route.") ? Phase.RELAY : afterMxLookup(src);
            case RECEIVED_ADDED -> asServer.getOrDefault(src, Phase.TRANSFER);
            case MESSAGE_ACCEPTED -> asServer.getOrDefault(e.destination(), Phase.TRANSFER);
            case QUEUED, RETRY_SCHEDULED, DELIVERY_FAILED ->
                    pending.getOrDefault(src, asClient.getOrDefault(src, asServer.getOrDefault(src, Phase.TRANSFER)));
            case BOUNCE_GENERATED -> Phase.BOUNCE;
            case DELIVERED -> queueIds.get(e.queueId()) == Phase.BOUNCE ? Phase.BOUNCE : Phase.DELIVERY;
            case MAILBOX_RETRIEVED -> Phase.RETRIEVAL;
        };
    }

    /** The phase of a new connection (or of a step on one this tracker never saw open). */
    private Phase connectionPhase(TimelineEvent e) {
        if (e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY) {
            return Phase.RETRIEVAL;
        }
        boolean fromClient = e.kind() != EventKind.TCP_SYN_ACK && e.kind() != EventKind.SMTP_REPLY
                && e.kind() != EventKind.TCP_FAILED;
        String service = e.detail(Details.SERVICE_PORT);
        int port = port(!service.isEmpty() ? service : e.detail(fromClient ? Details.DST_PORT : Details.SRC_PORT));
        switch (port) {
            case 110, 995, 143, 993:
                return Phase.RETRIEVAL;
            case 587, 465:
                return Phase.SUBMISSION;
            default:
                String client = fromClient ? e.source() : e.destination();
                return pending.getOrDefault(client, Phase.TRANSFER);
        }
    }

    private Phase afterMxLookup(String host) {
        return bouncing.contains(host) ? Phase.BOUNCE : Phase.TRANSFER;
    }

    private void learn(TimelineEvent e, Phase p) {
        String conn = e.connection();
        if (!conn.isEmpty()) {
            connections.putIfAbsent(conn, p);
        }
        switch (e.kind()) {
            case TCP_SYN -> {
                asClient.put(e.source(), p);
                asServer.put(e.destination(), p);
            }
            case DNS_QUERY -> {
                dnsAsked.put(e.source(), p);
                if (isMxQuery(e) || !pending.containsKey(e.source())) {
                    pending.put(e.source(), p);
                }
            }
            case MX_DECISION -> pending.put(e.source(), p);
            case BOUNCE_GENERATED -> {
                bouncing.add(e.source());
                pending.put(e.source(), Phase.BOUNCE);
                queueIds.put(e.queueId(), Phase.BOUNCE);
            }
            case MESSAGE_ACCEPTED -> {
                queueIds.putIfAbsent(e.queueId(), p);
                if (p == Phase.BOUNCE) {
                    bouncing.remove(e.source());
                }
            }
            case DELIVERED -> {
                if (p == Phase.BOUNCE) {
                    bouncing.remove(e.source());
                }
            }
            default -> { }
        }
    }

    private static boolean isMxQuery(TimelineEvent e) {
        return "MX".equalsIgnoreCase(e.detail(Details.QTYPE));
    }

    private static int port(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException ex) {
            return -1;
        }
    }
}

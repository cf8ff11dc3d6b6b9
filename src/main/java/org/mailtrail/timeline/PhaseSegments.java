package org.mailtrail.timeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a timeline into {@link PhaseSegment}s. A segment ends where the phase changes, and where a new attempt
 * begins after a connection closed: a fresh MX lookup or smart-host choice (a retry), or a new connection after one
 * that closed normally. A connection that failed and the fallback connection after it stay in one attempt, so that
 * "the first MX refused, the backup took it" reads as one part of the story. A part that resumes on a connection still
 * open after a step of another phase on no connection (a live server storing the message into its mailbox between
 * the 250 and QUIT) continues the part before it: the same number and connection, not "Transfer 2 of 2" of one
 * session.
 */
public final class PhaseSegments {
    private PhaseSegments() {
    }

    /** The segments of these events (each must carry its phase), in order, covering every event. */
    public static List<PhaseSegment> of(List<TimelineEvent> events) {
        List<Builder> built = new ArrayList<>();
        Builder cur = null;
        for (TimelineEvent e : events) {
            Phase p = e.phase() == null ? Phase.TRANSFER : e.phase();
            if (cur == null || cur.phase != p || cur.startsAnew(e)) {
                Builder before = built.size() >= 2 ? built.get(built.size() - 2) : null;
                boolean resumes = cur != null && cur.phase != p && cur.port < 0 && !cur.connected && before != null
                        && before.phase == p && before.port >= 0 && !before.closed && !cur.closed;
                cur = resumes ? new Builder(before, e) : new Builder(p, e);
                built.add(cur);
            }
            cur.add(e);
        }
        Map<Phase, Integer> totals = new EnumMap<>(Phase.class);
        for (Builder b : built) {
            if (b.resumed == null) {
                totals.merge(b.phase, 1, Integer::sum);
            }
        }
        Map<Phase, Integer> seen = new EnumMap<>(Phase.class);
        Map<Builder, Integer> ordinals = new java.util.IdentityHashMap<>();
        List<PhaseSegment> out = new ArrayList<>(built.size());
        for (Builder b : built) {
            int ordinal = b.resumed != null ? ordinals.get(b.resumed) : seen.merge(b.phase, 1, Integer::sum);
            ordinals.put(b, ordinal);
            out.add(b.build(ordinal, totals.get(b.phase)));
        }
        return List.copyOf(out);
    }

    /** The segment that holds the step with this index, or null. */
    public static PhaseSegment at(List<PhaseSegment> segments, int index) {
        for (PhaseSegment s : segments) {
            if (s.contains(index)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The segment that holds the step with this index as it stands at that step: cut from the steps up to it, as a
     * lesson's horizon cuts the journey. It names only the servers contacted so far and counts only the segments begun
     * so far ("Transfer", not "Transfer 1 of 2" before the retry). Null for an index outside the events.
     */
    public static PhaseSegment upTo(List<TimelineEvent> events, int index) {
        if (index < 0 || index >= events.size()) {
            return null;
        }
        return at(of(events.subList(0, index + 1)), index);
    }

    /** The protocol a server port is known for, or "". */
    static String protocolOfPort(int port) {
        return switch (port) {
            case 25, 465, 587, 2525 -> "SMTP";
            case 110, 995 -> "POP3";
            case 143, 993 -> "IMAP";
            case 53 -> "DNS";
            default -> "";
        };
    }

    private static final class Builder {
        final Phase phase;
        final int first;
        int last;
        String from;
        String to;
        final List<String> servers = new ArrayList<>(2);
        String protocol = "";
        int port = -1;
        boolean closed;
        boolean connected;
        /** The part this one resumes, on the same connection, or null. */
        final Builder resumed;

        Builder(Phase phase, TimelineEvent e) {
            this.phase = phase;
            this.first = e.index();
            this.from = e.source();
            this.to = e.destination();
            this.resumed = null;
        }

        /** The part {@code before} resumed at {@code e}: its phase, connection and servers. */
        Builder(Builder before, TimelineEvent e) {
            this.phase = before.phase;
            this.first = e.index();
            this.from = before.from;
            this.to = before.to;
            this.servers.addAll(before.servers);
            this.protocol = before.protocol;
            this.port = before.port;
            this.connected = before.connected;
            this.resumed = before;
        }

        boolean startsAnew(TimelineEvent e) {
            if (e.kind() == EventKind.DELIVERED && port < 0 && !e.source().equals(from)) {
                return true;    // another server delivering into its mailboxes
            }
            if (!closed) {
                return false;
            }
            return switch (e.kind()) {
                case DNS_QUERY, MX_DECISION -> true;
                case TCP_SYN -> true;
                default -> false;
            };
        }

        void add(TimelineEvent e) {
            last = e.index();
            switch (e.kind()) {
                case TCP_SYN -> {
                    from = e.source();
                    to = e.destination();
                    if (!servers.contains(to)) {
                        servers.add(to);
                    }
                    String service = e.detail(Details.SERVICE_PORT);
                    port = parse(service.isEmpty() ? e.detail(Details.DST_PORT) : service);
                    String known = protocolOfPort(port);
                    if (!known.isEmpty() && !connected) {
                        protocol = known;
                    }
                    closed = false;
                }
                case TCP_ACK, SMTP_REPLY, SMTP_COMMAND, MAILBOX_REPLY, MAILBOX_COMMAND -> {
                    connected = true;
                    if (e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.SMTP_REPLY) {
                        protocol = "SMTP";
                    } else if (e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY) {
                        protocol = mailboxProtocol(e, protocol);
                    }
                }
                case TCP_CLOSE, RETRY_SCHEDULED, QUEUED, DELIVERY_FAILED -> closed = true; // the attempt is over
                case TCP_FAILED -> {
                    // a fallback may follow within the same attempt
                }
                case DNS_QUERY -> {
                    if (protocol.isEmpty() && port < 0) {
                        from = e.source();
                        to = e.source();
                    }
                }
                case DELIVERED -> {
                    if (port < 0) {
                        from = e.source();
                        to = e.detail(Details.STORE).isEmpty() ? e.destination() : e.detail(Details.STORE);
                    }
                }
                default -> { }
            }
        }

        PhaseSegment build(int ordinal, int of) {
            return new PhaseSegment(phase, ordinal, of, first, last, protocol, port, from, to, servers);
        }

        private static String mailboxProtocol(TimelineEvent e, String current) {
            if (current.equals("POP3") || current.equals("IMAP")) {
                return current;
            }
            String k = e.explanationKey();
            return k.startsWith("mailbox.imap") ? "IMAP" : "POP3";
        }

        private static int parse(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException ex) {
                return -1;
            }
        }
    }
}

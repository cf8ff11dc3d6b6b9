package org.mailtrail.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * A condition on the timeline that places a checkpoint (docs/lessons.md, "Conditions"): every key given must hold
 * for a step; the checkpoint stands at the {@code nth} (default: first) such step after the previous checkpoint.
 *
 * <p>Keys: {@code kind} (an {@link EventKind} in lower case with hyphens: {@code dns-query}), {@code type} and
 * {@code name} (the DNS question), {@code command} (an SMTP, POP3 or IMAP command beginning so; {@code <data>} is the
 * message data block), {@code reply-to} (the reply to such a command), {@code code} ({@code 550} or a class
 * {@code 5xx}), {@code from}, {@code to}, {@code host} (either end), {@code message-at} (the step at which a host
 * takes responsibility for the message, delivers it to a mailbox or its client fetches it), {@code phase} and
 * {@code nth}.
 */
public record Condition(Map<String, String> keys, int nth) {
    /** The keys a condition knows. */
    public static final List<String> KEYS = List.of("kind", "type", "name", "command", "reply-to", "code", "from",
            "to", "host", "message-at", "phase", "nth");
    /** The pseudo-command that names the message data block. */
    public static final String DATA_BLOCK = "<data>";

    public Condition {
        keys = Map.copyOf(keys);
    }

    /** Checks the value of one key; the problem in words, or null when it is fine. */
    static String problem(String key, String value) {
        switch (key) {
            case "kind" -> {
                return kind(value) == null ? "'" + value + "' is not a kind of step; kinds are " + kinds() : null;
            }
            case "code" -> {
                return value.matches("[2-5]([0-9][0-9]|xx)") ? null
                        : "'" + value + "' is not a reply code (250) or class (5xx)";
            }
            case "nth" -> {
                return value.matches("[1-9][0-9]{0,2}") ? null : "nth is a count from 1, not '" + value + "'";
            }
            case "phase" -> {
                for (org.mailtrail.timeline.Phase p : org.mailtrail.timeline.Phase.values()) {
                    if (p.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
                        return null;
                    }
                }
                return "'" + value + "' is not a phase";
            }
            default -> {
                return value.isBlank() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0
                        ? "a condition's value is one line of text" : null;
            }
        }
    }

    static EventKind kind(String s) {
        for (EventKind k : EventKind.values()) {
            if (k.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(s)) {
                return k;
            }
        }
        return null;
    }

    private static String kinds() {
        StringBuilder b = new StringBuilder();
        for (EventKind k : EventKind.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return b.toString();
    }

    /** The index of the {@code nth} matching step at or after {@code from}, or -1. */
    public int find(List<TimelineEvent> events, int from) {
        int seen = 0;
        for (int i = Math.max(0, from); i < events.size(); i++) {
            if (matches(events, i) && ++seen == nth) {
                return i;
            }
        }
        return -1;
    }

    /** Whether every key holds for step {@code i}. */
    public boolean matches(List<TimelineEvent> events, int i) {
        TimelineEvent e = events.get(i);
        for (Map.Entry<String, String> k : keys.entrySet()) {
            if (!holds(k.getKey(), k.getValue(), events, e)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(String key, String v, List<TimelineEvent> events, TimelineEvent e) {
        return switch (key) {
            case "kind" -> e.kind() == kind(v);
            case "type" -> e.detail(Details.QTYPE).equalsIgnoreCase(v);
            case "name" -> host(e.detail(Details.QNAME)).equals(host(v));
            case "command" -> isCommand(e, v);
            case "reply-to" -> e.kind() == EventKind.SMTP_REPLY && isCommand(commandBefore(events, e), v);
            case "code" -> v.endsWith("xx") ? e.detail(Details.CODE).startsWith(v.substring(0, 1))
                    : e.detail(Details.CODE).equals(v);
            case "from" -> host(e.source()).equals(host(v));
            case "to" -> host(e.destination()).equals(host(v));
            case "host" -> host(e.source()).equals(host(v)) || host(e.destination()).equals(host(v));
            case "message-at" -> messageAt(e).equals(host(v));
            case "phase" -> e.phase() != null && e.phase().name().toLowerCase(Locale.ROOT).replace('_', '-').equals(v);
            default -> true; // nth is not a property of a step
        };
    }

    /**
     * The host that has the message after this step: the server that took responsibility (RFC 5321 §6.1), the host
     * whose mailbox it went into, or the client that fetched it; "" for any other step. Bounces do not count.
     */
    static String messageAt(TimelineEvent e) {
        boolean bounce = e.details().containsKey("from") && e.detail("from").isEmpty();
        return switch (e.kind()) {
            case MESSAGE_ACCEPTED -> bounce ? "" : host(e.destination());
            case DELIVERED -> "delivered.bounce".equals(e.explanationKey()) ? "" : host(e.detail(Details.STORE));
            case MAILBOX_RETRIEVED -> host(e.source());
            default -> "";
        };
    }

    /** The last command before a reply on the same connection, or null. */
    static TimelineEvent commandBefore(List<TimelineEvent> events, TimelineEvent reply) {
        for (int i = reply.index() - 1; i >= 0; i--) {
            TimelineEvent c = events.get(i);
            if (c.kind() == EventKind.SMTP_COMMAND && c.connection().equals(reply.connection())) {
                return c;
            }
        }
        return null;
    }

    private static boolean isCommand(TimelineEvent e, String v) {
        if (e == null || e.lines().isEmpty()) {
            return false;
        }
        if (e.kind() == EventKind.SMTP_COMMAND) {
            if (v.equalsIgnoreCase(DATA_BLOCK)) {
                return e.verb().isEmpty();
            }
            return !e.verb().isEmpty() && e.lines().get(0).toLowerCase(Locale.ROOT).startsWith(v.toLowerCase(Locale.ROOT));
        }
        if (e.kind() == EventKind.MAILBOX_COMMAND) {
            String line = e.lines().get(0);
            int sp = line.indexOf(' ');
            String rest = line.startsWith("USER") || line.startsWith("PASS") || sp < 0 || line.matches("[A-Z]+( .*)?")
                    ? line : line.substring(sp + 1); // IMAP commands carry a tag first (RFC 9051 §2.2.1)
            return rest.toLowerCase(Locale.ROOT).startsWith(v.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    private static String host(String h) {
        String s = h.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The condition as written in a file, for messages: {@code {kind: dns-query, type: MX}}. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String k : KEYS) {
            if (keys.containsKey(k)) {
                shown.put(k, keys.get(k));
            }
        }
        if (nth != 1) {
            shown.put("nth", Integer.toString(nth));
        }
        return shown.toString().replace('=', ':').replace("{", "{").replace("}", "}");
    }
}

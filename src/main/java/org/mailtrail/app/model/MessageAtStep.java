package org.mailtrail.app.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The message as it stands at a step: the copy held by the host the step is about, with the
 * Received: lines added so far (newest on top) and Return-Path: once delivered, and the envelope of
 * the mail transaction under way there, if any.
 *
 * <p>A journey can hold several copies: one per server queue (a relay's copy has one Received: line
 * more than its client's), one per recipient domain (a multi-domain message leaves the sender's
 * server in one transaction per destination), a bounce (a new message, MAIL FROM:&lt;&gt;), and one per
 * mailbox. So copies are followed by queue id and by mailbox, and transactions by connection, and a
 * transaction's envelope is shown only from its MAIL FROM to its end (QUIT, RSET or the connection
 * closing) — except a transaction that ended with a recipient refused and nothing accepted: its envelope, the
 * refused recipients marked, stays in view until the host tries again, so the failure and its reason can be read.
 *
 * <p>This is the one computation of who holds the message at a step: the inspector shows {@link State#host()}'s
 * copy, and the network map highlights the same host as the holder ({@link #holders}), so the two always agree.
 */
public final class MessageAtStep {
    /** In the replies awaited on a connection: the one to a message's data (not a recipient). */
    private static final String DATA_BLOCK = "\u0000data";

    /**
     * Envelope and header lines at one step: {@code host} holds the copy shown; {@code refused} maps each refused
     * recipient (as in {@code rcptTo}) to the reply that refused it ({@code 550 5.1.1}); {@code held} names every
     * host that has held a copy so far, {@code host} included.
     */
    public record State(String host, String mailFrom, List<String> rcptTo, List<String> headers, int receivedCount,
                        Map<String, String> refused, Set<String> held) {
        /** Whether the recipient (as in {@code rcptTo}) was refused. */
        public boolean isRefused(String rcpt) {
            return refused.containsKey(rcpt);
        }
    }

    /** Who has held the message up to a step, and who holds it at the step: what the network map marks. */
    public record Holders(Set<String> held, String current) {
    }

    /** The holders at a step, from {@link #at}: the map's highlight and the inspector's host are one computation. */
    public static Holders holders(List<TimelineEvent> events, int step) {
        State s = at(events, step);
        return new Holders(s.held(), s.host());
    }

    private MessageAtStep() {
    }

    /** A mail transaction on one connection. */
    private static final class Txn {
        final String mailFrom;
        final String client;
        final String server;
        final List<String> rcpts = new ArrayList<>();
        final Map<String, String> refused = new LinkedHashMap<>();
        List<String> data; // the header section as the client sent it
        List<String> copy; // the server's copy, once it added its Received: line

        Txn(String mailFrom, String client, String server) {
            this.mailFrom = mailFrom;
            this.client = client;
            this.server = server;
        }
    }

    /** Computes the state from the events up to and including {@code step}. */
    public static State at(List<TimelineEvent> events, int step) {
        if (events.isEmpty() || step < 0) {
            return new State("", "", List.of(), List.of(), 0, Map.of(), Set.of());
        }
        int last = Math.min(step, events.size() - 1);
        Map<String, Txn> txns = new HashMap<>(); // by connection
        Map<String, String> clients = new HashMap<>(); // connection -> the host that opened it
        Map<String, Txn> lastInto = new HashMap<>(); // server -> the transaction whose data it got last
        Map<String, List<String>> queued = new HashMap<>(); // queue id -> that queue's copy
        Map<String, List<String>> mailboxes = new HashMap<>(); // mailbox -> the copy delivered there
        Map<String, List<String>> held = new HashMap<>(); // host -> the copy it got last
        Map<String, ArrayDeque<String>> awaiting = new HashMap<>(); // connection -> commands awaiting a reply
        Map<String, Txn> ended = new HashMap<>(); // connection -> its transaction that ended with a refusal
        Map<String, Txn> lastRefused = new HashMap<>(); // host -> its last transaction that ended with a refusal
        String bounceFrom = "";
        List<String> bounceTo = List.of();
        for (int i = 0; i <= last; i++) {
            TimelineEvent e = events.get(i);
            String conn = connection(e);
            switch (e.kind()) {
                case TCP_SYN -> clients.putIfAbsent(conn, e.source());
                case SMTP_COMMAND -> {
                    clients.putIfAbsent(conn, e.source());
                    String verb = e.detail(Details.VERB);
                    String line = e.lines().isEmpty() ? "" : e.lines().get(0);
                    Txn t = txns.get(conn);
                    // replies come back in the order of the commands (RFC 5321 §4.2, RFC 2920)
                    awaiting.computeIfAbsent(conn, k -> new ArrayDeque<>()).add("RCPT".equals(verb) && t != null
                            ? argument(line) : verb.isEmpty() && t != null ? DATA_BLOCK : "");
                    if ("MAIL".equals(verb)) {
                        txns.put(conn, new Txn(argument(line), e.source(), e.destination()));
                        ended.remove(conn);
                        lastRefused.remove(e.source());
                    } else if ("RCPT".equals(verb) && t != null) {
                        t.rcpts.add(argument(line));
                    } else if (verb.isEmpty() && t != null) {
                        t.data = headerLines(e.lines());
                        lastInto.put(t.server, t);
                    } else if ("QUIT".equals(verb) || "RSET".equals(verb)) {
                        end(txns.remove(conn), conn, ended, lastRefused);
                    }
                }
                case SMTP_REPLY -> {
                    ArrayDeque<String> q = awaiting.get(conn);
                    String rcpt = q == null || q.isEmpty() ? "" : q.poll();
                    Txn t = txns.get(conn);
                    if (DATA_BLOCK.equals(rcpt)) {
                        if (t != null && t.copy == null && t.data != null && e.replyCode() / 100 == 2) {
                            // the server took the message; a client's timeline (a live send) never shows the trace
                            // fields it adds, so the message is there as it was sent (a RECEIVED_ADDED later, in a
                            // simulation, puts its own copy with them)
                            held.put(t.server, t.data);
                        }
                    } else if (!rcpt.isEmpty() && t != null && e.replyCode() >= 400) {
                        String es = e.detail(Details.ENHANCED);
                        t.refused.put(rcpt, e.replyCode() + (es.isEmpty() ? "" : " " + es));
                    }
                }
                case TCP_CLOSE -> end(txns.remove(conn), conn, ended, lastRefused);
                case RECEIVED_ADDED -> {
                    Txn t = lastInto.get(e.source());
                    List<String> copy = new ArrayList<>(e.lines());
                    copy.addAll(t != null && t.data != null ? t.data : held.getOrDefault(e.source(), List.of()));
                    if (t != null) {
                        t.copy = copy;
                    }
                    queued.put(e.detail(Details.QUEUE_ID), copy);
                    held.put(e.source(), copy);
                }
                case BOUNCE_GENERATED -> {
                    lastRefused.remove(e.source());
                    List<String> copy = new ArrayList<>();
                    for (String l : e.lines()) {
                        if (l.startsWith("MAIL FROM:")) {
                            bounceFrom = argument(l);
                        } else if (l.startsWith("RCPT TO:")) {
                            bounceTo = List.of(argument(l));
                        } else {
                            copy.add(l);
                        }
                    }
                    queued.put(e.detail(Details.QUEUE_ID), copy);
                    held.put(e.source(), copy);
                }
                case DELIVERED -> {
                    List<String> base = queued.get(e.detail(Details.QUEUE_ID));
                    List<String> copy = new ArrayList<>();
                    if (!e.lines().isEmpty() && e.lines().get(0).startsWith("Return-Path:")) {
                        copy.add(e.lines().get(0));
                    }
                    copy.addAll(base != null ? base : held.getOrDefault(e.source(), List.of()));
                    mailboxes.put(e.detail(Details.MAILBOX), copy);
                    held.put(store(e), copy);
                }
                case MAILBOX_RETRIEVED -> {
                    List<String> copy = mailboxes.get(e.detail(Details.MAILBOX));
                    if (copy != null) {
                        held.put(e.source(), copy);
                    }
                }
                default -> {
                }
            }
        }

        Set<String> hosts = new LinkedHashSet<>(held.keySet());
        State s = current(events.get(last), txns, clients, lastInto, mailboxes, held, ended, lastRefused, bounceFrom,
                bounceTo);
        hosts.add(s.host());
        return new State(s.host(), s.mailFrom(), s.rcptTo(), s.headers(), s.receivedCount(), s.refused(),
                Collections.unmodifiableSet(hosts));
    }

    /** A transaction ends: one that refused a recipient and took nothing stays in view. */
    private static void end(Txn t, String conn, Map<String, Txn> ended, Map<String, Txn> lastRefused) {
        if (t != null && t.copy == null && !t.refused.isEmpty()) {
            ended.put(conn, t);
            lastRefused.put(t.client, t);
        }
    }

    /** The state at the step itself, from what the steps before it built up. */
    private static State current(TimelineEvent e, Map<String, Txn> txns, Map<String, String> clients,
                                 Map<String, Txn> lastInto, Map<String, List<String>> mailboxes,
                                 Map<String, List<String>> held, Map<String, Txn> ended, Map<String, Txn> lastRefused,
                                 String bounceFrom, List<String> bounceTo) {
        String conn = connection(e);
        switch (e.kind()) {
            case RECEIVED_ADDED, MESSAGE_ACCEPTED -> {
                String server = e.kind() == EventKind.RECEIVED_ADDED ? e.source() : e.destination();
                Txn t = lastInto.get(server);
                if (t != null) {
                    return state(server, t.mailFrom, t.rcpts, t.copy != null ? t.copy : held.getOrDefault(server, List.of()));
                }
                return state(server, "", List.of(), held.getOrDefault(server, List.of()));
            }
            case BOUNCE_GENERATED -> {
                return state(e.source(), bounceFrom, bounceTo, held.getOrDefault(e.source(), List.of()));
            }
            case DELIVERED -> {
                List<String> copy = mailboxes.getOrDefault(e.detail(Details.MAILBOX), List.of());
                String from = !copy.isEmpty() && copy.get(0).startsWith("Return-Path:") ? argument(copy.get(0)) : "";
                String box = e.detail(Details.MAILBOX);
                return state(store(e), from, box.isEmpty() ? List.of() : List.of("<" + box + ">"), copy);
            }
            case DNS_ANSWER -> {
                return state(e.destination(), "", List.of(), held.getOrDefault(e.destination(), List.of()));
            }
            case DELIVERY_FAILED, QUEUED, RETRY_SCHEDULED -> {
                Txn t = lastRefused.get(e.source());
                if (t != null) {
                    return state(e.source(), t.mailFrom, t.rcpts, t.refused, held.getOrDefault(e.source(), List.of()));
                }
            }
            default -> {
            }
        }
        Txn t = txns.get(conn);
        if (t != null) {
            if (t.copy != null) {
                return state(t.server, t.mailFrom, t.rcpts, t.refused, t.copy);
            }
            return state(t.client, t.mailFrom, t.rcpts, t.refused,
                    t.data != null ? t.data : held.getOrDefault(t.client, List.of()));
        }
        Txn done = ended.get(conn);
        if (done != null) { // the transaction refused a recipient and took nothing: the client still holds it
            return state(done.client, done.mailFrom, done.rcpts, done.refused, held.getOrDefault(done.client, List.of()));
        }
        String client = clients.get(conn);
        if (client != null) {
            // between transactions: the copy the client holds, or, talking to a mailbox (a mail client that holds no
            // copy yet fetching one), the mailbox's
            String server = client.equals(e.source()) ? e.destination() : e.source();
            boolean mailbox = e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY
                    || !held.containsKey(client) && held.containsKey(server);
            String host = mailbox ? server : client;
            return state(host, "", List.of(), held.getOrDefault(host, List.of()));
        }
        return state(e.source(), "", List.of(), held.getOrDefault(e.source(), List.of()));
    }

    private static State state(String host, String mailFrom, List<String> rcpts, List<String> headers) {
        return state(host, mailFrom, rcpts, Map.of(), headers);
    }

    private static State state(String host, String mailFrom, List<String> rcpts, Map<String, String> refused,
                               List<String> headers) {
        int received = 0;
        for (String h : headers) {
            if (h.startsWith("Received:")) {
                received++;
            }
        }
        return new State(host, mailFrom, List.copyOf(rcpts), List.copyOf(headers), received,
                Collections.unmodifiableMap(new LinkedHashMap<>(refused)), Set.of(host));
    }

    /** The event's connection: its {@code conn} detail, or else the pair of hosts. */
    private static String connection(TimelineEvent e) {
        String conn = e.detail(Details.CONN);
        if (!conn.isEmpty()) {
            return conn;
        }
        return e.source().compareTo(e.destination()) < 0 ? e.source() + "|" + e.destination()
                : e.destination() + "|" + e.source();
    }

    /** The host of the mailbox a delivery went to. */
    private static String store(TimelineEvent e) {
        String store = e.detail(Details.STORE);
        return store.isEmpty() ? e.destination() : store;
    }

    private static String argument(String line) {
        int colon = line.indexOf(':');
        String rest = (colon < 0 ? line : line.substring(colon + 1)).strip();
        int sp = rest.indexOf(' ');
        return sp < 0 ? rest : rest.substring(0, sp);
    }

    /** The header section of a dot-stuffed data block, unstuffed. */
    private static List<String> headerLines(List<String> wire) {
        List<String> out = new ArrayList<>();
        for (String l : wire) {
            if (l.isEmpty() || l.equals(".")) {
                break;
            }
            out.add(l.startsWith("..") ? l.substring(1) : l);
        }
        return out;
    }
}

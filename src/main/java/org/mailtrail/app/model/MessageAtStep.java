package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * closing).
 */
public final class MessageAtStep {
    /** Envelope and header lines at one step. */
    public record State(String host, String mailFrom, List<String> rcptTo, List<String> headers, int receivedCount) {
    }

    private MessageAtStep() {
    }

    /** A mail transaction on one connection. */
    private static final class Txn {
        final String mailFrom;
        final String client;
        final String server;
        final List<String> rcpts = new ArrayList<>();
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
            return new State("", "", List.of(), List.of(), 0);
        }
        int last = Math.min(step, events.size() - 1);
        Map<String, Txn> txns = new HashMap<>(); // by connection
        Map<String, String> clients = new HashMap<>(); // connection -> the host that opened it
        Map<String, Txn> lastInto = new HashMap<>(); // server -> the transaction whose data it got last
        Map<String, List<String>> queued = new HashMap<>(); // queue id -> that queue's copy
        Map<String, List<String>> mailboxes = new HashMap<>(); // mailbox -> the copy delivered there
        Map<String, List<String>> held = new HashMap<>(); // host -> the copy it got last
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
                    if ("MAIL".equals(verb)) {
                        txns.put(conn, new Txn(argument(line), e.source(), e.destination()));
                    } else if ("RCPT".equals(verb) && t != null) {
                        t.rcpts.add(argument(line));
                    } else if (verb.isEmpty() && t != null) {
                        t.data = headerLines(e.lines());
                        lastInto.put(t.server, t);
                    } else if ("QUIT".equals(verb) || "RSET".equals(verb)) {
                        txns.remove(conn);
                    }
                }
                case TCP_CLOSE -> txns.remove(conn);
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

        TimelineEvent e = events.get(last);
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
            default -> {
            }
        }
        Txn t = txns.get(conn);
        if (t != null) {
            if (t.copy != null) {
                return state(t.server, t.mailFrom, t.rcpts, t.copy);
            }
            return state(t.client, t.mailFrom, t.rcpts, t.data != null ? t.data : held.getOrDefault(t.client, List.of()));
        }
        String client = clients.get(conn);
        if (client != null) {
            // between transactions: the copy the client holds, or, talking to a mailbox, the mailbox's
            String server = client.equals(e.source()) ? e.destination() : e.source();
            String host = e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY ? server : client;
            return state(host, "", List.of(), held.getOrDefault(host, List.of()));
        }
        return state(e.source(), "", List.of(), held.getOrDefault(e.source(), List.of()));
    }

    private static State state(String host, String mailFrom, List<String> rcpts, List<String> headers) {
        int received = 0;
        for (String h : headers) {
            if (h.startsWith("Received:")) {
                received++;
            }
        }
        return new State(host, mailFrom, List.copyOf(rcpts), List.copyOf(headers), received);
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

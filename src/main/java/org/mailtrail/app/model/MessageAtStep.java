package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The message as it stands at a step: the envelope of the transaction under way and the header
 * fields, with the Received: lines added so far (newest on top) and Return-Path: once delivered.
 */
public final class MessageAtStep {
    /** Envelope and header lines at one step. */
    public record State(String host, String mailFrom, List<String> rcptTo, List<String> headers, int receivedCount) {
    }

    private MessageAtStep() {
    }

    /** Computes the state from the events up to and including {@code step}. */
    public static State at(List<TimelineEvent> events, int step) {
        String mailFrom = "";
        List<String> rcpts = new ArrayList<>();
        List<String> headers = List.of();
        String host = "";
        List<String> pendingReceived = List.of();
        for (int i = 0; i <= step && i < events.size(); i++) {
            TimelineEvent e = events.get(i);
            if (e.kind() == EventKind.SMTP_COMMAND) {
                String verb = e.detail("verb");
                String line = e.lines().isEmpty() ? "" : e.lines().get(0);
                if ("MAIL".equals(verb)) {
                    mailFrom = argument(line);
                    rcpts = new ArrayList<>();
                    host = e.source();
                } else if ("RCPT".equals(verb)) {
                    rcpts.add(argument(line));
                } else if (verb.isEmpty()) {
                    headers = headerLines(e.lines());
                    host = e.source();
                }
            } else if (e.kind() == EventKind.RECEIVED_ADDED) {
                pendingReceived = e.lines();
                List<String> h = new ArrayList<>(pendingReceived);
                h.addAll(headers);
                headers = h;
                host = e.source();
            } else if (e.kind() == EventKind.DELIVERED && !e.lines().isEmpty()) {
                List<String> h = new ArrayList<>();
                h.add(e.lines().get(0));
                h.addAll(headers);
                headers = h;
                host = e.destination();
            }
        }
        int received = 0;
        for (String h : headers) {
            if (h.startsWith("Received:")) {
                received++;
            }
        }
        return new State(host, mailFrom, List.copyOf(rcpts), List.copyOf(headers), received);
    }

    private static String argument(String line) {
        int colon = line.indexOf(':');
        String rest = colon < 0 ? line : line.substring(colon + 1);
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

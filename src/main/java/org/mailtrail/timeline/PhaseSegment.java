package org.mailtrail.timeline;

import java.util.List;

/**
 * A run of consecutive steps in one phase that tells one part of the story, such as one attempt to hand the message to
 * the recipient's MX: what the steps list, transcript and ladder diagram show a header for.
 *
 * <p>A segment tells only what its own steps show: cut at a step ({@link PhaseSegments#upTo}), it names the servers
 * contacted up to that step and counts the parts begun so far, so that a header shown at a step gives no later step
 * away (the backup MX before the preferred one refused, a retry before the first attempt ended).
 *
 * @param phase    the phase
 * @param ordinal  which of the journey's segments in this phase it is, from 1
 * @param of       how many segments the journey has in this phase
 * @param first    index of its first step
 * @param last     index of its last step
 * @param protocol {@code SMTP}, {@code POP3}, {@code IMAP}, {@code DNS}, or "" for steps inside a host
 * @param port     the server port of its connection, or -1
 * @param from     the host that acts (the client of the connection)
 * @param to       the host it reaches (the server of the last connection), or {@code from} for steps inside a host
 * @param servers  every server a connection was tried to, in the order they were first tried (a refused preferred MX,
 *                 then the backup); none for steps inside a host
 */
public record PhaseSegment(Phase phase, int ordinal, int of, int first, int last, String protocol, int port,
                           String from, String to, List<String> servers) {

    public PhaseSegment {
        servers = List.copyOf(servers);
    }

    /** A segment with at most one server: {@code to}, unless the steps are inside a host. */
    public PhaseSegment(Phase phase, int ordinal, int of, int first, int last, String protocol, int port,
                        String from, String to) {
        this(phase, ordinal, of, first, last, protocol, port, from, to, from.equals(to) ? List.of() : List.of(to));
    }

    /**
     * The same segment with its total unknown ({@code of} 0): a lesson shows the journey up to its horizon, where the
     * count of the parts seen so far would tell the class that the part shown is the last ("Relay 2 of 2").
     */
    public PhaseSegment withoutTotal() {
        return new PhaseSegment(phase, ordinal, 0, first, last, protocol, port, from, to, servers);
    }

    /** Whether the step with this index is part of the segment. */
    public boolean contains(int index) {
        return index >= first && index <= last;
    }
}

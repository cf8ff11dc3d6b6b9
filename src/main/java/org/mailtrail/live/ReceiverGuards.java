package org.mailtrail.live;

import java.time.Duration;

/**
 * How an {@link SmtpReceiver} keeps slow or greedy clients from holding it: deadlines per command line and per DATA
 * block, counted from when the server began to wait for the line (or from the 354) and not reset by each byte
 * (RFC 5321 §4.5.3.2 gives 5 minutes per command and 10 minutes for the end of the data as what a client must wait at
 * least: here they are upper bounds for the server); a stress mode like Postfix's that shortens every deadline to
 * {@code stressTimeout} while more than {@link #STRESS_PERCENT} % of the connection slots are taken; and limits per
 * client address.
 *
 * @param commandTimeout    the most a command line may take, from when the server waits for it to its line end
 * @param dataTimeout       the most the data of one message may take, from the 354 to the final dot
 * @param stressTimeout     the idle timeout and both deadlines while the server is under stress
 * @param maxPerClient      connections at once from one client address; 0: no limit
 * @param commandsPerMinute commands per minute from one client address (all its connections); 0: no limit
 * @param slotWait          how long a connection beyond either connection limit waits, unanswered, for a slot before
 *                          it is turned away with 421 ({@link WaitingRoom}); zero: turned away at once
 */
public record ReceiverGuards(Duration commandTimeout, Duration dataTimeout, Duration stressTimeout, int maxPerClient,
                             int commandsPerMinute, Duration slotWait) {
    /** RFC 5321 §4.5.3.2.2-4: MAIL and RCPT 5 minutes. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /** RFC 5321 §4.5.3.2.6: 10 minutes for the end of the data. */
    public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(10);
    /** As Postfix's {@code smtpd_timeout} under stress ({@code 10s}). */
    public static final Duration DEFAULT_STRESS_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a client's last connection to be seen closed, short enough not to hold a flood. */
    public static final Duration DEFAULT_SLOT_WAIT = Duration.ofSeconds(1);
    /** Stress: more than this share of the connection slots is taken. */
    public static final int STRESS_PERCENT = 80;

    /** Checks every setting. */
    public ReceiverGuards {
        commandTimeout = check("command timeout", commandTimeout);
        dataTimeout = check("data timeout", dataTimeout);
        stressTimeout = check("stress timeout", stressTimeout);
        if (maxPerClient < 0 || maxPerClient > ReceiverConfig.MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("connections per client must be 0 (no limit) to "
                    + ReceiverConfig.MAX_CONNECTIONS_LIMIT + ", not " + maxPerClient);
        }
        if (commandsPerMinute < 0) {
            throw new IllegalArgumentException("commands per minute must be 0 (no limit) or more, not "
                    + commandsPerMinute);
        }
        if (slotWait == null || slotWait.isNegative() || slotWait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the wait for a free connection slot must be 0 to 60 seconds, not "
                    + slotWait);
        }
    }

    /**
     * The RFC 5321 deadlines, 10 s under stress, no limits per client (a library user or test decides), a second's
     * wait for a free slot.
     */
    public static ReceiverGuards defaults() {
        return new ReceiverGuards(DEFAULT_COMMAND_TIMEOUT, DEFAULT_DATA_TIMEOUT, DEFAULT_STRESS_TIMEOUT, 0, 0,
                DEFAULT_SLOT_WAIT);
    }

    /** A copy with other deadlines. */
    public ReceiverGuards withTimeouts(Duration command, Duration data, Duration stress) {
        return new ReceiverGuards(command, data, stress, maxPerClient, commandsPerMinute, slotWait);
    }

    /** A copy with other limits per client address (0: none). */
    public ReceiverGuards withPerClient(int connections, int perMinute) {
        return new ReceiverGuards(commandTimeout, dataTimeout, stressTimeout, connections, perMinute, slotWait);
    }

    /** A copy with another wait for a free slot (zero: a connection beyond a limit is turned away at once). */
    public ReceiverGuards withSlotWait(Duration wait) {
        return new ReceiverGuards(commandTimeout, dataTimeout, stressTimeout, maxPerClient, commandsPerMinute, wait);
    }

    /**
     * True when {@code open} connections of at most {@code max} put the server under stress: more than
     * {@link #STRESS_PERCENT} % of the slots are taken, by at least two connections (one client alone is never stress:
     * with {@code --max-connections 1} a single interactive client was cut off after the stress timeout).
     */
    public static boolean stressed(int open, int max) {
        return open >= 2 && (long) open * 100 > (long) max * STRESS_PERCENT;
    }

    private static Duration check(String what, Duration d) {
        if (d == null || d.toMillis() < 1 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms and at most a day, not " + d);
        }
        return d;
    }
}

package org.mailtrail.world;

/**
 * The faults the world editor offers for a host, each a setting of the world file's {@code smtp} block or of
 * {@code relayFrom} (docs/worlds.md): choosing one sets those fields and clears the other faults of the host.
 */
public enum HostFault {
    /** A healthy server. */
    NONE,
    /** {@code smtp.down}: refuses TCP connections. */
    DOWN,
    /** {@code smtp.unreachable}: never answers a SYN. */
    UNREACHABLE,
    /** {@code smtp.greylist} with {@code greylistDelaySeconds} (RFC 6647); the parameter is the delay in seconds. */
    GREYLIST,
    /** {@code smtp.rcptReplies}: {@code 550 5.1.1} for the recipient given as parameter. */
    UNKNOWN_USER,
    /** {@code smtp.rcptReplies}: {@code 452 4.2.2 Mailbox full} for the recipient given as parameter. */
    MAILBOX_FULL,
    /** {@code relayFrom: []}: relays for nobody, so foreign domains get {@code 554 5.7.1}. */
    RELAY_DENIED,
    /** {@code smtp.greeting}: the reply given as parameter instead of 220. */
    GREETING_REPLY,
    /** {@code smtp.mailReply}: the reply given as parameter to MAIL FROM. */
    MAIL_REPLY,
    /** {@code smtp.dataReply}: the reply given as parameter after the final dot. */
    DATA_REPLY,
    /** {@code smtp.dropAfterData}: the connection is closed after the final dot, without a reply. */
    DROP_AFTER_DATA;

    /** What the parameter of this fault is: a delay, a recipient, a reply, or nothing. */
    public enum Parameter { NONE, SECONDS, RECIPIENT, REPLY }

    public Parameter parameter() {
        return switch (this) {
            case GREYLIST -> Parameter.SECONDS;
            case UNKNOWN_USER, MAILBOX_FULL -> Parameter.RECIPIENT;
            case GREETING_REPLY, MAIL_REPLY, DATA_REPLY -> Parameter.REPLY;
            default -> Parameter.NONE;
        };
    }

    /** The parameter proposed when the fault is chosen. */
    public String defaultParameter() {
        return switch (this) {
            case GREYLIST -> "300";
            case UNKNOWN_USER, MAILBOX_FULL -> "bob@example.net";
            case GREETING_REPLY -> "554 5.3.2 No service";
            case MAIL_REPLY -> "421 4.3.2 Shutting down";
            case DATA_REPLY -> "451 4.3.0 Local error in processing";
            default -> "";
        };
    }
}

package org.mailtrail.world;

import java.util.List;
import java.util.Map;

/**
 * How a simulated SMTP server behaves, and which faults it has.
 *
 * @param down            the host refuses TCP connections (RST)
 * @param unreachable     the host never answers a SYN (connection times out)
 * @param greeting        a full greeting reply to use instead of {@code 220 host ESMTP …}, e.g. {@code 554 5.3.2 No service}
 * @param mailReply       a reply to MAIL FROM instead of 250, e.g. {@code 421 4.3.2 Shutting down}
 * @param dataReply       a reply after the final dot instead of 250
 * @param dropAfterData   the server reads the message to the final dot, then closes the connection without a reply
 *                        and without keeping the message (RFC 5321 §4.1.1.4, §6.1)
 * @param starttls        the server offers STARTTLS
 * @param greylist        unknown (client, sender, recipient) triplets get 451 until retried after greylistDelaySeconds (RFC 6647)
 * @param greylistDelaySeconds how long a triplet must wait before a retry is accepted
 * @param rcptReplies     fixed replies for given recipients, e.g. {@code carol@example.net: "452 4.2.2 Mailbox full"}
 * @param maxMessageSize  the SIZE limit (RFC 1870)
 * @param software        the product name in the greeting and Received: lines
 */
public record SmtpBehaviour(boolean down, boolean unreachable, String greeting, String mailReply, String dataReply,
                            boolean dropAfterData, boolean starttls, boolean greylist, int greylistDelaySeconds,
                            Map<String, String> rcptReplies, long maxMessageSize, String software) {

    public SmtpBehaviour {
        rcptReplies = rcptReplies == null ? Map.of() : Map.copyOf(rcptReplies);
    }

    /** The default: a healthy server offering STARTTLS. */
    public static SmtpBehaviour healthy() {
        return new SmtpBehaviour(false, false, null, null, null, false, true, false, 300, Map.of(), 10_485_760L, "Mail Trail");
    }

    /** Names of the faults switched on, for summaries. */
    public List<String> faults() {
        java.util.ArrayList<String> f = new java.util.ArrayList<>();
        if (down) {
            f.add("down");
        }
        if (unreachable) {
            f.add("unreachable");
        }
        if (greeting != null) {
            f.add("greeting " + greeting);
        }
        if (mailReply != null) {
            f.add("MAIL reply " + mailReply);
        }
        if (dataReply != null) {
            f.add("data reply " + dataReply);
        }
        if (dropAfterData) {
            f.add("drop after DATA");
        }
        if (greylist) {
            f.add("greylisting");
        }
        return f;
    }
}

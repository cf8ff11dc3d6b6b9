package org.mailtrail.engine;

import java.time.Instant;
import org.mailtrail.dns.MxResolution;
import org.mailtrail.smtp.Outcome;
import org.mailtrail.smtp.SmtpClient;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;

/**
 * The transport under the mail-host core: what a host needs from the network to deliver mail. Two
 * implementations: {@link SimNetwork} (virtual links and a virtual clock, the other end's server state machine run
 * in memory) and the lab's socket transport (real DNS, real TCP on loopback, the real clock). The core decides;
 * a transport only carries and records what it carried on the {@link Journal} it is given.
 */
public interface MailNetwork {

    /** One open connection. */
    interface Link {
        /** The client host's name. */
        String client();

        /** The server host's name. */
        String server();
    }

    /** The clock of the mail hosts' decisions (queue age, greylisting), in microseconds. */
    long now();

    /** The wall-clock time of {@link #now()}, for Date: and Received: fields. */
    Instant wallClock();

    /** The MX resolution of {@code domain} for a host (RFC 5321 §5.1), its DNS steps written on the journal. */
    MxResolution resolveMx(Journal journal, Host from, String domain);

    /** The first IPv4 address of a named host (an A query), or null; the DNS step is written on the journal. */
    String lookupAddress(Journal journal, Host from, String name);

    /** Opens TCP from a host to an address and port; null when it fails (the failure is on the journal). */
    Link connect(Journal journal, Host client, String address, int port, String purpose);

    /** Runs one SMTP client session over an open link to its end. */
    Outcome smtp(Journal journal, Link link, SmtpClient client);

    /** The client closes the link. */
    void close(Journal journal, Link link);

    /**
     * The last leg: the mail client {@code mua} fetches message {@code number} of {@code mailbox} (POP3 or IMAP);
     * {@code bounce}: the message is a bounce coming back to the sender, not the message reaching its recipient.
     */
    void retrieve(Journal journal, Retrieval how, Host mua, Host store, String mailbox, int number, byte[] content,
                  boolean bounce);
}

package org.mailtrail.world;

import java.util.List;
import java.util.Locale;

/**
 * A host of the simulated world.
 *
 * @param name         fully qualified host name, lower case, no trailing dot
 * @param role         what it does
 * @param address      its main address as text (the first of addresses)
 * @param addresses    every address it answers on (A and AAAA of its name, or the one given)
 * @param user         for a mail client: the address of the person using it
 * @param localDomains domains this host delivers to mailboxes itself (final destination)
 * @param mailboxes    local parts that exist in those domains
 * @param mailboxHost  where the mailboxes live and are fetched from (POP3/IMAP); this host if null
 * @param smartHost    where this host sends non-local mail on the relay route (null: MX lookup)
 * @param relayFrom    client hosts this host relays for (others get 554 5.7.1 for foreign domains)
 * @param smtp         the SMTP server's behaviour and faults
 */
public record Host(String name, Role role, String address, List<String> addresses, String user, List<String> localDomains,
                   List<String> mailboxes, String mailboxHost, String smartHost, List<String> relayFrom,
                   SmtpBehaviour smtp) {

    public Host {
        addresses = addresses == null || addresses.isEmpty() ? List.of(address) : List.copyOf(addresses);
        localDomains = localDomains == null ? List.of() : List.copyOf(localDomains);
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        relayFrom = relayFrom == null ? List.of() : List.copyOf(relayFrom);
        smtp = smtp == null ? SmtpBehaviour.healthy() : smtp;
    }

    /** True when mail for this domain ends here. */
    public boolean isLocalDomain(String domain) {
        return localDomains.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** True when the local part has a mailbox here. */
    public boolean hasMailbox(String localPart) {
        return mailboxes.contains(localPart.toLowerCase(Locale.ROOT));
    }

    /** True when this host relays mail from the given client host. */
    public boolean relaysFor(String clientHost) {
        return relayFrom.contains(clientHost.toLowerCase(Locale.ROOT));
    }

    /** The host that keeps the mailboxes for this host's domains. */
    public String mailboxHostOrSelf() {
        return mailboxHost == null ? name : mailboxHost;
    }
}

package org.mailtrail.smtp;

/** A mailbox {@code local-part@domain} (RFC 5321 §4.1.2); build it with {@link Addresses#parseMailbox}. */
public record Mailbox(String localPart, String domain) {

    /** Validates both parts by re-parsing the whole. */
    public Mailbox {
        if (localPart == null || domain == null) {
            throw new IllegalArgumentException("local-part and domain must not be null");
        }
        Addresses.checkMailbox(localPart + "@" + domain);
    }

    /** {@code local@domain}. */
    @Override
    public String toString() {
        return localPart + "@" + domain;
    }
}

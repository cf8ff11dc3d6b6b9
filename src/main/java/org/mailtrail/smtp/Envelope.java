package org.mailtrail.smtp;

import java.util.LinkedHashSet;
import java.util.List;

/** The SMTP envelope: reverse-path ({@code ""} = null reverse-path, RFC 5321 §4.5.5) and recipients, without brackets. */
public record Envelope(String reversePath, List<String> recipients) {

    /** Validates every address with {@link Addresses}; recipients must be non-empty and distinct. */
    public Envelope {
        Text.noCrLf("reverse-path", reversePath);
        if (!reversePath.isEmpty()) {
            Addresses.parseMailbox(reversePath);
        }
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        for (String r : recipients) {
            Addresses.parseMailbox(r);
        }
        if (new LinkedHashSet<>(recipients).size() != recipients.size()) {
            throw new IllegalArgumentException("duplicate recipient in envelope: " + recipients);
        }
        recipients = List.copyOf(recipients);
    }
}

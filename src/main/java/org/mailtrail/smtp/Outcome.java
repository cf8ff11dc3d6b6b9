package org.mailtrail.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result of one client session: per-recipient status in envelope order, the last reply (may be null), a summary. */
public record Outcome(Map<String, RecipientStatus> recipients, Reply lastReply, String summary) {

    /** Copies the map keeping envelope order. */
    public Outcome {
        recipients = Collections.unmodifiableMap(new LinkedHashMap<>(recipients));
        summary = summary == null ? "" : summary;
    }

    /** True if every recipient was accepted. */
    public boolean allAccepted() {
        return !recipients.isEmpty() && recipients.values().stream().allMatch(s -> s.result() == Result.ACCEPTED);
    }

    /** True if any recipient failed permanently. */
    public boolean anyPermanent() {
        return recipients.values().stream().anyMatch(s -> s.result() == Result.PERMANENT);
    }

    /** True if any recipient must be retried. */
    public boolean anyTransient() {
        return recipients.values().stream().anyMatch(s -> s.result() == Result.TRANSIENT);
    }
}

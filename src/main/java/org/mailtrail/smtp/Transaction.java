package org.mailtrail.smtp;

import java.util.List;

/**
 * One mail transaction as the server saw it (RFC 5321 §3.3): session facts, envelope and content.
 * {@code content} is the un-stuffed message with CRLF line ends (empty before DATA); do not modify it.
 */
public record Transaction(String heloName, boolean esmtp, boolean tls, String reversePath,
                          List<String> recipients, byte[] content) {

    /** Copies the recipient list; null content becomes empty. */
    public Transaction {
        recipients = List.copyOf(recipients);
        content = content == null ? new byte[0] : content;
    }
}

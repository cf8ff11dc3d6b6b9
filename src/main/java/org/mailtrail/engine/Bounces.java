package org.mailtrail.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Builds delivery status notifications (RFC 3464) that go back to the sender with a null reverse-path. */
final class Bounces {
    private Bounces() {
    }

    /**
     * One recipient that failed for good.
     *
     * @param recipient  the envelope recipient
     * @param status     the enhanced status code, e.g. {@code 5.1.1}
     * @param diagnostic the reply or reason, e.g. {@code 550 5.1.1 <x>: User unknown}
     * @param remoteMta  the host that said so, or null when the reason is local (DNS, expiry)
     */
    record Failure(String recipient, String status, String diagnostic, String remoteMta) {
    }

    static byte[] dsn(String reportingHost, String queueId, String sender, Instant arrival, Instant now,
                      List<Failure> failures, byte[] original) {
        String boundary = queueId + "." + reportingHost;
        StringBuilder b = new StringBuilder();
        b.append("Date: ").append(MessageComposer.rfc5322Date(now)).append("\r\n");
        b.append("From: MAILER-DAEMON@").append(reportingHost).append(" (Mail Delivery System)\r\n");
        b.append("To: ").append(sender).append("\r\n");
        b.append("Subject: Undelivered Mail Returned to Sender\r\n");
        b.append("Message-ID: <").append(queueId).append('@').append(reportingHost).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n");
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n");
        b.append("This is a MIME-encapsulated message.\r\n\r\n");
        b.append("--").append(boundary).append("\r\n");
        b.append("Content-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
        b.append("This is the mail system at host ").append(reportingHost).append(".\r\n\r\n");
        b.append("I'm sorry to have to inform you that your message could not\r\n");
        b.append("be delivered to one or more recipients.\r\n\r\n");
        for (Failure f : failures) {
            b.append('<').append(f.recipient()).append(">: ");
            if (f.remoteMta() != null) {
                b.append("host ").append(f.remoteMta()).append(" said: ");
            }
            b.append(f.diagnostic()).append("\r\n");
        }
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n");
        b.append("Reporting-MTA: dns; ").append(reportingHost).append("\r\n");
        b.append("X-Queue-ID: ").append(queueId).append("\r\n");
        b.append("Arrival-Date: ").append(MessageComposer.rfc5322Date(arrival)).append("\r\n");
        for (Failure f : failures) {
            b.append("\r\nFinal-Recipient: rfc822; ").append(f.recipient()).append("\r\n");
            b.append("Action: failed\r\n");
            b.append("Status: ").append(f.status()).append("\r\n");
            if (f.remoteMta() != null) {
                b.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
            }
            b.append("Diagnostic-Code: ").append(f.remoteMta() != null ? "smtp; " : "x-mailtrail; ")
                    .append(f.diagnostic()).append("\r\n");
        }
        b.append("\r\n--").append(boundary).append("\r\n");
        b.append("Content-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n");
        b.append(headersOf(original));
        b.append("\r\n--").append(boundary).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String headersOf(byte[] message) {
        String s = new String(message, StandardCharsets.UTF_8);
        int end = s.indexOf("\r\n\r\n");
        return end < 0 ? s : s.substring(0, end + 2);
    }
}

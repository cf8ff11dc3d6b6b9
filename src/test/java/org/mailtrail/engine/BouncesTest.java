package org.mailtrail.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery status notification (RFC 3464): its protocol fields, per remote and local failure. */
class BouncesTest {
    private static final Instant ARRIVAL = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T11:00:00Z");

    private static String dsn(List<Bounces.Failure> failures, String original) {
        return new String(Bounces.dsn("relay.example.net", "Q7", "alice@example.com", ARRIVAL, NOW, failures,
                original.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void remoteFailureNamesTheRemoteMtaAndAnSmtpDiagnostic() {
        String d = dsn(List.of(new Bounces.Failure("bob@example.org", "5.1.1", "550 5.1.1 <bob@example.org>: "
                + "User unknown", "mx.example.org")), "Subject: hi\r\nFrom: alice@example.com\r\n\r\nbody text\r\n");
        assertTrue(d.startsWith("Date: " + MessageComposer.rfc5322Date(NOW) + "\r\n"), d);
        assertTrue(d.contains("From: MAILER-DAEMON@relay.example.net (Mail Delivery System)\r\n"), d);
        assertTrue(d.contains("To: alice@example.com\r\n"), d);
        assertTrue(d.contains("Message-ID: <Q7@relay.example.net>\r\n"), d);
        assertTrue(d.contains("Auto-Submitted: auto-replied\r\n"), d);
        assertTrue(d.contains("boundary=\"Q7.relay.example.net\"\r\n"), d);
        assertTrue(d.contains("<bob@example.org>: host mx.example.org said: 550 5.1.1"), d);
        assertTrue(d.contains("Reporting-MTA: dns; relay.example.net\r\n"), d);
        assertTrue(d.contains("X-Queue-ID: Q7\r\n"), d);
        assertTrue(d.contains("Arrival-Date: " + MessageComposer.rfc5322Date(ARRIVAL) + "\r\n"), d);
        assertTrue(d.contains("\r\nFinal-Recipient: rfc822; bob@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Remote-MTA: dns; mx.example.org\r\nDiagnostic-Code: smtp; 550 5.1.1"), d);
        // only the original's header section, not its body
        assertTrue(d.contains("text/rfc822-headers\r\n\r\nSubject: hi\r\nFrom: alice@example.com\r\n"
                + "\r\n--Q7.relay.example.net--\r\n"), d);
        assertFalse(d.contains("body text"), d);
        assertTrue(d.endsWith("\r\n--Q7.relay.example.net--\r\n"), d);
    }

    @Test
    void localFailureHasNoRemoteMtaAndAnXMailtrailDiagnostic() {
        String d = dsn(List.of(new Bounces.Failure("carol@example.org", "4.4.7", "delivery time expired", null),
                new Bounces.Failure("dave@example.org", "5.1.2", "no such domain", null)), "Subject: only headers");
        assertTrue(d.contains("<carol@example.org>: delivery time expired\r\n"), d);
        assertTrue(d.contains("<dave@example.org>: no such domain\r\n"), d);
        assertFalse(d.contains("said:"), d);
        assertFalse(d.contains("Remote-MTA"), d);
        assertTrue(d.contains("Status: 4.4.7\r\nDiagnostic-Code: x-mailtrail; delivery time expired\r\n"), d);
        assertTrue(d.contains("Status: 5.1.2\r\nDiagnostic-Code: x-mailtrail; no such domain\r\n"), d);
        // an original without a blank line is all header
        assertTrue(d.contains("text/rfc822-headers\r\n\r\nSubject: only headers\r\n--Q7.relay.example.net--"), d);
    }

    @Test
    void anOriginalWithAnEmptyHeaderSectionGivesNoHeadersButNotItsBody() {
        String d = dsn(List.of(new Bounces.Failure("bob@example.org", "5.0.0", "rejected", null)),
                "\r\n\r\nbody only\r\n");
        assertFalse(d.contains("body only"), d);
        assertTrue(d.contains("text/rfc822-headers\r\n\r\n\r\n\r\n--Q7.relay.example.net--\r\n"), d);
    }
}

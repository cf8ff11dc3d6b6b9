package org.mailtrail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace fields are protocol (RFC 5321 §4.4, RFC 3848): each field is asserted exactly. */
class TraceFieldsTest {
    private static final Instant WHEN = Instant.parse("2026-03-01T10:15:30Z");
    private static final String DATE = MessageComposer.rfc5322Date(WHEN);

    @Test
    void receivedWithClientNameAndOneRecipientHasTheForClause() {
        assertEquals("Received: from client.example (client.example [10.0.0.7])\r\n"
                        + "\tby mx.example.org (Mail Trail) with ESMTPS id Q1\r\n"
                        + "\tfor <bob@example.org>; " + DATE + "\r\n",
                TraceFields.received("client.example", "client.example", "[10.0.0.7]", "mx.example.org",
                        "Mail Trail", "ESMTPS", "Q1", List.of("bob@example.org"), WHEN));
    }

    @Test
    void receivedWithoutClientNameShowsTheLiteralAloneAndNoForClauseForManyOrNoRecipients() {
        String expected = "Received: from unknown ([10.0.0.7])\r\n"
                + "\tby mx.example.org (Mail Trail) with SMTP id Q2; " + DATE + "\r\n";
        assertEquals(expected, TraceFields.received(null, null, "[10.0.0.7]", "mx.example.org", "Mail Trail",
                "SMTP", "Q2", List.of("a@example.org", "b@example.org"), WHEN));
        assertEquals(expected, TraceFields.received("", null, "[10.0.0.7]", "mx.example.org", "Mail Trail",
                "SMTP", "Q2", List.of(), WHEN));
    }

    @Test
    void returnPathAndWithClause() {
        assertEquals("Return-Path: <alice@example.com>\r\n", TraceFields.returnPath("alice@example.com"));
        assertEquals("Return-Path: <>\r\n", TraceFields.returnPath(""));
        assertEquals("ESMTP", TraceFields.with(true, false));
        assertEquals("ESMTPS", TraceFields.with(true, true));
        assertEquals("SMTP", TraceFields.with(false, false));
        assertEquals("SMTPS", TraceFields.with(false, true));
    }

    @Test
    void receivedNameKeepsDomainsAndReplacesOddCharactersAtEachBoundary() {
        assertEquals("unknown", TraceFields.receivedName(null));
        assertEquals("unknown", TraceFields.receivedName(""));
        assertEquals("mail.example.org", TraceFields.receivedName("mail.example.org"));
        // space (0x20) and DEL (0x7f) are replaced, '!' (0x21) and '~' (0x7e) are kept; so are ( ) ; \ replaced
        assertEquals("x?y?z????!~", TraceFields.receivedName("x y(z);\\\u007f!~"));
        assertEquals("a?b", TraceFields.receivedName("a\u00e9b"));
        assertEquals("a?b", TraceFields.receivedName("a\u001fb"));
    }
}

package org.mailtrail.smtp;

import java.util.List;

/**
 * Server settings: identity, greeting, limits (RFC 1870 SIZE, RFC 5321 §4.5.3.1.8) and extensions offered.
 * {@code listSmtpUtf8}: whether EHLO lists SMTPUTF8 (RFC 6531). The simulated servers list it, as the
 * Postfix they are modelled on does (no simulated client sends a non-ASCII address); a real receiver
 * ({@code serve}) must not, since non-ASCII addresses are not supported ({@link Addresses}).
 */
public record ServerConfig(String hostname, String greetingText, long maxMessageSize, int maxRecipients,
                           boolean offerStartTls, boolean tlsActive, boolean enhancedStatusCodes, boolean listSmtpUtf8,
                           List<String> authMechanisms, boolean authRequiresTls) {

    /** The mechanisms the server can check (RFC 4954, RFC 4616). */
    public static final List<String> AUTH_MECHANISMS = List.of("PLAIN", "LOGIN");

    /** Validates the fields; AUTH off. */
    public ServerConfig(String hostname, String greetingText, long maxMessageSize, int maxRecipients,
                        boolean offerStartTls, boolean tlsActive, boolean enhancedStatusCodes, boolean listSmtpUtf8) {
        this(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive, enhancedStatusCodes,
                listSmtpUtf8, List.of(), true);
    }

    /** Validates the fields. {@code authMechanisms}: offered AUTH mechanisms, empty = AUTH off. */
    public ServerConfig {
        authMechanisms = authMechanisms == null ? List.of() : List.copyOf(authMechanisms);
        for (String m : authMechanisms) {
            if (!AUTH_MECHANISMS.contains(m)) {
                throw new IllegalArgumentException("unsupported AUTH mechanism: " + Text.visible(m));
            }
        }
        Text.noCrLf("hostname", hostname);
        Text.noCrLf("greetingText", greetingText);
        if (!Addresses.isValidDomain(hostname)) {
            throw new IllegalArgumentException("hostname must be a domain: " + Text.visible(hostname));
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1 (RFC 5321 §4.5.3.1.8 says >= 100)");
        }
    }

    /** Greeting "hostname ESMTP Mail Trail", 10 MiB, 100 recipients, no STARTTLS, ENHANCEDSTATUSCODES on, no SMTPUTF8. */
    public static ServerConfig defaults(String hostname) {
        return new ServerConfig(hostname, hostname + " ESMTP Mail Trail", 10_485_760L, 100, false, false, true, false);
    }

    /** A copy with TLS on from the start (implicit TLS, RFC 8314) or not. */
    public ServerConfig withTlsActive(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, on,
                enhancedStatusCodes, listSmtpUtf8, authMechanisms, authRequiresTls);
    }

    /** A copy with STARTTLS offered or not. */
    public ServerConfig withStartTls(boolean offer) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offer, tlsActive, enhancedStatusCodes, listSmtpUtf8, authMechanisms, authRequiresTls);
    }

    /** A copy with another size limit. */
    public ServerConfig withMaxMessageSize(long max) {
        return new ServerConfig(hostname, greetingText, max, maxRecipients, offerStartTls, tlsActive, enhancedStatusCodes, listSmtpUtf8, authMechanisms, authRequiresTls);
    }

    /** A copy with another recipient limit. */
    public ServerConfig withMaxRecipients(int max) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, max, offerStartTls, tlsActive, enhancedStatusCodes, listSmtpUtf8, authMechanisms, authRequiresTls);
    }

    /** A copy with enhanced status codes on or off. */
    public ServerConfig withEnhancedStatusCodes(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive, on, listSmtpUtf8, authMechanisms, authRequiresTls);
    }

    /**
     * A copy offering AUTH (RFC 4954) with these mechanisms (empty: off); with {@code requireTls} AUTH is listed and
     * accepted only once TLS is active (538 before, RFC 4954 §4, §6).
     */
    public ServerConfig withAuth(List<String> mechanisms, boolean requireTls) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive,
                enhancedStatusCodes, listSmtpUtf8, mechanisms, requireTls);
    }

    /** A copy that lists SMTPUTF8 in its EHLO reply or not. */
    public ServerConfig withSmtpUtf8Listed(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive,
                enhancedStatusCodes, on, authMechanisms, authRequiresTls);
    }
}

package org.mailtrail.smtp;

/**
 * Server settings: identity, greeting, limits (RFC 1870 SIZE, RFC 5321 §4.5.3.1.8) and extensions offered.
 * {@code listSmtpUtf8}: whether EHLO lists SMTPUTF8 (RFC 6531). The simulated servers list it, as the
 * Postfix they are modelled on does (no simulated client sends a non-ASCII address); a real receiver
 * ({@code serve}) must not, since non-ASCII addresses are not supported ({@link Addresses}).
 */
public record ServerConfig(String hostname, String greetingText, long maxMessageSize, int maxRecipients,
                           boolean offerStartTls, boolean tlsActive, boolean enhancedStatusCodes, boolean listSmtpUtf8) {

    /** Validates the fields. */
    public ServerConfig {
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

    /** A copy with STARTTLS offered or not. */
    public ServerConfig withStartTls(boolean offer) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offer, tlsActive, enhancedStatusCodes, listSmtpUtf8);
    }

    /** A copy with another size limit. */
    public ServerConfig withMaxMessageSize(long max) {
        return new ServerConfig(hostname, greetingText, max, maxRecipients, offerStartTls, tlsActive, enhancedStatusCodes, listSmtpUtf8);
    }

    /** A copy with another recipient limit. */
    public ServerConfig withMaxRecipients(int max) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, max, offerStartTls, tlsActive, enhancedStatusCodes, listSmtpUtf8);
    }

    /** A copy with enhanced status codes on or off. */
    public ServerConfig withEnhancedStatusCodes(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive, on, listSmtpUtf8);
    }

    /** A copy that lists SMTPUTF8 in its EHLO reply or not. */
    public ServerConfig withSmtpUtf8Listed(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive,
                enhancedStatusCodes, on);
    }
}

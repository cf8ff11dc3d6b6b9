package org.mailtrail.smtp;

/** Server settings: identity, greeting, limits (RFC 1870 SIZE, RFC 5321 §4.5.3.1.8) and extensions offered. */
public record ServerConfig(String hostname, String greetingText, long maxMessageSize, int maxRecipients,
                           boolean offerStartTls, boolean tlsActive, boolean enhancedStatusCodes) {

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

    /** Greeting "hostname ESMTP Mail Trail", 10 MiB, 100 recipients, no STARTTLS, ENHANCEDSTATUSCODES on. */
    public static ServerConfig defaults(String hostname) {
        return new ServerConfig(hostname, hostname + " ESMTP Mail Trail", 10_485_760L, 100, false, false, true);
    }

    /** A copy with STARTTLS offered or not. */
    public ServerConfig withStartTls(boolean offer) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offer, tlsActive, enhancedStatusCodes);
    }

    /** A copy with another size limit. */
    public ServerConfig withMaxMessageSize(long max) {
        return new ServerConfig(hostname, greetingText, max, maxRecipients, offerStartTls, tlsActive, enhancedStatusCodes);
    }

    /** A copy with another recipient limit. */
    public ServerConfig withMaxRecipients(int max) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, max, offerStartTls, tlsActive, enhancedStatusCodes);
    }

    /** A copy with enhanced status codes on or off. */
    public ServerConfig withEnhancedStatusCodes(boolean on) {
        return new ServerConfig(hostname, greetingText, maxMessageSize, maxRecipients, offerStartTls, tlsActive, on);
    }
}

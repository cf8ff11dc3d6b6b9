package org.mailtrail.smtp;

/**
 * Client settings: the EHLO name, the STARTTLS policy, whether TLS is already on (implicit TLS, RFC 8314), and
 * the credentials for AUTH (RFC 4954), or null to send none.
 */
public record ClientConfig(String heloName, TlsMode tls, boolean tlsAlreadyActive, Credentials credentials) {

    /** Settings without AUTH. */
    public ClientConfig(String heloName, TlsMode tls, boolean tlsAlreadyActive) {
        this(heloName, tls, tlsAlreadyActive, null);
    }

    /** Validates the EHLO name (domain or address literal, RFC 5321 §4.1.1.1). */
    public ClientConfig {
        Text.noCrLf("heloName", heloName);
        if (!Addresses.isValidDomain(heloName)) {
            throw new IllegalArgumentException("heloName must be a domain or address literal: " + Text.visible(heloName));
        }
        if (tls == null) {
            throw new IllegalArgumentException("tls mode must not be null");
        }
    }
}

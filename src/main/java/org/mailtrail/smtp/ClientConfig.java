package org.mailtrail.smtp;

/**
 * Client settings: the EHLO name, the STARTTLS policy, whether TLS is already on (implicit TLS, RFC 8314), the
 * credentials for AUTH (RFC 4954), or null to send none, and whether to pipeline MAIL, RCPT and DATA when the server
 * offers PIPELINING (RFC 2920).
 */
public record ClientConfig(String heloName, TlsMode tls, boolean tlsAlreadyActive, Credentials credentials,
                           boolean pipelining) {

    /** Settings without AUTH and without pipelining. */
    public ClientConfig(String heloName, TlsMode tls, boolean tlsAlreadyActive) {
        this(heloName, tls, tlsAlreadyActive, null, false);
    }

    /** Settings without pipelining. */
    public ClientConfig(String heloName, TlsMode tls, boolean tlsAlreadyActive, Credentials credentials) {
        this(heloName, tls, tlsAlreadyActive, credentials, false);
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

package org.mailtrail.smtp;

/** Client STARTTLS policy (RFC 3207): never, opportunistic, or mandatory. */
public enum TlsMode {
    /** Never send STARTTLS. */
    OFF,
    /** Use STARTTLS when offered, continue in clear text otherwise (opportunistic). */
    AUTO,
    /** Give up (transient failure) unless the session is protected by TLS. */
    REQUIRE
}

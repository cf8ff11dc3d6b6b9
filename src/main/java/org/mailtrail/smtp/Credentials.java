package org.mailtrail.smtp;

/**
 * A user name and password for SMTP AUTH (RFC 4954) with PLAIN (RFC 4616) or LOGIN. The client sends them only
 * over TLS. {@link #toString()} never shows the password.
 */
public record Credentials(String user, String password) {

    /** Refuses empty user names and NUL characters, which the PLAIN mechanism uses as separators (RFC 4616 §2). */
    public Credentials {
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("AUTH needs a user name");
        }
        if (password == null) {
            throw new IllegalArgumentException("AUTH needs a password");
        }
        if (user.indexOf('\0') >= 0 || password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("AUTH user name and password must not contain NUL (RFC 4616 §2)");
        }
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=****]";
    }
}

package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The AUTH exchange of {@link SmtpServer} (RFC 4954): PLAIN (RFC 4616, with or without an initial response) and
 * LOGIN. The server asks it for each AUTH command and, while {@link #pending()}, for each continuation line; it
 * answers with a {@link Step}: the reply, whether it counts as an error, and the user when authentication succeeded.
 * The credentials are checked by {@link ServerPolicy#onAuth}. No I/O, no state beyond one session.
 */
final class ServerAuth {

    /** What the client's credentials are replaced by wherever a line is shown. */
    static final String HIDDEN = "********";

    /** RFC 4954 §4: "Username:" and "Password:" challenges of LOGIN, base64. */
    static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    /** One answer: the reply, whether it is an error (counted), and the user if authentication just succeeded. */
    record Step(Reply reply, boolean error, String user) {
        static Step error(int code, String text) {
            return new Step(Reply.of(code, text), true, null);
        }

        static Step challenge(String text) {
            return new Step(Reply.of(334, text), false, null);
        }
    }

    private final ServerConfig config;
    private final ServerPolicy policy;
    private String mechanism; // non-null while an exchange waits for a continuation line
    private String loginUser;
    private String user;

    ServerAuth(ServerConfig config, ServerPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    /** True while the next line is an answer to a 334 challenge, not a command (RFC 4954 §4). */
    boolean pending() {
        return mechanism != null;
    }

    /** The authenticated user, or null. */
    String user() {
        return user;
    }

    /** Forgets the authentication (after TLS starts, RFC 3207 §4.2). */
    void reset() {
        mechanism = null;
        loginUser = null;
        user = null;
    }

    /** AUTH {@code mechanism [initial-response]} after the sequence checks (RFC 4954 §4, §6). */
    Step start(String argument, boolean esmtp, boolean inTransaction, boolean tlsActive) {
        if (config.authMechanisms().isEmpty()) {
            return Step.error(503, "5.5.1 Error: authentication not enabled");
        }
        if (!esmtp) {
            return Step.error(503, "5.5.1 Error: send EHLO first");
        }
        if (user != null) {
            return Step.error(503, "5.5.1 Error: already authenticated");
        }
        if (inTransaction) {
            return Step.error(503, "5.5.1 Error: MAIL transaction in progress");
        }
        if (config.authRequiresTls() && !tlsActive) {
            return Step.error(538, "5.7.11 Encryption required for requested authentication mechanism");
        }
        int sp = argument.indexOf(' ');
        String mech = (sp < 0 ? argument : argument.substring(0, sp)).toUpperCase(Locale.ROOT);
        String initial = sp < 0 ? null : argument.substring(sp + 1).trim();
        if (!config.authMechanisms().contains(mech)) {
            return Step.error(504, "5.5.4 Unrecognized authentication type");
        }
        mechanism = mech;
        if (initial == null) {
            return Step.challenge(mech.equals("PLAIN") ? "" : USERNAME_CHALLENGE);
        }
        return answer(initial);
    }

    /** A continuation line while {@link #pending()}: {@code *} cancels (RFC 4954 §4). */
    Step answer(String line) {
        if (line.equals("*")) {
            reset();
            return Step.error(501, "5.7.0 Authentication aborted");
        }
        byte[] decoded;
        try {
            decoded = line.equals("=") ? new byte[0] : Base64.getDecoder().decode(line.trim());
        } catch (IllegalArgumentException e) {
            reset();
            return Step.error(501, "5.5.2 Cannot decode response");
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        if (mechanism.equals("LOGIN")) {
            if (loginUser == null) {
                loginUser = text;
                return Step.challenge(PASSWORD_CHALLENGE);
            }
            return check(loginUser, text);
        }
        // RFC 4616 §2: [authzid] NUL authcid NUL passwd; an authzid other than the user is not allowed here
        String[] parts = text.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty() || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return check(null, null);
        }
        return check(parts[1], parts[2]);
    }

    private Step check(String name, String password) {
        mechanism = null;
        loginUser = null;
        Reply refused = name == null ? Reply.of(535, "5.7.8 Error: authentication failed") : policy.onAuth(name, password);
        if (refused != null) {
            return new Step(refused, true, null);
        }
        user = name;
        return new Step(Reply.of(235, "2.7.0 Authentication successful"), false, name);
    }

    /** The mechanisms as listed in EHLO, or null when AUTH is not to be listed (RFC 4954 §3). */
    static String ehloLine(ServerConfig config, boolean tlsActive) {
        if (config.authMechanisms().isEmpty() || config.authRequiresTls() && !tlsActive) {
            return null;
        }
        return "AUTH " + String.join(" ", config.authMechanisms());
    }
}

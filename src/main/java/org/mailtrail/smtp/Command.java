package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * One SMTP command line: a verb and its argument (RFC 5321 §4.1).
 *
 * <p>Construction refuses CR or LF anywhere (command injection) and lines longer than 512
 * octets including CRLF (RFC 5321 §4.5.3.1.4); AUTH lines may be up to 12288 octets
 * (RFC 4954 §4).
 */
public record Command(String verb, String argument) {

    /** RFC 5321 §4.5.3.1.4, including CRLF. */
    public static final int MAX_LINE_OCTETS = 512;
    /** RFC 4954 §4: AUTH with an initial response may exceed 512 octets. */
    public static final int MAX_AUTH_LINE_OCTETS = 12288;

    /** Verbs the server side understands. */
    public static final Set<String> KNOWN_VERBS = Set.of("EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET",
            "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH");

    /** Upper-cases the verb and validates both parts. */
    public Command {
        Text.noCrLf("command verb", verb);
        argument = argument == null ? "" : Text.noCrLf("command argument", argument);
        if (!isVerb(verb)) {
            throw new IllegalArgumentException("command verb must be letters, digits or '-': " + Text.visible(verb));
        }
        verb = verb.toUpperCase(Locale.ROOT);
        int octets = verb.length() + (argument.isEmpty() ? 0 : 1 + Text.utf8Length(argument)) + 2;
        int max = verb.equals("AUTH") ? MAX_AUTH_LINE_OCTETS : MAX_LINE_OCTETS;
        if (octets > max) {
            throw new IllegalArgumentException("command line of " + octets + " octets exceeds " + max
                    + " octets including CRLF (RFC 5321 §4.5.3.1.4)");
        }
    }

    /** The line without CRLF, e.g. {@code "MAIL FROM:<a@b>"}. */
    public String toLine() {
        return argument.isEmpty() ? verb : verb + " " + argument;
    }

    /** The line plus CRLF, UTF-8 encoded. */
    public byte[] toBytes() {
        return (toLine() + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code EHLO domain} (RFC 5321 §4.1.1.1). */
    public static Command ehlo(String domain) {
        return new Command("EHLO", heloDomain(domain));
    }

    /** {@code HELO domain} (RFC 5321 §4.1.1.1). */
    public static Command helo(String domain) {
        return new Command("HELO", heloDomain(domain));
    }

    /** {@code MAIL FROM:<path> [params]}; {@code ""} gives the null reverse-path {@code <>} (RFC 5321 §4.1.1.2). */
    public static Command mailFrom(String reversePath, String... params) {
        Text.noCrLf("reverse-path", reversePath);
        if (!reversePath.isEmpty()) {
            Addresses.parseMailbox(reversePath);
        }
        StringBuilder arg = new StringBuilder("FROM:<").append(reversePath).append('>');
        for (String p : params) {
            Text.noCrLf("MAIL parameter", p);
            if (p.isEmpty() || p.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("MAIL parameter must be one keyword[=value] token: " + Text.visible(p));
            }
            arg.append(' ').append(p);
        }
        return new Command("MAIL", arg.toString());
    }

    /** {@code RCPT TO:<path>} (RFC 5321 §4.1.1.3). */
    public static Command rcptTo(String forwardPath) {
        Text.noCrLf("forward-path", forwardPath);
        if (!forwardPath.equalsIgnoreCase("postmaster")) {
            Addresses.parseMailbox(forwardPath);
        }
        return new Command("RCPT", "TO:<" + forwardPath + ">");
    }

    /** {@code DATA} (RFC 5321 §4.1.1.4). */
    public static Command data() {
        return new Command("DATA", "");
    }

    /** {@code QUIT} (RFC 5321 §4.1.1.10). */
    public static Command quit() {
        return new Command("QUIT", "");
    }

    /** {@code RSET} (RFC 5321 §4.1.1.5). */
    public static Command rset() {
        return new Command("RSET", "");
    }

    /** {@code NOOP} (RFC 5321 §4.1.1.9). */
    public static Command noop() {
        return new Command("NOOP", "");
    }

    /** {@code STARTTLS} (RFC 3207 §4). */
    public static Command startTls() {
        return new Command("STARTTLS", "");
    }

    /** {@code AUTH mechanism [initial-response]} (RFC 4954 §4); null or empty response is omitted. */
    public static Command auth(String mechanism, String initialResponse) {
        Text.noCrLf("AUTH mechanism", mechanism);
        String arg = initialResponse == null || initialResponse.isEmpty()
                ? mechanism : mechanism + " " + Text.noCrLf("AUTH initial response", initialResponse);
        return new Command("AUTH", arg);
    }

    /** Parses a received command line (without CRLF) for the server side; never throws. */
    public static CommandParse parse(String line) {
        return CommandParser.parse(line);
    }

    private static boolean isVerb(String verb) {
        if (verb.isEmpty()) {
            return false;
        }
        for (int i = 0; i < verb.length(); i++) {
            char c = verb.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String heloDomain(String domain) {
        Text.noCrLf("EHLO/HELO domain", domain);
        if (!Addresses.isValidDomain(domain)) {
            throw new IllegalArgumentException("EHLO/HELO needs a domain or address literal (RFC 5321 §4.1.1.1): "
                    + Text.visible(domain));
        }
        return domain;
    }
}

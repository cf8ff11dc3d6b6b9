package org.mailtrail.smtp;

import java.util.Locale;

/** Server-side parsing of a command line into a {@link CommandParse} (RFC 5321 §4.1, package-private). */
final class CommandParser {
    private CommandParser() {
    }

    static CommandParse parse(String line) {
        if (line == null) {
            return syntax("Error: empty command");
        }
        if (Text.hasCrLf(line)) {
            return syntax("Error: CR or LF inside a command line");
        }
        if (Text.utf8Length(line) + 2 > Command.MAX_LINE_OCTETS
                && !line.regionMatches(true, 0, "AUTH ", 0, 5)) {
            return new CommandParse.Error(Reply.of(500, "5.5.0 Error: line too long"));
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new CommandParse.Error(Reply.of(500, "5.5.2 Error: bad syntax"));
        }
        int sp = trimmed.indexOf(' ');
        String verb = (sp < 0 ? trimmed : trimmed.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : trimmed.substring(sp + 1).strip();
        if (!Command.KNOWN_VERBS.contains(verb)) {
            return new CommandParse.Error(Reply.of(500, "5.5.2 Error: command not recognized"));
        }
        try {
            switch (verb) {
                case "EHLO":
                case "HELO":
                    if (arg.isEmpty() || arg.indexOf(' ') >= 0) {
                        return syntax("Syntax: " + verb + " hostname");
                    }
                    break;
                case "MAIL":
                    PathArgument.parse(arg, "FROM:", true);
                    break;
                case "RCPT":
                    PathArgument.parse(arg, "TO:", false);
                    break;
                case "DATA":
                case "RSET":
                case "QUIT":
                case "STARTTLS":
                    if (!arg.isEmpty()) {
                        return syntax("Syntax: " + verb);
                    }
                    break;
                case "VRFY":
                case "EXPN":
                case "AUTH":
                    if (arg.isEmpty()) {
                        return syntax("Syntax: " + verb + " " + (verb.equals("AUTH") ? "mechanism" : "address"));
                    }
                    break;
                default:
                    break;
            }
            return new CommandParse.Ok(new Command(verb, arg));
        } catch (AddressException e) {
            String which = verb.equals("MAIL") ? "5.1.7 Bad sender address syntax" : "5.1.3 Bad recipient address syntax";
            return new CommandParse.Error(Reply.of(501, which + ": " + e.reason()));
        } catch (IllegalArgumentException e) {
            if (verb.equals("MAIL") || verb.equals("RCPT")) {
                return syntax("Syntax: " + (verb.equals("MAIL") ? "MAIL FROM:<address>" : "RCPT TO:<address>"));
            }
            return syntax("Error: " + e.getMessage());
        }
    }

    private static CommandParse syntax(String text) {
        return new CommandParse.Error(Reply.of(501, "5.5.4 " + text));
    }
}

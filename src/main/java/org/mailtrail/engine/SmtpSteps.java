package org.mailtrail.engine;

import java.util.List;
import java.util.Locale;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;

/**
 * How SMTP commands and replies read on the timeline — summary line, explanation key, RFC section — the same in
 * simulation, in a live client and in the local receiving server.
 */
public final class SmtpSteps {
    /** The detail that marks an event whose lines carry credentials (AUTH); see {@code Redaction}. */
    public static final String SECRET = "secret";

    private SmtpSteps() {
    }

    /**
     * The summary of what a client sent: {@code C: MAIL FROM:<…>}; {@code command} null is the message data block
     * (its wire lines end with ".") or, with {@code authResponse}, an answer to an AUTH challenge.
     */
    public static String commandSummary(Command command, List<String> lines, boolean authResponse) {
        if (authResponse) {
            return "C: " + (lines.isEmpty() ? "" : lines.get(0));
        }
        if (command == null) {
            return "C: <message data, " + Math.max(0, lines.size() - 1) + " lines, ending with \".\">";
        }
        return "C: " + (lines.isEmpty() ? command.toLine() : lines.get(0));
    }

    /** The explanation key of a command: {@code smtp.cmd.mail}, {@code smtp.cmd.data-content}, … */
    public static String commandKey(Command command, boolean authResponse) {
        if (authResponse) {
            return "smtp.cmd.auth-response";
        }
        return command == null ? "smtp.cmd.data-content" : "smtp.cmd." + command.verb().toLowerCase(Locale.ROOT);
    }

    /** The RFC section behind a command. */
    public static String commandRfc(Command command, boolean authResponse) {
        if (authResponse) {
            return rfcFor("AUTH");
        }
        return rfcFor(command == null ? "DATA-CONTENT" : command.verb());
    }

    /** {@code S: 250 2.1.0 Ok}, with the number of further lines of a multi-line reply. */
    public static String replySummary(Reply reply, List<String> raw) {
        String first = raw.isEmpty() ? Integer.toString(reply.code()) : raw.get(0);
        return "S: " + first + (raw.size() > 1 ? " (+" + (raw.size() - 1) + " lines)" : "");
    }

    /** {@code smtp.reply.2xx} … {@code smtp.reply.5xx}. */
    public static String replyKey(Reply reply) {
        return "smtp.reply." + reply.code() / 100 + "xx";
    }

    /** The RFC section behind a verb ({@code DATA-CONTENT} for the data block). */
    public static String rfcFor(String verb) {
        switch (verb) {
            case "EHLO":
            case "HELO":
                return "RFC 5321 §4.1.1.1";
            case "MAIL":
                return "RFC 5321 §4.1.1.2";
            case "RCPT":
                return "RFC 5321 §4.1.1.3";
            case "DATA":
                return "RFC 5321 §4.1.1.4";
            case "DATA-CONTENT":
                return "RFC 5321 §4.5.2";
            case "RSET":
                return "RFC 5321 §4.1.1.5";
            case "QUIT":
                return "RFC 5321 §4.1.1.10";
            case "STARTTLS":
                return "RFC 3207 §4";
            case "AUTH":
                return "RFC 4954 §4";
            default:
                return "RFC 5321 §4.1";
        }
    }
}

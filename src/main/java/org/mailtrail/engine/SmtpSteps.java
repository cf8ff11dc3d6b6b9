package org.mailtrail.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailtrail.smtp.ClientEvent;
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

    /** What stands in for credentials in the lines the simulation and the lab record (as POP3 and IMAP do). */
    public static final String HIDDEN = "********";

    /**
     * The lines of a client command as recorded: the credentials of AUTH ({@code AUTH PLAIN ********}) and of an
     * answer to a 334 challenge ({@code ********}) are hidden before they reach the timeline (RFC 4954).
     */
    public static List<String> shownLines(ClientEvent.Send s) {
        if (!s.secret()) {
            return s.lines();
        }
        List<String> out = new ArrayList<>();
        for (String l : s.lines()) {
            if (s.authResponse()) {
                out.add(HIDDEN);
            } else {
                String[] parts = l.split(" ", 3);
                out.add(parts.length < 3 ? l : parts[0] + " " + parts[1] + " " + HIDDEN);
            }
        }
        return out;
    }

    /**
     * {@code smtp.reply.2xx} … {@code smtp.reply.5xx}; the replies of AUTH (RFC 4954) have keys of their own, and so
     * do refusals whose reason a learner should hear about, not only their class: greylisting (RFC 6647), relaying
     * denied, an unknown user, a full mailbox, a domain with a null MX (RFC 7505).
     */
    public static String replyKey(Reply reply) {
        String reason = reasonKey(reply);
        if (reason != null) {
            return reason;
        }
        String moment = momentKey(reply);
        if (moment != null) {
            return moment;
        }
        switch (reply.code()) {
            case 235:
                return "smtp.reply.auth-ok";
            case 334:
                return "smtp.reply.auth-challenge";
            case 535:
                return "smtp.reply.auth-failed";
            case 538:
                return "smtp.reply.auth-encryption-required";
            default:
                return "smtp.reply." + reply.code() / 100 + "xx";
        }
    }

    /**
     * The key of a refusal that says why, from its enhanced status code (RFC 3463) and, for greylisting and relaying,
     * which have no status of their own, the words servers use for them; null for any other reply.
     */
    static String reasonKey(Reply reply) {
        if (reply.code() < 400) {
            return null;
        }
        String text = String.join(" ", reply.lines()).toLowerCase(Locale.ROOT);
        java.util.Optional<org.mailtrail.smtp.EnhancedStatus> es = reply.enhancedStatus();
        int subject = es.map(org.mailtrail.smtp.EnhancedStatus::subject).orElse(-1);
        int detail = es.map(org.mailtrail.smtp.EnhancedStatus::detail).orElse(-1);
        if (reply.isTransient() && text.contains("greylist")) {
            return "smtp.reply.greylisted";
        }
        if (subject == 7 && detail == 1 && text.contains("relay")) {
            return "smtp.reply.relay-denied";
        }
        if (subject == 1 && detail == 1) {
            return "smtp.reply.unknown-user";
        }
        if (subject == 1 && detail == 10 || reply.code() == 556) {
            return "smtp.reply.null-mx";
        }
        if (subject == 2 && detail == 2) {
            return "smtp.reply.mailbox-full";
        }
        return null;
    }

    /**
     * The key of a positive reply that marks a moment of the session rather than only success: the greeting (a 220
     * that answers no command), the 220 to STARTTLS, the 250 that takes the message ("queued as"), the 221 to QUIT;
     * null for any other reply.
     */
    static String momentKey(Reply reply) {
        switch (reply.code()) {
            case 220:
                return reply.enhancedStatus().isPresent() && lowerText(reply).contains("tls") ? "smtp.reply.tls-ready"
                        : "smtp.reply.greeting";
            case 221:
                return "smtp.reply.closing";
            case 250:
                return lowerText(reply).contains("queued as") ? "smtp.reply.queued" : null;
            default:
                return null;
        }
    }

    /** The reply's lines as one lower-case text, for the words some keys look for (built only when one does). */
    private static String lowerText(Reply reply) {
        return String.join(" ", reply.lines()).toLowerCase(Locale.ROOT);
    }

    /** The RFC section behind a reply: RFC 4954 for the replies of AUTH, else RFC 5321 §4.2. */
    public static String replyRfc(Reply reply) {
        String reason = reasonKey(reply);
        if (reason == null) {
            reason = momentKey(reply);
        }
        if (reason != null) {
            return org.mailtrail.timeline.RfcReferences.of(reason, "RFC 5321 §4.2");
        }
        switch (reply.code()) {
            case 334:
                return "RFC 4954 §4";
            case 235:
            case 535:
            case 538:
                return "RFC 4954 §6";
            default:
                return "RFC 5321 §4.2";
        }
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

package org.mailtrail.smtp;

/** Vocabulary of SMTP reply codes with their RFC meaning, for the explanation pane (RFC 5321 §4.2). */
public final class ReplyCodes {
    private ReplyCodes() {
    }

    /** A short English meaning of a reply code (RFC 5321 §4.2.2, §4.2.3; RFC 4954; RFC 7504). */
    public static String meaning(int code) {
        switch (code) {
            case 211: return "System status, or system help reply";
            case 214: return "Help message";
            case 220: return "Service ready";
            case 221: return "Service closing transmission channel";
            case 235: return "Authentication successful";
            case 250: return "Requested mail action okay, completed";
            case 251: return "User not local; will forward";
            case 252: return "Cannot VRFY user, but will accept message and attempt delivery";
            case 334: return "Authentication challenge (server continues the AUTH exchange)";
            case 354: return "Start mail input; end with <CRLF>.<CRLF>";
            case 421: return "Service not available, closing transmission channel";
            case 450: return "Requested mail action not taken: mailbox unavailable (busy or temporarily blocked)";
            case 451: return "Requested action aborted: local error in processing";
            case 452: return "Requested action not taken: insufficient system storage (or too many recipients)";
            case 454: return "Temporary authentication failure, or TLS not available";
            case 455: return "Server unable to accommodate parameters";
            case 500: return "Syntax error, command unrecognized (or line too long)";
            case 501: return "Syntax error in parameters or arguments";
            case 502: return "Command not implemented";
            case 503: return "Bad sequence of commands";
            case 504: return "Command parameter not implemented";
            case 521: return "Host does not accept mail";
            case 530: return "Authentication required";
            case 535: return "Authentication credentials invalid";
            case 550: return "Requested action not taken: mailbox unavailable (not found, no access, or policy)";
            case 551: return "User not local; please try the forward-path";
            case 552: return "Requested mail action aborted: exceeded storage allocation";
            case 553: return "Requested action not taken: mailbox name not allowed";
            case 554: return "Transaction failed (at connect: no SMTP service here)";
            case 555: return "MAIL FROM/RCPT TO parameters not recognized or not implemented";
            case 556: return "Domain does not accept mail";
            default: return classMeaning(code);
        }
    }

    /** The meaning of the first digit (RFC 5321 §4.2.1). */
    public static String classMeaning(int code) {
        switch (code / 100) {
            case 2: return "Positive completion: the action succeeded";
            case 3: return "Positive intermediate: send more information";
            case 4: return "Transient negative completion: try again later";
            case 5: return "Permanent negative completion: do not repeat as is";
            default: return "Not a valid SMTP reply class";
        }
    }

    /** The meaning of the second digit (RFC 5321 §4.2.1). */
    public static String categoryMeaning(int code) {
        switch ((code / 10) % 10) {
            case 0: return "Syntax";
            case 1: return "Information";
            case 2: return "Connections";
            case 3: return "Unspecified";
            case 4: return "Unspecified";
            case 5: return "Mail system";
            default: return "Unspecified";
        }
    }

    /** Where the code is defined, e.g. {@code "RFC 5321 §4.2.3"}. */
    public static String rfcSection(int code) {
        switch (code) {
            case 235: case 334: case 530: case 535: return "RFC 4954 §6";
            case 454: return "RFC 3207 §4, RFC 4954 §6";
            case 521: case 556: return "RFC 7504 §3";
            case 211: case 214: case 220: case 221: case 250: case 251: case 252: case 354:
            case 421: case 450: case 451: case 452: case 455:
            case 500: case 501: case 502: case 503: case 504:
            case 550: case 551: case 552: case 553: case 554: case 555:
                return "RFC 5321 §4.2.3";
            default: return "RFC 5321 §4.2.1";
        }
    }
}

package org.mailtrail.live;

import org.mailtrail.export.Redaction;
import org.mailtrail.smtp.Command;

/**
 * Keeps credentials out of the receiver's transcript (RFC 4954 §4). This server offers no AUTH, but a client may
 * still send one with an initial response, and a client that goes on although it was refused sends its user name
 * and password next, as lines that look like unknown commands: those are answered, but never kept.
 */
final class AuthRedaction {
    private boolean afterAuth;

    /**
     * Looks at the next command line ({@code cmd} null when it did not parse); true if it must not be kept: it
     * follows an AUTH and is no known command, so it may be a credential.
     */
    boolean hides(Command cmd) {
        boolean known = cmd != null && Command.KNOWN_VERBS.contains(cmd.verb());
        if (afterAuth && !known) {
            return true; // still after AUTH: the next line may be the password
        }
        afterAuth = cmd != null && cmd.verb().equals("AUTH");
        return false;
    }

    /** The line as kept: an AUTH keeps its mechanism and loses its initial response; any other line as it is. */
    static String shown(Command cmd, String printableLine) {
        if (cmd != null && cmd.verb().equals("AUTH")) {
            int sp = cmd.argument().indexOf(' ');
            if (sp > 0) {
                return "AUTH " + LiveConnection.printable(cmd.argument().substring(0, sp)) + " " + Redaction.MASK;
            }
        }
        return printableLine;
    }
}

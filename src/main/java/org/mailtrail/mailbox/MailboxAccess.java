package org.mailtrail.mailbox;

/** How a POP3 or IMAP server checks a login (RFC 1939 §7 USER/PASS, RFC 3501 §6.2.3 LOGIN). */
public interface MailboxAccess {

    /** The user's maildrop if the password is right, otherwise null. */
    Maildrop login(String user, String password);
}

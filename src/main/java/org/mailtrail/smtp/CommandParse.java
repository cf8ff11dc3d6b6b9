package org.mailtrail.smtp;

/** Result of {@link Command#parse}: the command, or the error reply the server should send. */
public sealed interface CommandParse permits CommandParse.Ok, CommandParse.Error {

    /** A syntactically valid command. */
    record Ok(Command command) implements CommandParse {
    }

    /** An invalid line and the reply to send (500 5.5.2 unknown, 501 5.5.4 syntax, 500 5.5.0 too long). */
    record Error(Reply reply) implements CommandParse {
    }
}

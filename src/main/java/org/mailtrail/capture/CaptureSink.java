package org.mailtrail.capture;

import java.util.List;
import org.mailtrail.engine.ConnectionSteps;

/** What a connection's decoder reports beyond its own steps: messages, notes, gaps and encrypted parts. */
interface CaptureSink {
    /** A message the client sent in DATA (its content as the server stored it). */
    void message(String from, List<String> recipients, String server, byte[] content);

    /** A client line that is no command of the protocol, kept as a note. */
    void unknownLine(ConnectionSteps steps, String line, long t);

    /** From here on the connection is encrypted; the index of the step that says so. */
    int encryptedFromHere(ConnectionSteps steps, long t, boolean implicit);

    /** Adds the encrypted byte counts to the step that said "encrypted from here". */
    void encryptedCount(int event, long fromClient, long fromServer);

    /** Bytes of one direction that the capture does not hold. */
    void gap(ConnectionSteps steps, boolean fromClient, long missing, long t);

    /** True when the bytes after STARTTLS are the decrypted text (a transcript), to be decoded on. */
    default boolean seesInsideTls() {
        return false;
    }

    /**
     * What became of a recipient, as the dialogue shows it: accepted with the message ({@code DELIVERED}, handed over
     * to {@code server}), or refused for now or for good. The last word for a recipient counts.
     */
    void outcome(org.mailtrail.engine.RecipientOutcome outcome);

    /**
     * The server accepted a transaction's sender ({@code recipient} null) or a recipient of it: what names the session
     * when no message of it was seen (a session cut before DATA).
     */
    void envelope(String sender, String recipient);

    /** A note on a connection. */
    void note(ConnectionSteps steps, String key, String text, long t);
}

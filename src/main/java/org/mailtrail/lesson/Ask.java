package org.mailtrail.lesson;

import java.util.Locale;

/** What a prediction asks for (docs/lessons.md). The right answer always comes from the timeline itself. */
public enum Ask {
    /** The command the client sends next ({@code RCPT TO}). */
    NEXT_COMMAND,
    /** The reply code the server gives next ({@code 550}, with its enhanced code {@code 5.1.1} when there is one). */
    REPLY_CODE,
    /** The host connected to next (MX order, fallback, smart host). */
    NEXT_HOST,
    /** The host that has taken responsibility for the message at this point. */
    MESSAGE_AT,
    /** How many Received: lines the recipient's copy carries. */
    RECEIVED_COUNT;

    /** The name in a lesson file: {@code next-command}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a name of a lesson file, or null. */
    public static Ask parse(String s) {
        for (Ask a : values()) {
            if (a.key().equals(s)) {
                return a;
            }
        }
        return null;
    }
}

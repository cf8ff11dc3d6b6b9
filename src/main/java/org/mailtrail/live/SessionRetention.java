package org.mailtrail.live;

import java.time.Duration;
import java.util.Locale;

/**
 * How many session transcripts ({@code sessions/*.json}, with the daily logs of their text) a receiver keeps, so that a long-running server does not
 * fill the disk: the last {@code count}, or those younger than {@code maxAge}; messages in the Maildir are never
 * deleted.
 *
 * @param count  transcripts kept (the newest); 0: no limit by number
 * @param maxAge transcripts older than this are deleted; null: no limit by age
 */
public record SessionRetention(int count, Duration maxAge) {
    /** Keeps everything. */
    public static final SessionRetention ALL = new SessionRetention(0, null);

    /** Checks the values. */
    public SessionRetention {
        if (count < 0) {
            throw new IllegalArgumentException("transcripts to keep must be 0 (all) or more, not " + count);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("the age of transcripts to keep must be more than 0, not " + maxAge);
        }
    }

    /** True when nothing is ever deleted. */
    public boolean keepsAll() {
        return count == 0 && maxAge == null;
    }

    /** {@code N} (the last N transcripts) or {@code Nd} (those younger than N days); N at least 1. */
    public static SessionRetention parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean days = t.endsWith("d");
        String n = days ? t.substring(0, t.length() - 1) : t;
        long v;
        try {
            v = Long.parseLong(n);
        } catch (NumberFormatException e) {
            if (n.matches("\\d+")) { // digits only, more than a long holds
                throw new IllegalArgumentException("must be at most " + (days ? "36500 days" : Integer.MAX_VALUE
                        + " transcripts") + ", not " + n);
            }
            throw new IllegalArgumentException("give a number of transcripts (e.g. 1000) or of days (e.g. 30d), not '"
                    + ReceiverConfig.printable(String.valueOf(text)) + "'");
        }
        if (v < 1 || v > (days ? 36_500 : Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("must be at least 1 and at most " + (days ? "36500 days"
                    : Integer.MAX_VALUE + " transcripts") + ", not " + v);
        }
        return days ? new SessionRetention(0, Duration.ofDays(v)) : new SessionRetention((int) v, null);
    }

    @Override
    public String toString() {
        return keepsAll() ? "all" : count > 0 ? String.valueOf(count) : maxAge.toDays() + "d";
    }
}

package org.mailtrail.live;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session ids of one {@link SmtpReceiver}: {@code yyyyMMddTHHmmssZ-<random>-<n>}, unique per receiver and, through the
 * random part chosen at start, across restarts on the same store. They name the transcript files and the queue ids.
 * Safe for concurrent use; the time part is formatted once a second, not once per connection.
 */
final class SessionIds {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String instanceTag = String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    private final AtomicLong counter = new AtomicLong();
    private volatile IdClock idClock;

    private record IdClock(long second, String text) {
    }

    /** The next id. */
    String next() {
        long n = counter.incrementAndGet();
        long second = Instant.now().getEpochSecond();
        IdClock c = idClock;
        if (c == null || c.second != second) { // the time part changes once a second: formatted once a second
            c = new IdClock(second, ID_TIME.format(Instant.ofEpochSecond(second)));
            idClock = c;
        }
        String number = Long.toString(n);
        StringBuilder b = new StringBuilder(c.text.length() + instanceTag.length() + 10).append(c.text).append('-')
                .append(instanceTag).append('-');
        for (int i = number.length(); i < 6; i++) {
            b.append('0');
        }
        return b.append(number).toString();
    }
}

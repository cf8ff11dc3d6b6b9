package org.mailtrail.lab;

/**
 * The lab's clock of decisions: real time since the lab started, multiplied by the time scale, so that the world's
 * waits (a retry 30 minutes later, a greylisting delay) pass in seconds ({@code --time-scale 60}: a minute a second).
 */
final class LabClock {
    private final long startNanos = System.nanoTime();
    private final double scale;

    LabClock(double scale) {
        if (!(scale >= 1) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("the time scale must be a number of at least 1, not " + scale);
        }
        this.scale = scale;
    }

    /** Lab microseconds since the start (scaled). */
    long now() {
        return (long) ((System.nanoTime() - startNanos) / 1000 * scale);
    }

    /** Real nanoseconds until lab time {@code atMicros}, 0 if it has passed. */
    long realNanosUntil(long atMicros) {
        long d = atMicros - now();
        return d <= 0 ? 0 : (long) (d * 1000 / scale);
    }

    double scale() {
        return scale;
    }
}

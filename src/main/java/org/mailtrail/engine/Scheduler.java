package org.mailtrail.engine;

/**
 * When the mail hosts' next pieces of work run: a discrete-event queue over the virtual clock in the simulation, a
 * scheduled executor over the (scaled) real clock in the lab.
 */
public interface Scheduler {
    /** Runs {@code task} at {@code atMicros} on the {@link MailNetwork#now()} clock (at once if that has passed). */
    void schedule(long atMicros, Runnable task);
}

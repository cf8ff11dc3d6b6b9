package org.mailtrail.live;

/**
 * Where a live session waits for the user before it puts the next thing on the wire. The command line never
 * waits ({@link #NONE}); the GUI's Step button opens the gate once, Run opens it for good.
 */
@FunctionalInterface
public interface StepGate {
    /** A gate that never waits. */
    StepGate NONE = next -> { };

    /**
     * Blocks until the user lets {@code next} go ahead (e.g. {@code "C: MAIL FROM:<alice@example.org>"}).
     *
     * @throws InterruptedException when the session is cancelled while waiting
     */
    void await(String next) throws InterruptedException;
}

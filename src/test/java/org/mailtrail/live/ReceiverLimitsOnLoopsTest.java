package org.mailtrail.live;

/**
 * Every test of {@link ReceiverLimitsTest} again with the sessions served on event loops ({@link EventLoop}), as
 * {@code serve} does when it stores nothing; clients that do not read move sessions from the loop to a thread.
 */
class ReceiverLimitsOnLoopsTest extends ReceiverLimitsTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

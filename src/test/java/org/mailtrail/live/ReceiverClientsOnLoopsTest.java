package org.mailtrail.live;

/**
 * Every test of {@link ReceiverClientsTest} again with the sessions served on event loops ({@link EventLoop}), as {@code serve}
 * does when it stores nothing; TLS and clients that do not read move sessions from the loop to a thread.
 */
class ReceiverClientsOnLoopsTest extends ReceiverClientsTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

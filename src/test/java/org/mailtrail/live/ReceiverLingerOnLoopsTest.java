package org.mailtrail.live;

/** {@link ReceiverLingerTest} with the sessions on event loops. */
class ReceiverLingerOnLoopsTest extends ReceiverLingerTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

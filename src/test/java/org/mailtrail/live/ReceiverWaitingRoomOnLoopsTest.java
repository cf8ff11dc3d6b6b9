package org.mailtrail.live;

/** {@link ReceiverWaitingRoomTest} with the sessions on event loops. */
class ReceiverWaitingRoomOnLoopsTest extends ReceiverWaitingRoomTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

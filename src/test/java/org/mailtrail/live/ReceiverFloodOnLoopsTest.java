package org.mailtrail.live;

/** {@link ReceiverFloodTest} with the event loops accepting. */
class ReceiverFloodOnLoopsTest extends ReceiverFloodTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

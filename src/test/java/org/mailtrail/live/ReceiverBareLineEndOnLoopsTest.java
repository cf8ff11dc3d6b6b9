package org.mailtrail.live;

/** Every test of {@link ReceiverBareLineEndTest} again with the sessions served on event loops ({@link EventLoop}). */
class ReceiverBareLineEndOnLoopsTest extends ReceiverBareLineEndTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

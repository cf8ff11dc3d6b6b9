package org.mailtrail.live;

/** {@link ReceiverGuardsTest} with plain-text sessions on event loops. */
class ReceiverGuardsOnLoopsTest extends ReceiverGuardsTest {
    @Override
    boolean eventLoops() {
        return true;
    }
}

package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegment;

/** The rows of the ladder diagram: a header band per part of the journey, and two ladders aligned part by part. */
class LadderRowsTest {
    private static PhaseSegment seg(Phase p, int ordinal, int first, int last) {
        return new PhaseSegment(p, ordinal, 1, first, last, "SMTP", 25, "a", "b");
    }

    private static final List<PhaseSegment> DIRECT = List.of(seg(Phase.SUBMISSION, 1, 0, 9),
            seg(Phase.TRANSFER, 1, 10, 29), seg(Phase.DELIVERY, 1, 30, 30));
    private static final List<PhaseSegment> RELAY = List.of(seg(Phase.SUBMISSION, 1, 0, 9),
            seg(Phase.RELAY, 1, 10, 24), seg(Phase.TRANSFER, 1, 25, 36), seg(Phase.DELIVERY, 1, 37, 37));

    @Test
    void eachSegmentStartsWithAHeaderRow() {
        LadderRows rows = LadderRows.of(DIRECT, 31);
        assertThat(rows.size()).isEqualTo(31 + 3);
        assertThat(rows.get(0).kind()).isEqualTo(LadderRows.Kind.HEADER);
        assertThat(rows.get(0).segment()).isEqualTo(DIRECT.get(0));
        assertThat(rows.rowOf(0)).isEqualTo(1);
        assertThat(rows.rowOf(9)).isEqualTo(10);
        assertThat(rows.get(11).kind()).isEqualTo(LadderRows.Kind.HEADER);
        assertThat(rows.get(11).segment().phase()).isEqualTo(Phase.TRANSFER);
        assertThat(rows.rowOf(10)).isEqualTo(12);
        assertThat(rows.rowOf(30)).isEqualTo(33);
        assertThat(rows.rowOf(31)).isEqualTo(-1);
        for (int i = 0; i < 31; i++) {
            assertThat(rows.get(rows.rowOf(i)).event()).isEqualTo(i);
        }
    }

    @Test
    void twoLaddersAlignedShowEachPartAtTheSameRow() {
        List<LadderRows.Slot> slots = LadderRows.align(DIRECT, RELAY);
        assertThat(slots).extracting(LadderRows.Slot::key)
                .containsExactly("submission#1", "relay#1", "transfer#1", "delivery#1");
        assertThat(slots).extracting(LadderRows.Slot::rows).containsExactly(11, 16, 21, 2);
        LadderRows direct = LadderRows.of(DIRECT, 31, slots);
        LadderRows relay = LadderRows.of(RELAY, 38, slots);
        assertThat(direct.size()).isEqualTo(relay.size()).isEqualTo(11 + 16 + 21 + 2);
        // the transfer's header at the same row in both, the direct ladder padded where it has no relay
        assertThat(direct.get(27).kind()).isEqualTo(LadderRows.Kind.HEADER);
        assertThat(relay.get(27).kind()).isEqualTo(LadderRows.Kind.HEADER);
        assertThat(direct.get(27).segment().phase()).isEqualTo(Phase.TRANSFER);
        assertThat(relay.get(27).segment().phase()).isEqualTo(Phase.TRANSFER);
        assertThat(direct.get(11).kind()).isEqualTo(LadderRows.Kind.PAD);
        assertThat(direct.get(11).segment()).isNull();
        assertThat(direct.rowOf(10)).isEqualTo(relay.rowOf(25)).isEqualTo(28);
        // the relayed transfer is shorter: padded after its steps
        assertThat(relay.get(28 + 12).kind()).isEqualTo(LadderRows.Kind.PAD);
        assertThat(relay.get(28 + 12).segment().phase()).isEqualTo(Phase.TRANSFER);
        for (int i = 0; i < 38; i++) {
            assertThat(relay.get(relay.rowOf(i)).event()).isEqualTo(i);
        }
    }

    @Test
    void aSegmentTheAlignmentDoesNotNameStillGetsItsRows() {
        List<LadderRows.Slot> slots = List.of(new LadderRows.Slot("submission#1", 12));
        LadderRows rows = LadderRows.of(DIRECT, 31, slots);
        assertThat(rows.size()).isEqualTo(12 + 21 + 2);
        assertThat(rows.rowOf(10)).isEqualTo(13);
        assertThat(rows.get(11).kind()).isEqualTo(LadderRows.Kind.PAD);
    }

    @Test
    void theMatchingStepIsTheSameOffsetIntoTheSamePart() {
        // submission beside submission, step by step
        assertThat(LadderRows.matchingStep(DIRECT, 3, RELAY)).isEqualTo(3);
        // the transfer's 5th step in the direct route is the relay route's transfer's 5th
        assertThat(LadderRows.matchingStep(DIRECT, 14, RELAY)).isEqualTo(29);
        assertThat(LadderRows.matchingStep(RELAY, 29, DIRECT)).isEqualTo(14);
        // clamped to the end of the shorter part
        assertThat(LadderRows.matchingStep(DIRECT, 29, RELAY)).isEqualTo(36);
        // the relay leg has no counterpart: the direct ladder waits at the end of its submission
        assertThat(LadderRows.matchingStep(RELAY, 15, DIRECT)).isEqualTo(9);
        assertThat(LadderRows.matchingStep(DIRECT, 30, RELAY)).isEqualTo(37);
        assertThat(LadderRows.matchingStep(DIRECT, 3, List.of())).isEqualTo(-1);
    }
}
